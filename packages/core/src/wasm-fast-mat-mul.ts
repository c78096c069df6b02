import * as tf from '@tensorflow/tfjs';

const FAST = Symbol.for('@seq/core.fastWasmBatchMatMul');
/** Where the replaced kernel is kept, for benchmarks that compare the two. */
const ORIGINAL = Symbol.for('@seq/core.originalWasmBatchMatMul');

type Kernel = (config: Parameters<tf.KernelFunc>[0]) => tf.TensorInfo;

interface DisposingBackend {
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * Below this many multiply-adds per matrix (`m * k * n`), a true batch stays on tfjs' kernel: one
 * call per matrix costs about 10 µs, more than tfjs' own loop spends on a small matrix (measured
 * on wasm: 1,000 x [8, 8] x [8, 8] takes 0.9 ms in one call and 9 ms split; 128 x [64, 32] x
 * [32, 64] takes 18 ms in one call and 7 ms split).
 */
const SPLIT_BATCH_MIN_WORK = 16_384;

/**
 * A true batch of products (`[..., m, k] x [..., k, n]`, the same batch shape on both sides, as
 * attention's scores and weighted values), one 2-D product per matrix on the original kernel's fast
 * path, written into one output. The matrices are copied in and out of wasm memory through heap
 * views (taken after each allocation, which may grow the heap).
 */
function splitBatch(
  run: Kernel,
  left: tf.TensorInfo,
  right: tf.TensorInfo,
  backend: DisposingBackend,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo {
  const rank = left.shape.length;
  const [m, k] = left.shape.slice(-2) as [number, number];
  const n = right.shape[rank - 1] as number;
  const batch = product(left.shape.slice(0, -2));
  const out = backend.makeOutput([...left.shape.slice(0, -2), m, n], left.dtype); // [..., M, N]
  for (let i = 0; i < batch; i++) {
    const a = backend.makeOutput([1, m, k], left.dtype);
    const b = backend.makeOutput([1, k, n], right.dtype);
    backend
      .typedArrayFromHeap(a)
      .set(backend.typedArrayFromHeap(left).subarray(i * m * k, (i + 1) * m * k));
    backend
      .typedArrayFromHeap(b)
      .set(backend.typedArrayFromHeap(right).subarray(i * k * n, (i + 1) * k * n));
    const c = run({ inputs: { a, b }, backend: backend as unknown as tf.KernelBackend, attrs }); // [1, M, N]
    backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(c), i * m * n);
    for (const info of [a, b, c]) backend.disposeData(info.dataId);
  }
  return out;
}

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Puts a faster `BatchMatMul` in front of the wasm backend's own, when that backend is loaded:
 * tfjs 4.22's wasm kernel runs at about 18 GFLOP/s on a plain product but about 1-2 GFLOP/s with
 * `transposeA` or `transposeB` (every weight and input gradient of a dense layer) and when many
 * rows share one weight matrix (`[batch, time, in] x [in, out]`). The replacement transposes
 * explicitly (the wasm `Transpose` kernel), folds shared-weight batches into one 2-D product and
 * splits a true batch of large enough matrices (attention) into one 2-D product each, then calls
 * the original kernel on the fast path. Products are the same sums in the same order
 * per output, so results equal the original's to float32 rounding. Installing twice does nothing.
 *
 * @returns whether it was installed by this call (`false` when wasm is not loaded or it already is).
 * @internal
 */
export function installFastWasmMatMul(): boolean {
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  const reshape = tf.getKernel('Reshape', 'wasm');
  if (!original || !transpose || !reshape) return false;
  if ((original.kernelFunc as unknown as Record<symbol, unknown>)[FAST]) return false;
  const run = original.kernelFunc as unknown as Kernel;
  const runTranspose = transpose.kernelFunc as unknown as Kernel;
  const runReshape = reshape.kernelFunc as unknown as Kernel;

  const kernelFunc: Kernel = (config) => {
    const { a, b } = config.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = config.attrs as { transposeA: boolean; transposeB: boolean };
    const backend = config.backend;
    const views: tf.TensorInfo[] = [];
    const swapLastTwo = (x: tf.TensorInfo): tf.TensorInfo => {
      const rank = x.shape.length;
      const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
      const t = runTranspose({ inputs: { x }, backend, attrs: { perm } });
      views.push(t);
      return t;
    };
    // Empty operands go to the original kernel untouched (its XNNPACK path is not taken for them).
    if (a.shape.includes(0) || b.shape.includes(0)) return run(config);
    try {
      const left = transposeA ? swapLastTwo(a) : a; // [..., M, K]
      const right = transposeB ? swapLastTwo(b) : b; // [..., K, N]
      const leftBatch = left.shape.slice(0, -2);
      const rightBatch = right.shape.slice(0, -2);
      const plain = { transposeA: false, transposeB: false };
      if (product(rightBatch) === 1 && product(leftBatch) > 1) {
        // Every row of the batch meets the same weights: one [B * M, K] x [K, N] product.
        const m = left.shape[left.shape.length - 2] as number;
        const k = left.shape[left.shape.length - 1] as number;
        const n = right.shape[right.shape.length - 1] as number;
        const flat = runReshape({
          inputs: { x: left },
          backend,
          attrs: { shape: [1, product(leftBatch) * m, k] },
        });
        views.push(flat);
        const out = run({
          inputs: { a: flat, b: right },
          backend,
          attrs: { ...config.attrs, ...plain },
        }); // [1, B * M, N]
        views.push(out);
        const batch = tf.backend_util.assertAndGetBroadcastShape(leftBatch, rightBatch);
        return runReshape({ inputs: { x: out }, backend, attrs: { shape: [...batch, m, n] } }); // [..., M, N]
      }
      const sameBatch =
        leftBatch.length === rightBatch.length && leftBatch.every((d, i) => d === rightBatch[i]);
      const [m, k] = left.shape.slice(-2) as [number, number];
      const n = right.shape[right.shape.length - 1] as number;
      if (sameBatch && product(leftBatch) > 1 && m * k * n >= SPLIT_BATCH_MIN_WORK) {
        // A true batch: one fast 2-D product per matrix beats tfjs' batched loop (~2 GFLOP/s).
        return splitBatch(run, left, right, backend as unknown as DisposingBackend, {
          ...config.attrs,
          ...plain,
        });
      }
      return run({ inputs: { a: left, b: right }, backend, attrs: { ...config.attrs, ...plain } });
    } finally {
      for (const view of views) (backend as unknown as DisposingBackend).disposeData(view.dataId);
    }
  };
  Object.defineProperty(kernelFunc, FAST, { value: true });
  Object.defineProperty(kernelFunc, ORIGINAL, { value: original });
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  return true;
}
