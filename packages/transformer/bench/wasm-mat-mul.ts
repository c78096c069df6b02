/**
 * Benchmark: tfjs 4.22's wasm `BatchMatMul` against seq's fast path (`registerWasmKernels`),
 * same run: matMul variants (plain, transposed, shared-weight batch, true batch) and the training
 * step of a Transformer encoder block (batch 32, length 64, width 128, 4 heads, feed-forward 512)
 * built from tfjs layers and seq's attention. Medians of 7 runs after 3 warm-ups.
 *
 *   pnpm --filter @seq/transformer bench:wasm-mat-mul
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '@seq/core';

tf.env().set('PROD', true);
await tf.setBackend('wasm');
registerWasmKernels(); // already done on import when wasm loaded first; a no-op then
const fast = tf.getKernel('BatchMatMul', 'wasm') as tf.KernelConfig;
const original = (fast.kernelFunc as unknown as Record<symbol, tf.KernelConfig>)[
  Symbol.for('@seq/core.originalWasmBatchMatMul')
] as tf.KernelConfig;
const use = (kernel: tf.KernelConfig) => {
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel(kernel);
};

function median(f: () => void): number {
  for (let i = 0; i < 3; i++) f();
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    f();
    runs.push(performance.now() - start);
  }
  return runs.sort((a, b) => a - b)[3] as number;
}

const rows: string[] = [];
function compare(label: string, flops: number, f: () => void): void {
  use(original);
  const before = median(f);
  use(fast);
  const after = median(f);
  const rate = (ms: number) => (flops > 0 ? `${(flops / ms / 1e6).toFixed(1)}` : '-');
  rows.push(
    `| ${label} | ${before.toFixed(1)} ms | ${after.toFixed(1)} ms | ${(before / after).toFixed(1)}x | ${rate(before)} / ${rate(after)} |`,
  );
}
const read = (t: tf.Tensor) => {
  t.dataSync();
  t.dispose();
};

const a = tf.randomNormal([2048, 128]);
const b = tf.randomNormal([128, 512]);
const bt = tf.randomNormal([512, 128]);
const at = tf.randomNormal([128, 2048]);
const x3 = tf.randomNormal([32, 64, 128]);
const q = tf.randomNormal([128, 64, 32]);
const k = tf.randomNormal([128, 64, 32]);
const flops = 2 * 2048 * 128 * 512;
compare('[2048, 128] x [128, 512]', flops, () => read(tf.matMul(a, b)));
compare('[2048, 128] x [512, 128]^T (input gradient)', flops, () =>
  read(tf.matMul(a, bt, false, true)),
);
compare('[128, 2048]^T x [128, 512] (weight gradient)', flops, () =>
  read(tf.matMul(at, b, true, false)),
);
compare('[32, 64, 128] x [128, 512] (shared weights)', flops, () => read(tf.matMul(x3, b)));
compare('[128, 64, 32] x [128, 64, 32]^T (attention scores)', 2 * 128 * 64 * 64 * 32, () =>
  read(tf.matMul(q, k, false, true)),
);

// A Transformer encoder block's training step, from tfjs layers (dense, layer norm) and einsum-free attention.
const { TransformerEncoder } = await import('../src/index.js');
const block = new TransformerEncoder({ intermediateDim: 512, numHeads: 4 });
const input = tf.randomNormal([32, 64, 128]);
tf.dispose(block.apply(input) as tf.Tensor);
const optimizer = tf.train.adam(1e-4);
compare('Transformer encoder block: one training step', 0, () => {
  const loss = optimizer.minimize(
    () => tf.mean(tf.square(block.apply(input) as tf.Tensor)) as tf.Scalar,
    true,
  );
  loss?.dataSync();
  loss?.dispose();
});

console.log(
  '| product | wasm kernel | seq fast path | speed-up | GFLOP/s before / after |\n| --- | --- | --- | --- | --- |',
);
for (const row of rows) console.log(row);
