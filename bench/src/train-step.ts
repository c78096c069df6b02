/**
 * Benchmark 1, training steps: one step (forward, backward, Adam update; `trainOnBatch`) of four
 * workloads from chapters 15-16, seq's layers against their `tf.layers` equivalents, on the cpu and
 * wasm backends, same run, same weights and data:
 * - LSTM(20) x2 + Dense(1) forecaster, batch 32 x 50 steps x 1 feature;
 * - char-RNN: Embedding(39, 16) + GRU(128) x2 + Dense(39) per step, batch 32 x 100 (tfjs' GRU has
 *   no `resetAfter`, so seq's runs with `resetAfter: false` to compute the same thing);
 * - Géron's WaveNet: causal Conv1D, dilations 1, 2, 4, 8 twice, 20 filters, then a 1x1 Conv1D,
 *   batch 32 x 50 x 1 (seq only: tfjs' conv1d has no causal padding and cannot train dilations);
 * - one Transformer encoder block (batch 32, length 64, width 128, 4 heads, feed-forward 512):
 *   tfjs has no attention layer, so the comparison is seq's block on tfjs' wasm matrix product
 *   against the same block on seq's fast path (on cpu there is one variant).
 *
 *   pnpm bench train-step [--quick] [--backends=wasm] [--only=LSTM]
 */
import '@tensorflow/tfjs-backend-wasm';
import { gru, lstm } from '@seq/layers';
import { TransformerEncoder } from '@seq/transformer';
import { simpleWaveNet } from '@seq/wavenet';
import * as tf from '@tensorflow/tfjs';
import { measure } from './measure.js';
import { type BenchOptions, parseOptions, repeatsFor } from './options.js';
import { BenchReport } from './report.js';
import { restoreWasmMatMul, useWasmMatMul } from './wasm-mat-mul-kernel.js';

type Variant = 'tf.layers' | 'seq';

interface Workload {
  name: string;
  /** Milliseconds per step in a mainstream CPU framework on this kind of machine (issue #10). */
  mainstreamMs: number;
  /** A compiled model for the variant; `null` when tfjs has no equivalent. */
  build: (variant: Variant, smoke: boolean) => tf.LayersModel | null;
  data: (smoke: boolean) => { x: tf.Tensor; y: tf.Tensor };
  /** Full-mode repeats per backend. */
  repeats: { cpu: number; wasm: number };
}

const glorot = (seed: number) => tf.initializers.glorotUniform({ seed });
const batch = (smoke: boolean) => (smoke ? 2 : 32);

