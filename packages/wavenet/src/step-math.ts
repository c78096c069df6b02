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

/** `y += x · W` for `W` of shape `[inSize, outSize]`, row-major. @internal */
export function accumulate(
  y: Float32Array,
  x: ArrayLike<number>,
  w: Float32Array,
  inSize: number,
  outSize: number,
): void {
  for (let c = 0; c < inSize; c++) {
    const v = x[c] as number;
    if (v === 0) continue;
    const base = c * outSize;
    for (let o = 0; o < outSize; o++) y[o] = (y[o] as number) + v * (w[base + o] as number);
  }
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
