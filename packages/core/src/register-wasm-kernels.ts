import * as tf from '@tensorflow/tfjs';
import { installFastWasmMatMul } from './wasm-fast-mat-mul.js';
import { installFastWasmSlices } from './wasm-fast-slices.js';

/**
 * Kernels that training needs and that tfjs 4.22's wasm backend lacks, with what needs them:
 * `UnsortedSegmentSum` is the gradient of `gather` (every `Embedding`), `Conv2DBackpropFilter`
 * the kernel gradient of `tf.layers.conv1d` / `conv2d`, the depthwise ones that of separable and
 * depthwise convolutions, `Einsum` what `tf.einsum` runs.
 *
 * @example
 * ```ts
 * WASM_FALLBACK_KERNELS.every((name) => tf.getKernel(name, 'wasm') !== undefined); // true
 * ```
 */
export const WASM_FALLBACK_KERNELS = [
  'UnsortedSegmentSum',
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'Einsum',
] as const;

/** The backend methods the bridge uses (both the wasm and the cpu backend have them). */
interface DataBackend {
  readSync(dataId: tf.DataId): tf.backend_util.BackendValues;
  write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): tf.DataId;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

interface WasmBackend extends DataBackend {
  makeOutput(
    shape: number[],
    dtype: tf.DataType,
    memoryOffset?: number,
    values?: tf.backend_util.BackendValues,
  ): tf.TensorInfo;
}

/**
 * Runs the cpu backend's kernel on copies of the inputs and copies its outputs into wasm memory:
 * the same numbers as on cpu, at the cost of two copies (small next to the kernel's own work for
 * the kernels above).
 */
function runOnCpu(
  cpuKernel: tf.KernelConfig,
  config: Parameters<tf.KernelFunc>[0],
): tf.TensorInfo | tf.TensorInfo[] {
  const wasm = config.backend as unknown as WasmBackend;
  const cpu = tf.engine().findBackend('cpu') as unknown as DataBackend | null;
  if (!cpu)
    throw new Error(
      `seq: the cpu backend, which runs ${cpuKernel.kernelName} for wasm, is not available`,
    );
  // The cpu backend greets its first write in Node with advice to install tfjs-node; here it only
  // helps the wasm backend, so the advice would be misleading.
  (cpu as { firstUse?: boolean }).firstUse = false;
  const temporaries: tf.DataId[] = [];
  const copy = (info: tf.TensorInfo): tf.TensorInfo => {
    const dataId = cpu.write(wasm.readSync(info.dataId), info.shape, info.dtype);
    temporaries.push(dataId);
    return { dataId, shape: info.shape, dtype: info.dtype };
  };
  try {
    // Most kernels take named inputs; a few (Einsum) take a list.
    const inputs = Array.isArray(config.inputs)
      ? (config.inputs as tf.TensorInfo[]).map(copy)
      : Object.fromEntries(
          Object.entries(config.inputs)
            .filter((entry): entry is [string, tf.TensorInfo] => entry[1] != null)
            .map(([name, info]) => [name, copy(info)]),
        );
    const result = cpuKernel.kernelFunc({
      inputs: inputs as tf.NamedTensorInfoMap,
      attrs: config.attrs,
      backend: cpu as unknown as tf.KernelBackend,
    });
    const outputs = Array.isArray(result) ? result : [result];
    const copied = outputs.map((out) => {
      temporaries.push(out.dataId);
      return wasm.makeOutput(out.shape, out.dtype, undefined, cpu.readSync(out.dataId));
    });
    return Array.isArray(result) ? copied : (copied[0] as tf.TensorInfo);
  } finally {
    for (const dataId of temporaries) cpu.disposeData(dataId, true);
  }
}

/**
 * `UnsortedSegmentSum` (the gradient of every `Embedding`) in one pass on the host, for a 1-D
 * `segmentIds`: `out[segmentIds[i], ...] += x[i, ...]`, ids outside `[0, numSegments)` dropped.
 * The cpu kernel it replaces loops over the segments, one masked sum over all of `x` each (a
 * 256-class embedding's gradient took seconds); this one reads `x` once. Same sums, added in the
 * same order (row by row, in float64 as the cpu kernel's sum). Other ranks go to the cpu kernel.
 */