const workloads: Workload[] = [
  {
    name: 'LSTM(20) x2 forecaster, 32 x 50 x 1',
    mainstreamMs: 30,
    build: (variant, smoke) => {
      const steps = smoke ? 5 : 50;
      const recurrent = (units: number, seed: number, first: boolean) => {
        const config = {
          units,
          returnSequences: first,
          kernelInitializer: glorot(seed),
          ...(first ? { inputShape: [steps, 1] } : {}),
        };
        return variant === 'seq'
          ? lstm(config)
          : tf.layers.lstm({ ...config, recurrentActivation: 'sigmoid' });
      };
      const model = tf.sequential({
        layers: [
          recurrent(20, 1, true),
          recurrent(20, 2, false),
          tf.layers.dense({ units: 1, kernelInitializer: glorot(3) }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
      return model;
    },
    data: (smoke) => ({
      x: tf.randomNormal([batch(smoke), smoke ? 5 : 50, 1], 0, 1, 'float32', 1),
      y: tf.randomNormal([batch(smoke), 1], 0, 1, 'float32', 2),
    }),
    repeats: { cpu: 10, wasm: 20 },
  },
  {
    name: 'char-RNN Embedding(39, 16) + GRU(128) x2, 32 x 100',
    mainstreamMs: 172,
    build: (variant, smoke) => {
      const steps = smoke ? 5 : 100;
      const units = smoke ? 8 : 128;
      // Glorot recurrent kernels: Keras' orthogonal default takes tfjs about 15 s a layer on cpu,
      // and the speed of a step does not depend on the weights.
      const recurrent = (seed: number) =>
        variant === 'seq'
          ? gru({
              units,
              resetAfter: false,
              returnSequences: true,
              kernelInitializer: glorot(seed),
              recurrentInitializer: glorot(seed + 10),
            })
          : tf.layers.gru({
              units,
              returnSequences: true,
              recurrentActivation: 'sigmoid',
              kernelInitializer: glorot(seed),
              recurrentInitializer: glorot(seed + 10),
            });
      const model = tf.sequential({
        layers: [
          tf.layers.embedding({
            inputDim: 39,
            outputDim: 16,
            inputShape: [steps],
            embeddingsInitializer: tf.initializers.randomUniform({ seed: 4 }),
          }),
          recurrent(1),
          recurrent(2),
          tf.layers.dense({ units: 39, kernelInitializer: glorot(3) }),
        ],
      });
      model.compile({
        optimizer: tf.train.adam(1e-3),
        loss: (y: tf.Tensor, logits: tf.Tensor) =>
          tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar,
      });
      return model;
    },
    data: (smoke) => {
      const steps = smoke ? 5 : 100;
      return tf.tidy(() => ({
        x: tf.randomUniform([batch(smoke), steps], 0, 39, 'int32', 3),
        y: tf.oneHot(tf.randomUniform([batch(smoke), steps], 0, 39, 'int32', 4), 39).toFloat(),
      }));
    },
    repeats: { cpu: 2, wasm: 7 },
  },
  {
    name: "Géron's WaveNet, dilations 1-8 x2, 20 filters, 32 x 50 x 1",
    mainstreamMs: 10,
    build: (variant) => {
      // tfjs cannot train this with its own layers: its conv1d has no causal padding ("not
      // implemented yet") and its conv2d gradient refuses dilation rates above 1.
      if (variant === 'tf.layers') return null;
      const model = simpleWaveNet({ dilations: [1, 2, 4, 8, 1, 2, 4, 8], filters: 20, seed: 1 });
      model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
      return model;
    },
    data: (smoke) => ({
      x: tf.randomNormal([batch(smoke), smoke ? 20 : 50, 1], 0, 1, 'float32', 5),
      y: tf.randomNormal([batch(smoke), smoke ? 20 : 50, 1], 0, 1, 'float32', 6),
    }),
    repeats: { cpu: 10, wasm: 30 },
  },
  {
    name: 'Transformer encoder block, 32 x 64 x 128, 4 heads, ff 512',
    mainstreamMs: 65,
    build: (variant, smoke) => {
      if (variant === 'tf.layers') return null;
      const [length, width] = smoke ? [4, 8] : [64, 128];
      const input = tf.input({ shape: [length, width] });
      const block = new TransformerEncoder({
        intermediateDim: smoke ? 16 : 512,
        numHeads: smoke ? 2 : 4,
      });
      const model = tf.model({ inputs: input, outputs: block.apply(input) as tf.SymbolicTensor });
      model.compile({ optimizer: tf.train.adam(1e-4), loss: 'meanSquaredError' });
      return model;
    },
    data: (smoke) => {
      const shape = smoke ? [2, 4, 8] : [32, 64, 128];
      return {
        x: tf.randomNormal(shape, 0, 1, 'float32', 7),
        y: tf.randomNormal(shape, 0, 1, 'float32', 8),
      };
    },
    repeats: { cpu: 3, wasm: 10 },
  },
];

const MB = 2 ** 20;

/**
 * Times `trainOnBatch` for one model; null when there is no model for this variant. `profile`: one
 * more step under `tf.profile` for the memory peak (reported for seq's models only).
 */
async function timeSteps(
  model: tf.LayersModel | null,
  x: tf.Tensor,
  y: tf.Tensor,
  repeats: number,
  profile: boolean,
  warmup: number,
) {
  if (model === null) return null;
  const result = await measure(() => model.trainOnBatch(x, y), { warmup, repeats, profile });
  model.optimizer.dispose();
  model.dispose();
  return result;
}

export async function run(options: BenchOptions): Promise<string> {
  tf.env().set('PROD', true);
  const smoke = options.mode === 'smoke';
  const report = new BenchReport(
    'train-step',
    'one training step (forward, backward, Adam), seq layers against tf.layers, same run',
    [
      'workload',
      'backend',
      'tf.layers ms',
      'seq ms',
      'speed-up',
      'seq peak MB',
      'mainstream CPU ms',
      'seq / mainstream',
    ],
    options.mode,
  );
  for (const backend of options.backends) {
    await tf.setBackend(backend);
    for (const w of workloads) {
      if (options.only && !w.name.includes(options.only)) continue;
      const { x, y } = w.data(smoke);
      const repeats = repeatsFor(options, w.repeats[backend]);
      // The first step creates the optimizer's slots; on cpu one warm-up step is enough (and the
      // char-RNN's takes 14 s there).
      const warmup = backend === 'cpu' ? 1 : 2;
      const isBlock = w.name.startsWith('Transformer');
      let reference: Awaited<ReturnType<typeof timeSteps>>;
      if (isBlock && backend === 'wasm') {
        // The comparison for the block: tfjs' wasm matrix product against seq's fast path.
        useWasmMatMul('tfjs');
        try {
          reference = await timeSteps(w.build('seq', smoke), x, y, repeats, false, warmup);
        } finally {
          restoreWasmMatMul();
        }
      } else {
        reference = await timeSteps(w.build('tf.layers', smoke), x, y, repeats, false, warmup);
      }
      const seq = await timeSteps(w.build('seq', smoke), x, y, repeats, true, warmup);
      if (seq === null) throw new Error(`${w.name}: no seq model`);
      report.add({
        workload: w.name,
        backend,
        'tf.layers ms': reference?.medianMs ?? null,
        'seq ms': seq.medianMs,
        'speed-up': reference ? reference.medianMs / seq.medianMs : null,
        'seq peak MB': seq.peakBytes === null ? null : seq.peakBytes / MB,
        'mainstream CPU ms': w.mainstreamMs,
        'seq / mainstream': seq.medianMs / w.mainstreamMs,
      });
      tf.dispose([x, y]);
    }
  }
  report.note(
    'Medians after 2 warm-up steps (1 on cpu). For the Transformer block on wasm, "tf.layers ms" is the same seq block on tfjs\' own wasm BatchMatMul (tfjs has no attention layer); on cpu there is no reference. tfjs cannot train the WaveNet with its own layers (conv1d has no causal padding, and the conv2d gradient refuses dilations above 1). "mainstream CPU ms" is the same step in a mainstream CPU framework on this kind of machine, as issue #10 measured it.',
  );
  return report.finish(options.outDir);
}

if (import.meta.url === `file://${process.argv[1]}`) await run(parseOptions(process.argv.slice(2)));
