import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { registerWasmKernels, WASM_FALLBACK_KERNELS } from './register-wasm-kernels.js';

const initial = tf.getBackend();
afterAll(async () => {
  await tf.setBackend(initial);
});

/** Runs `fn` on a backend and returns its outputs as plain arrays. */
async function on(backend: string, fn: () => tf.Tensor[]): Promise<number[][]> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const outputs = fn();
  const values = outputs.map((t) => Array.from(t.dataSync()));
  tf.dispose(outputs);
  expect(tf.memory().numTensors).toBe(before);
  return values;
}

function expectClose(a: number[][], b: number[][]): void {
  expect(a.length).toBe(b.length);
  a.forEach((row, i) => {
    row.forEach((v, j) => {
      expect(Math.abs(v - (b[i]?.[j] as number))).toBeLessThan(1e-4);
    });
  });
}

describe('wasm kernel fallbacks', () => {
  it('are registered on import, once, for every kernel the wasm backend lacks', () => {
    for (const name of WASM_FALLBACK_KERNELS) expect(tf.getKernel(name, 'wasm')).toBeDefined();
    const matMul = tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc as unknown as Record<
      symbol,
      unknown
    >;
    expect(matMul[Symbol.for('@seq/core.fastWasmBatchMatMul')]).toBe(true);
    for (const name of ['Slice', 'Unpack', 'SplitV']) {
      const kernel = tf.getKernel(name, 'wasm')?.kernelFunc as unknown as Record<symbol, unknown>;
      expect(kernel[Symbol.for('@seq/core.fastWasmSlices')]).toBe(true);
    }
    expect(registerWasmKernels()).toEqual([]);
  });

  it('the heap-copying slice, unstack and split equal the cpu backend, with their gradients', async () => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.randomNormal([3, 4, 5, 2], 0, 1, 'float32', 7);
        const ids = tf.range(0, 24, 1, 'int32').reshape([4, 6]);
        const flags = tf.greater(ids, 10);
        const out: tf.Tensor[] = [
          tf.slice(x, [1, 0, 0, 0], [2, -1, -1, -1]), // contiguous
          tf.slice(x, [0, 1, 2, 1], [3, 2, 3, 1]), // strided on every axis
          tf.slice(x.reshape([12, 10]), [2, 3], [5, 4]), // rank 2
          tf.slice(x.reshape([120]), [7], [9]), // rank 1
          tf.slice(x.reshape([2, 3, 2, 5, 2]), [1, 1, 0, 2, 0], [1, 2, 2, 2, 2]), // rank 5
          tf.slice(x, [0, 0, 0, 0], [3, 0, 5, 2]), // empty
          tf.slice(ids, [1, 2], [2, 3]), // int32
          tf.slice(flags, [0, 1], [4, 2]).toInt(), // bool
          ...tf.unstack(x), // axis 0
          ...tf.unstack(x, 2), // a middle axis
          ...tf.unstack(x, -1), // the last axis
          ...tf.split(x, [1, 3, 1], 2),
          ...tf.split(ids, 3, 1),
        ];
        // Gradients flow back through slices (their gradient is a pad).
        const [dx] = tf.grads((v: tf.Tensor) =>
          tf.add(
            tf.sum(tf.square(tf.slice(v, [0, 1, 1, 0], [2, 2, 3, 2]))),
            tf.sum(tf.unstack(v, 1)[2] as tf.Tensor),
          ),
        )([x]);
        return [...out, dx as tf.Tensor];
      });
    const wasm = await on('wasm', run);
    const cpu = await on('cpu', run);
    expect(wasm).toEqual(cpu); // slicing copies values: exactly equal
  });

  it('the fast matMul equals the cpu product, transposed, batched and broadcast, and its gradients too', async () => {
    const cases: Array<[number[], number[], boolean, boolean]> = [
      [[6, 5], [5, 4], false, false],
      [[5, 6], [5, 4], true, false],
      [[6, 5], [4, 5], false, true],
      [[5, 6], [4, 5], true, true],
      [[3, 6, 5], [5, 4], false, false], // shared weights: one 2-D product
      [[3, 6, 5], [1, 5, 4], false, false],
      [[2, 3, 6, 5], [4, 5], false, true],
      [[3, 5, 6], [3, 4, 5], true, true], // a true batch
      [[2, 1, 6, 5], [3, 5, 4], false, false], // broadcast batch
      [[1, 6, 5], [3, 5, 4], false, false],
      [[3, 40, 30], [3, 30, 20], false, false], // a true batch of large matrices: one product each
      [[3, 30, 40], [3, 20, 30], true, true],
      [[2, 2, 32, 32], [2, 2, 32, 32], false, true], // attention scores, [batch, heads, T, d]
      [[1, 40, 30], [3, 30, 20], false, false], // a broadcast batch: left to tfjs' kernel
      [[2, 3, 0], [0, 5], false, false], // empty inner dimension: zeros, as the original kernel
      [[2, 3, 0], [5, 0], false, true],
    ];
    for (const [aShape, bShape, transposeA, transposeB] of cases) {
      const run = () =>
        tf.tidy(() => {
          const a = tf.randomNormal(aShape, 0, 1, 'float32', 1);
          const b = tf.randomNormal(bShape, 0, 1, 'float32', 2);
          const product = tf.matMul(a, b, transposeA, transposeB);
          // tfjs' own matMul gradient does not reduce broadcast batch axes: only equal batches.
          if (aShape.length !== bShape.length || (aShape.length > 2 && aShape[0] !== bShape[0])) {
            return [product];
          }
          const f = (x: tf.Tensor, y: tf.Tensor) =>
            tf.sum(tf.sin(tf.matMul(x, y, transposeA, transposeB)));
          const [da, db] = tf.grads(f)([a, b]);
          return [product, da as tf.Tensor, db as tf.Tensor];
        });
      const wasm = await on('wasm', run);
      const cpu = await on('cpu', run);
      // float32 rounding: XNNPACK sums in another order than the cpu kernel, so the difference
      // is measured against the output's largest value (as the mat-mul benchmark reports it).
      wasm.forEach((values, i) => {
        const expected = cpu[i] as number[];
        const scale = Math.max(1, ...expected.map(Math.abs));
        const worst = Math.max(0, ...values.map((v, j) => Math.abs(v - (expected[j] as number))));
        expect(worst / scale, `${aShape} x ${bShape}, output ${i}`).toBeLessThan(1e-5);
      });
    }
  });

  it("give gather (an Embedding's lookup) a gradient on wasm equal to cpu's", async () => {
    const run = () =>
      tf.tidy(() => {
        const table = tf.randomNormal([7, 3], 0, 1, 'float32', 1);
        const ids = tf.tensor1d([0, 3, 3, 6, 1, 3], 'int32');
        const weights = tf.randomNormal([6, 3], 0, 1, 'float32', 2);
        const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), weights)))(table);
        return [grad, tf.unsortedSegmentSum(weights, ids, 7)];
      });
    expectClose(await on('wasm', run), await on('cpu', run));
  });

  it('sum segments on wasm as cpu does: rows of any width, int32, ids out of range dropped', async () => {
    const run = () =>
      tf.tidy(() => {
        const ids = tf.tensor1d([2, -1, 0, 2, 5, 4], 'int32'); // -1 and 5 fall outside [0, 5)
        const x3 = tf.randomNormal([6, 2, 3], 0, 1, 'float32', 4); // [rows, 2, 3]
        const xi = tf.tensor2d(
          [
            [1, 2],
            [3, 4],
            [5, 6],
            [7, 8],
            [9, 10],
            [11, 12],
          ],
          [6, 2],
          'int32',
        );
        const empty = tf.zeros([0, 4]);
        return [
          tf.unsortedSegmentSum(x3, ids, 5),
          tf.unsortedSegmentSum(xi, ids, 5),
          tf.unsortedSegmentSum(empty, tf.tensor1d([], 'int32'), 3),
        ];
      });
    const wasm = await on('wasm', run);
    expectClose(wasm, await on('cpu', run));
    expect(wasm[1]).toEqual([5, 6, 0, 0, 8, 10, 0, 0, 11, 12]);
    expect(wasm[2]).toEqual(new Array(12).fill(0));
  });

  it('train tf.layers.conv1d and an Embedding on wasm with the numbers of cpu', async () => {
    const step = () => {
      const model = tf.sequential({
        layers: [
          tf.layers.embedding({
            inputDim: 10,
            outputDim: 4,
            inputLength: 8,
            embeddingsInitializer: tf.initializers.randomUniform({
              minval: -1,
              maxval: 1,
              seed: 1,
            }),
          }),
          tf.layers.conv1d({
            filters: 3,
            kernelSize: 3,
            kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
          }),
          tf.layers.globalAveragePooling1d(),
          tf.layers.dense({
            units: 1,
            kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
          }),
        ],
      });
      const x = tf.tensor2d(
        [
          [1, 2, 3, 4, 5, 6, 7, 8],
          [9, 8, 7, 6, 5, 4, 3, 2],
        ],
        [2, 8],
        'int32',
      );
      const y = tf.tensor2d([[1], [-1]]);
      const optimizer = tf.train.sgd(0.5);
      optimizer.minimize(
        () => tf.losses.meanSquaredError(y, model.predict(x) as tf.Tensor) as tf.Scalar,
      );
      const weights = model.getWeights().map((w) => w.clone());
      tf.dispose([x, y]);
      optimizer.dispose();
      model.dispose();
      return weights;
    };
    expectClose(await on('wasm', step), await on('cpu', step));
  });

  it('run tf.einsum on wasm', async () => {
    const run = () =>
      tf.tidy(() => [
        tf.einsum(
          'ij,jk->ik',
          tf.tensor2d([
            [1, 2],
            [3, 4],
          ]),
          tf.tensor2d([[5], [6]]),
        ),
      ]);
    expect(await on('wasm', run)).toEqual([[17, 39]]);
  });
});
