/**
 * A training run for the crash-safety test: trains a small model with a checkpoint after every
 * epoch into the directory given, resuming from its latest checkpoint when there is one, and prints
 * one line per saved epoch. The test kills it at random moments.
 *
 *   node --import tsx --conditions=@seq/source test/train-with-checkpoints.ts <directory> <epochs>
 */
import * as tf from '@tensorflow/tfjs';
import { loadCheckpoint, modelCheckpoint, readCheckpoints } from '../src/node/index.js';

const [directory, epochsText] = process.argv.slice(2) as [string, string];
const epochs = Number(epochsText);
const x = tf.randomNormal([256, 8], 0, 1, 'float32', 1);
const y = tf.sum(x, 1, true);
let model: tf.LayersModel;
let initialEpoch = 0;
if ((await readCheckpoints(directory))?.latest) {
  const checkpoint = await loadCheckpoint(directory);
  model = checkpoint.model;
  initialEpoch = checkpoint.epoch + 1;
} else {
  model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 64, inputShape: [8], activation: 'relu' }),
      tf.layers.dense({ units: 1 }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
}
console.log(`start ${initialEpoch}`);
await model.fit(x, y, {
  initialEpoch,
  epochs,
  batchSize: 64,
  verbose: 0,
  callbacks: [
    modelCheckpoint({ directory, keepLast: 2, saveBest: true, monitor: 'loss' }),
    new tf.CustomCallback({ onEpochEnd: async (epoch) => void console.log(`saved ${epoch}`) }),
  ],
});
console.log('done');
