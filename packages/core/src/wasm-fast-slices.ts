import * as tf from '@tensorflow/tfjs';

const FAST = Symbol.for('@seq/core.fastWasmSlices');

/** The wasm backend's methods these kernels use. */
interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

type Kernel = (config: Parameters<tf.KernelFunc>[0]) => tf.TensorInfo | tf.TensorInfo[];

/**
 * `x[begin : begin + size]`, copied straight from wasm memory. tfjs 4.22's wasm `Slice` first
 * copies the whole input out of wasm memory (`readSync`), then the slice: unstacking a `[T, ...]`
 * tensor into T steps (`tf.unstack`, `tf.split`, every recurrent layer's loop) copies it T times,
 * 90 ms for a `[100, 384, 32]` tensor. Here the output is allocated first, then both are read as
 * views of the heap (taken after the allocation, which may grow the heap), and the slice is copied
 * row by row (one copy when it is contiguous).
 */
function sliceFromHeap(
  x: tf.TensorInfo,
  beginArg: number | number[],
  sizeArg: number | number[],
  backend: WasmHeap,
): tf.TensorInfo {
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, beginArg, sizeArg) as [
    number[],
    number[],
  ];
  const out = backend.makeOutput(size, x.dtype);
  const count = tf.util.sizeFromShape(size);
  if (count === 0) return out;
  const source = backend.typedArrayFromHeap(x);
  const target = backend.typedArrayFromHeap(out);
  const strides = tf.util.computeStrides(x.shape);
  if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    const offset = tf.slice_util.computeFlatOffset(begin, strides);
    target.set(source.subarray(offset, offset + count));
    return out;
  }
  // Copy runs of the last axis; walk the other axes like an odometer.
  const rank = size.length;
  const run = size[rank - 1] as number;
  const index = new Array<number>(rank - 1).fill(0);
  for (let written = 0; written < count; written += run) {
    let offset = begin[rank - 1] as number;
    for (let axis = 0; axis < rank - 1; axis++) {
      offset += ((begin[axis] as number) + (index[axis] as number)) * (strides[axis] as number);
    }
    target.set(source.subarray(offset, offset + run), written);
    for (let axis = rank - 2; axis >= 0; axis--) {
      index[axis] = (index[axis] as number) + 1;
      if ((index[axis] as number) < (size[axis] as number)) break;
      index[axis] = 0;
    }
  }
  return out;
}

/**
 * Puts heap-copying versions of the wasm backend's `Slice`, `Unpack` (`tf.unstack`) and `SplitV`
 * (`tf.split`) in front of its own (see `sliceFromHeap`): the same values, without copying the
 * whole input out of wasm memory once per slice. String tensors go to the original kernels.
 * Installing twice does nothing.
 *
 * @returns the kernels replaced by this call (none when wasm is not loaded or they already are).
 * @internal
 */
export function installFastWasmSlices(): string[] {
  const originals = {
    Slice: tf.getKernel('Slice', 'wasm'),
    Unpack: tf.getKernel('Unpack', 'wasm'),
    SplitV: tf.getKernel('SplitV', 'wasm'),
  };
  const replaced: string[] = [];
  const replace = (name: keyof typeof originals, kernelFunc: Kernel) => {
    const original = originals[name];
    if (!original || (original.kernelFunc as unknown as Record<symbol, unknown>)[FAST]) return;
    const run = original.kernelFunc as unknown as Kernel;
    const fast: Kernel = (config) => {
      const input = Object.values(config.inputs)[0] as tf.TensorInfo;
      return input.dtype === 'string' ? run(config) : kernelFunc(config);
    };
    Object.defineProperty(fast, FAST, { value: true });
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...original, kernelFunc: fast as unknown as tf.KernelFunc });
    replaced.push(name);
  };
  replace('Slice', ({ inputs, attrs, backend }) => {
    const { begin, size } = attrs as unknown as { begin: number[]; size: number[] };
    return sliceFromHeap(inputs.x as tf.TensorInfo, begin, size, backend as unknown as WasmHeap);
  });
  replace('Unpack', ({ inputs, attrs, backend }) => {
    const value = inputs.value as tf.TensorInfo;
    const rank = value.shape.length;
    const axis = ((attrs as unknown as { axis: number }).axis + rank) % rank;
    const outShape = value.shape.filter((_, i) => i !== axis);
    const begin = new Array<number>(rank).fill(0);
    const size = [...value.shape];
    size[axis] = 1;
    return Array.from({ length: value.shape[axis] as number }, (_, i) => {
      begin[axis] = i;
      const piece = sliceFromHeap(value, begin, size, backend as unknown as WasmHeap);
      return { ...piece, shape: outShape };
    });
  });
  replace('SplitV', ({ inputs, attrs, backend }) => {
    const x = inputs.x as tf.TensorInfo;
    const { numOrSizeSplits, axis } = attrs as unknown as {
      numOrSizeSplits: number | number[];
      axis: number;
    };
    const along = tf.util.parseAxisParam(axis, x.shape)[0] as number;
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, along);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[along] = s;
      const piece = sliceFromHeap(x, begin, size, backend as unknown as WasmHeap);
      begin[along] = (begin[along] as number) + s;
      return piece;
    });
  });
  return replaced;
}
