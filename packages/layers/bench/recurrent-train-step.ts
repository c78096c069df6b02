/**
 * Benchmark: one training step (forward, backward, Adam update) of seq's recurrent layers against
 * tfjs' own layers with the same architecture, on the cpu and wasm backends, in the same run.
 *
 *   pnpm --filter @seq/layers bench:rnn            # both cases, both backends
 *   pnpm --filter @seq/layers bench:rnn -- --quick # fewer repetitions
 *   pnpm --filter @seq/layers bench:rnn -- --wasm  # the wasm backend only
 *
 * Cases (chapters 15-16 of Hands-On Machine Learning):
 * - forecasting: LSTM(20) x2 + Dense(1), batch 32 x 50 steps x 1 feature;
 * - char-RNN: GRU(128) x2 + Dense(39, softmax) per step, batch 32 x 100 steps, one-hot over 39 symbols.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { gru, lstm } from '../src/index.js';

const quick = process.argv.includes('--quick');
tf.env().set('PROD', true);

interface Case {
  name: string;
  build: (impl: 'seq' | 'tfjs') => tf.LayersModel;
  data: () => { x: tf.Tensor; y: tf.Tensor };
  loss: string;
  repeats: Record<string, number>;
  skip?: boolean;
}

const seed = (s: number) => ({ kernelInitializer: tf.initializers.glorotUniform({ seed: s }) });

const cases: Case[] = [
  {
    name: 'LSTM(20) x2, batch 32 x 50 x 1',
    build: (impl) => {
      const first =
        impl === 'seq'
          ? lstm({ units: 20, returnSequences: true, inputShape: [50, 1], ...seed(1) })
          : tf.layers.lstm({
              units: 20,
              returnSequences: true,
              inputShape: [50, 1],
              recurrentActivation: 'sigmoid',
              ...seed(1),
            });
      const second =
        impl === 'seq'
          ? lstm({ units: 20, ...seed(2) })
          : tf.layers.lstm({ units: 20, recurrentActivation: 'sigmoid', ...seed(2) });
      return tf.sequential({ layers: [first, second, tf.layers.dense({ units: 1, ...seed(3) })] });
    },
    data: () => ({
      x: tf.randomNormal([32, 50, 1], 0, 1, 'float32', 1),
      y: tf.randomNormal([32, 1], 0, 1, 'float32', 2),
    }),
    loss: 'meanSquaredError',
    repeats: { cpu: quick ? 3 : 10, wasm: quick ? 5 : 20 },
  },
  {
    name: 'GRU(128) x2, batch 32 x 100, 39 symbols',
    build: (impl) => {
      // tfjs' GRU has no resetAfter: compare like with like (resetAfter: false) on the seq side.
      const first =
        impl === 'seq'
          ? gru({
              units: 128,
              resetAfter: false,
              returnSequences: true,
              inputShape: [100, 39],
              ...seed(1),
            })
          : tf.layers.gru({
              units: 128,
              returnSequences: true,
              inputShape: [100, 39],
              recurrentActivation: 'sigmoid',
              ...seed(1),
            });
      const second =
        impl === 'seq'
          ? gru({ units: 128, resetAfter: false, returnSequences: true, ...seed(2) })
          : tf.layers.gru({
              units: 128,
              returnSequences: true,
              recurrentActivation: 'sigmoid',
              ...seed(2),
            });
      return tf.sequential({
        layers: [first, second, tf.layers.dense({ units: 39, activation: 'softmax', ...seed(3) })],
      });
    },
    data: () => {
      const ids = tf.randomUniform([32, 100], 0, 39, 'int32', 3);
      const next = tf.randomUniform([32, 100], 0, 39, 'int32', 4);
      const out = { x: tf.oneHot(ids, 39).toFloat(), y: tf.oneHot(next, 39).toFloat() };
      tf.dispose([ids, next]);
      return out;
    },
    loss: 'categoricalCrossentropy',
    repeats: { cpu: quick ? 1 : 2, wasm: quick ? 2 : 5 },
    skip: process.argv.includes('--lstm-only'),
  },
];

async function timeStep(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  repeats: number,
): Promise<number> {
  await model.trainOnBatch(x, y); // warm-up: kernels, optimizer state
  const started = performance.now();
  for (let i = 0; i < repeats; i++) await model.trainOnBatch(x, y);
  return (performance.now() - started) / repeats;
}

const rows: string[] = [];
for (const backend of process.argv.includes('--wasm') ? ['wasm'] : ['cpu', 'wasm']) {
  await tf.setBackend(backend);
  for (const c of cases) {
    if (c.skip) continue;
    const { x, y } = c.data();
    const ms: Record<string, number> = {};
    for (const impl of ['tfjs', 'seq'] as const) {
      const model = c.build(impl);
      const optimizer = tf.train.adam(1e-3);
      model.compile({ optimizer, loss: c.loss });
      ms[impl] = await timeStep(model, x, y, c.repeats[backend] ?? 1);
      model.dispose();
      optimizer.dispose();
    }
    const ratio = (ms.tfjs as number) / (ms.seq as number);
    const row = `| ${c.name} | ${backend} | ${(ms.tfjs as number).toFixed(0)} ms | ${(ms.seq as number).toFixed(0)} ms | ${ratio.toFixed(2)}x |`;
    console.log(row);
    rows.push(row);
    tf.dispose([x, y]);
  }
}
console.log(
  `\n| training step | backend | tf.layers | @seq/layers | speed-up |\n| --- | --- | --- | --- | --- |\n${rows.join('\n')}`,
);
console.log(`node ${process.version}, tfjs ${tf.version.tfjs}`);