function unsortedSegmentSum(
  cpuKernel: tf.KernelConfig,
  config: Parameters<tf.KernelFunc>[0],
): tf.TensorInfo | tf.TensorInfo[] {
  const { x, segmentIds } = config.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (config.attrs as { numSegments: number }).numSegments;
  if (
    segmentIds.shape.length !== 1 ||
    x.shape.length < 1 ||
    x.dtype === 'complex64' ||
    x.dtype === 'string'
  ) {
    return runOnCpu(cpuKernel, config);
  }
  const wasm = config.backend as unknown as WasmBackend;
  const values = wasm.readSync(x.dataId) as Float32Array | Int32Array;
  const ids = wasm.readSync(segmentIds.dataId) as Int32Array;
  const rows = x.shape[0] as number;
  const inner = x.shape.slice(1).reduce((a, b) => a * b, 1);
  // Sums in float64, as the cpu kernel's reduction does, then rounded once.
  const sums = new Float64Array(numSegments * inner);
  for (let i = 0; i < rows; i++) {
    const id = ids[i] as number;
    if (id < 0 || id >= numSegments) continue;
    const from = i * inner;
    const to = id * inner;
    for (let j = 0; j < inner; j++)
      sums[to + j] = (sums[to + j] as number) + (values[from + j] as number);
  }
  const out = x.dtype === 'float32' ? Float32Array.from(sums) : Int32Array.from(sums);
  // [numSegments, ...x.shape[1:]]
  return wasm.makeOutput(
    [numSegments, ...x.shape.slice(1)],
    x.dtype === 'float32' ? 'float32' : 'int32',
    undefined,
    out,
  );
}

/**
 * Makes the wasm backend train every seq model, fast:
 *
 * - gives it the kernels it lacks ({@link WASM_FALLBACK_KERNELS}), each running the cpu backend's
 *   kernel on a copy of its inputs, so an `Embedding`, `tf.layers.conv1d` or `tf.einsum` trains
 *   on wasm with the cpu backend's numbers (`UnsortedSegmentSum`, an embedding's gradient, in one
 *   pass on the host instead of the cpu kernel's loop over the classes);
 * - once the wasm backend is loaded, puts a faster `BatchMatMul` in front of its own: explicit
 *   transposes instead of the slow transposed products (every gradient of a dense layer), and one
 *   2-D product for a batch that shares its weights, with the same results to float32 rounding
 *   (the backward pass of a Transformer block runs several times faster);
 * - and puts in front of its `Slice`, `Unpack` (`tf.unstack`) and `SplitV` (`tf.split`) versions
 *   that copy the slice straight out of wasm memory, where tfjs 4.22 copies the whole input out
 *   first, once per slice: a recurrent layer's loop over 100 steps did that 100 times.
 *
 * Importing `@seq/core` calls it, and so does {@link useBackend} (and {@link useBestBackend}) when
 * it selects wasm. Call it yourself after importing `@tensorflow/tfjs-backend-wasm` if you import
 * that after `@seq/core` and select the backend with `tf.setBackend`. Calling it again does
 * nothing; a kernel the wasm backend has of its own (a later tfjs) is left alone.
 *
 * @returns the kernels registered or replaced by this call.
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-wasm';
 * registerWasmKernels(); // ['BatchMatMul', 'Slice', 'Unpack', 'SplitV'] if wasm loaded after @seq/core
 * await tf.setBackend('wasm');
 * ```
 */
export function registerWasmKernels(): string[] {
  const registered: string[] = [];
  for (const name of WASM_FALLBACK_KERNELS) {
    if (tf.getKernel(name, 'wasm') !== undefined) continue;
    const cpuKernel = tf.getKernel(name, 'cpu');
    if (cpuKernel === undefined) continue;
    tf.registerKernel({
      kernelName: name,
      backendName: 'wasm',
      kernelFunc:
        name === 'UnsortedSegmentSum'
          ? (config) => unsortedSegmentSum(cpuKernel, config)
          : (config) => runOnCpu(cpuKernel, config),
    });
    registered.push(name);
  }
  if (installFastWasmMatMul()) registered.push('BatchMatMul');
  registered.push(...installFastWasmSlices());
  return registered;
}

registerWasmKernels();
