/**
 * Trains the book's simplified WaveNet (`simpleWaveNet`: causal Conv1D with dilations 1, 2, 4, 8
 * twice, 20 filters, then a 1x1 convolution) on Géron's synthetic series (`generateTimeSeries`,
 * 50 steps) to forecast the next value at every step, sequence to sequence, and compares the MSE of
 * the last step's forecast on held-out series with the naive forecast (the last value), on the
 * backend given (`--cpu` or wasm, the default). Prints one table row per backend.
 *
 *   pnpm --filter @seq/wavenet bench:train [-- --cpu] [-- --epochs=N]
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { generateTimeSeries } from '@seq/data';
import { simpleWaveNet } from '../src/index.js';

tf.env().set('PROD', true);
const backend = process.argv.includes('--cpu') ? 'cpu' : 'wasm';
await tf.setBackend(backend);
const epochsArg = process.argv.find((a) => a.startsWith('--epochs='));
const epochs = epochsArg ? Number(epochsArg.slice('--epochs='.length)) : 20;

const steps = 50;
const series = generateTimeSeries(10000, steps + 1, { seed: 42 }); // [10000, 51, 1]
// Sequence to sequence: the input is steps 0..49, the target at step t is step t + 1.
const x = series.slice([0, 0, 0], [10000, steps, 1]); // [10000, 50, 1]
const y = series.slice([0, 1, 0], [10000, steps, 1]); // [10000, 50, 1]
const [xTrain, xValid] = [
  x.slice([0, 0, 0], [7000, -1, -1]),
  x.slice([7000, 0, 0], [3000, -1, -1]),
];
const [yTrain, yValid] = [
  y.slice([0, 0, 0], [7000, -1, -1]),
  y.slice([7000, 0, 0], [3000, -1, -1]),
];

const lastStep = (t: tf.Tensor) => t.slice([0, steps - 1, 0], [-1, 1, 1]); // [N, 1, 1]
const mse = (a: tf.Tensor, b: tf.Tensor) =>
  tf.tidy(() => tf.mean(tf.square(tf.sub(a, b))).dataSync()[0] as number);
const naive = mse(lastStep(xValid), lastStep(yValid));

const model = simpleWaveNet({ seed: 1 });
model.compile({ optimizer: tf.train.adam(0.001), loss: 'meanSquaredError' });
const start = performance.now();
await model.fit(xTrain, yTrain, { epochs, batchSize: 32, verbose: 0, shuffle: true });
const seconds = (performance.now() - start) / 1000;
const predicted = model.predict(xValid) as tf.Tensor;
const wavenetMse = mse(lastStep(predicted), lastStep(yValid));
console.log(
  `| ${backend} | ${epochs} | ${seconds.toFixed(0)} s (${(seconds / epochs).toFixed(1)} s/epoch) | ${wavenetMse.toFixed(4)} | ${naive.toFixed(4)} | ${wavenetMse < naive ? 'yes' : 'NO'} |`,
);
