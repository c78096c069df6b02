/** An elementwise activation. @internal */
export type Activation = (v: number) => number;

/** The activations fast generation runs in plain JavaScript (softmax is handled apart). @internal */
export const ACTIVATIONS: Record<string, Activation> = {
  linear: (v) => v,
  relu: (v) => Math.max(v, 0),
  tanh: Math.tanh,
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  elu: (v) => (v > 0 ? v : Math.exp(v) - 1),
  selu: (v) => 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * (Math.exp(v) - 1)),
};

/**
 * `y += W x` for `W` of shape `[outSize, inSize]`, row-major (each output's weights contiguous):
 * two outputs at a time, four partial sums each, summed in float64. About twice as fast in V8 as
 * `y += x W` over `[inSize, outSize]` (one store per output instead of one per multiply-add).
 * @internal
 */
export function accumulate(
  y: Float32Array,
  x: ArrayLike<number>,
  w: Float32Array,
  inSize: number,
  outSize: number,
): void {
  const n4 = inSize & ~3;
  let o = 0;
  for (; o + 1 < outSize; o += 2) {
    const r0 = o * inSize;
    const r1 = r0 + inSize;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    let c = 0;
    for (; c < n4; c += 4) {
      const x0 = x[c] as number;
      const x1 = x[c + 1] as number;
      const x2 = x[c + 2] as number;
      const x3 = x[c + 3] as number;
      a0 += x0 * (w[r0 + c] as number);
      a1 += x1 * (w[r0 + c + 1] as number);
      a2 += x2 * (w[r0 + c + 2] as number);
      a3 += x3 * (w[r0 + c + 3] as number);
      b0 += x0 * (w[r1 + c] as number);
      b1 += x1 * (w[r1 + c + 1] as number);
      b2 += x2 * (w[r1 + c + 2] as number);
      b3 += x3 * (w[r1 + c + 3] as number);
    }
    for (; c < inSize; c++) {
      a0 += (x[c] as number) * (w[r0 + c] as number);
      b0 += (x[c] as number) * (w[r1 + c] as number);
    }
    y[o] = (y[o] as number) + (a0 + a1 + (a2 + a3));
    y[o + 1] = (y[o + 1] as number) + (b0 + b1 + (b2 + b3));
  }
  for (; o < outSize; o++) {
    const r = o * inSize;
    let s = 0;
    for (let c = 0; c < inSize; c++) s += (x[c] as number) * (w[r + c] as number);
    y[o] = (y[o] as number) + s;
  }
}

/**
 * `[taps, inSize, outSize]` (Keras' kernel layout) to `[taps, outSize, inSize]`, the layout
 * {@link accumulate} reads. @internal
 */
export function transposeTaps(
  w: Float32Array,
  taps: number,
  inSize: number,
  outSize: number,
): Float32Array {
  const out = new Float32Array(w.length);
  for (let t = 0; t < taps; t++) {
    const base = t * inSize * outSize;
    for (let c = 0; c < inSize; c++) {
      for (let o = 0; o < outSize; o++) {
        out[base + o * inSize + c] = w[base + c * outSize + o] as number;
      }
    }
  }
  return out;
}

/** Softmax of `v`, in place. @internal */
export function softmaxInPlace(v: Float32Array): void {
  let max = -Infinity;
  for (const x of v) if (x > max) max = x;
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const e = Math.exp((v[i] as number) - max);
    v[i] = e;
    sum += e;
  }
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / sum;
}
