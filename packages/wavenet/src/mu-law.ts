import { assertPositiveInteger, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/** Writes a flat index as the coordinates of a shape: `x[1, 2]` (or `x[5]` for one dimension). */
function position(name: string, flatIndex: number, shape: readonly number[]): string {
  if (shape.length <= 1) return `${name}[${flatIndex}]`;
  const coords: number[] = [];
  let rest = flatIndex;
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d] ?? 1;
    coords.unshift(rest % size);
    rest = Math.floor(rest / size);
  }
  return `${name}[${coords.join(', ')}]`;
}

/**
 * The first flat index where `bad` (a boolean tensor) is true, or -1; reads back one boolean, and
 * the index only when there is one.
 */
function firstTrue(bad: tf.Tensor): number {
  if (bad.size === 0) return -1;
  const flat = tf.tidy(() => tf.cast(tf.reshape(bad, [-1]), 'int32'));
  try {
    const any = tf.tidy(() => tf.max(flat));
    const found = any.dataSync()[0] === 1;
    any.dispose();
    if (!found) return -1;
    const index = tf.tidy(() => tf.argMax(flat));
    const value = index.dataSync()[0] ?? 0;
    index.dispose();
    return value;
  } finally {
    flat.dispose();
  }
}

/** The value of a tensor at a flat index (one element read back). */
function valueAt(t: tf.Tensor, flatIndex: number): number {
  const one = tf.tidy(() => tf.slice(tf.reshape(t, [-1]), [flatIndex], [1]));
  const value = one.dataSync()[0];
  one.dispose();
  return value ?? Number.NaN;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const length = (value as { length?: unknown }).length;
  return typeof length === 'number' && Number.isInteger(length) && length >= 0;
}

function checkTensorDtype(owner: string, argument: string, t: tf.Tensor): void {
  if (t.dtype !== 'float32' && t.dtype !== 'int32') {
    throw new SeqError({
      owner,
      argument,
      expected: 'a float32 or int32 tensor',
      received: t,
    });
  }
}

/**
 * mu-law companding (ITU-T G.711 style, as in WaveNet): maps amplitudes in `[-1, 1]` to `mu + 1`
 * integer classes, finer near zero and coarser near the extremes.
 *
 * `F(x) = sign(x) ln(1 + mu |x|) / ln(1 + mu)`, then `q = floor((F(x) + 1) / 2 * mu + 0.5)`,
 * a class in `0..mu` (`128` for silence when `mu = 255`). The inverse is {@link muLawDecode}.
 *
 * Source: van den Oord et al., "WaveNet: A Generative Model for Raw Audio" (2016), section 2.2.
 *
 * Values outside `[-1, 1]` (infinities included) are clipped to `-1` or `1` first; NaN is
 * rejected. A tensor is checked for NaN on the device, with a single boolean read back.
 *
 * Shapes: any; the result has the shape of `x`, `[batch, time]` for a batch of waveforms.
 *
 * @param x - Amplitudes, nominally in `[-1, 1]`: numbers or a float32 (or int32) tensor.
 * @param mu - The largest class; there are `mu + 1` classes.
 * @defaultValue `mu`: `255` (256 classes, 8 bits)
 * @returns The classes, integers in `[0, mu]`: an `Int32Array` for numbers, an int32 tensor of the
 *   same shape as `x` for a tensor (the caller disposes it).
 * @throws {@link @seq/core!index.SeqError} "muLawEncode: \`mu\` must be a positive integer; received 0."
 * @throws {@link @seq/core!index.SeqError} "muLawEncode: \`x[3]\` must be a number, not NaN; received NaN."
 * @throws {@link @seq/core!index.SeqError} "muLawEncode: \`x\` must be an array of numbers or a tf.Tensor;
 *   received "a"."
 * @example
 * ```ts
 * muLawEncode([-1, 0, 0.5, 1]); // Int32Array [0, 128, 239, 255]
 * const classes = muLawEncode(tf.tensor2d([[0, 0.5]])); // int32 tensor [[128, 239]]
 * ```
 */
export function muLawEncode<R extends tf.Rank>(x: tf.Tensor<R>, mu?: number): tf.Tensor<R>;
export function muLawEncode(x: ArrayLike<number>, mu?: number): Int32Array;
export function muLawEncode(x: ArrayLike<number> | tf.Tensor, mu?: number): Int32Array | tf.Tensor;
export function muLawEncode(x: ArrayLike<number> | tf.Tensor, mu = 255): Int32Array | tf.Tensor {
  const owner = 'muLawEncode';
  assertPositiveInteger(owner, 'mu', mu);
  const scale = Math.log1p(mu);
  if (x instanceof tf.Tensor) {
    checkTensorDtype(owner, 'x', x);
    // int32 holds no NaN (and wasm's isNaN misreads int32 tensors): only float32 is checked
    const nan = x.dtype === 'float32' ? tf.tidy(() => tf.isNaN(x)) : null;
    const index = (() => {
      if (nan === null) return -1;
      try {
        return firstTrue(nan);
      } finally {
        nan.dispose();
      }
    })();
    if (index >= 0) {
      throw new SeqError({
        owner,
        argument: position('x', index, x.shape),
        expected: 'a number, not NaN',
        received: Number.NaN,
      });
    }
    return tf.tidy(() => {
      const clipped = tf.clipByValue(tf.cast(x, 'float32'), -1, 1);
      // F(x) = sign(x) ln(1 + mu|x|) / ln(1 + mu)
      const f = tf.mul(tf.sign(clipped), tf.div(tf.log1p(tf.mul(tf.abs(clipped), mu)), scale));
      // q = floor((F + 1) / 2 * mu + 0.5), clipped to [0, mu] against rounding at the ends
      const q = tf.floor(tf.add(tf.mul(tf.add(f, 1), mu / 2), 0.5));
      return tf.cast(tf.clipByValue(q, 0, mu), 'int32');
    });
  }
  if (!isArrayLike(x)) {
    throw new SeqError({
      owner,
      argument: 'x',
      expected: 'an array of numbers or a tf.Tensor',
      received: x,
    });
  }
  const out = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== 'number' || Number.isNaN(v)) {
      throw new SeqError({
        owner,
        argument: `x[${i}]`,
        expected: 'a number, not NaN',
        received: v,
      });
    }
    const c = Math.min(1, Math.max(-1, v));
    const f = (Math.sign(c) * Math.log1p(mu * Math.abs(c))) / scale;
    out[i] = Math.min(mu, Math.max(0, Math.floor(((f + 1) / 2) * mu + 0.5)));
  }
  return out;
}

/**
 * Inverts {@link muLawEncode}: maps classes in `0..mu` back to amplitudes in `[-1, 1]`.
 *
 * `y = 2 q / mu - 1`, then `x = sign(y) ((1 + mu)^|y| - 1) / mu`. Class `0` is `-1`, class `mu`
 * is `1`; `decode(encode(x))` is within one quantization step of `x`.
 *
 * A tensor is checked on the device, with a single boolean read back.
 *
 * Shapes: any; the result has the shape of `q`, `[batch, time]` for a batch of waveforms.
 *
 * @param q - Classes, integers in `[0, mu]`: numbers or an int32 (or integer-valued float32) tensor.
 * @param mu - The largest class, as given to {@link muLawEncode}.
 * @defaultValue `mu`: `255` (256 classes, 8 bits)
 * @returns The amplitudes in `[-1, 1]`: a `Float32Array` for numbers, a float32 tensor of the same
 *   shape as `q` for a tensor (the caller disposes it).
 * @throws {@link @seq/core!index.SeqError} "muLawDecode: \`mu\` must be a positive integer; received 1.5."
 * @throws {@link @seq/core!index.SeqError} "muLawDecode: \`q[2]\` must be an integer in [0, 255]; received 256."
 * @throws {@link @seq/core!index.SeqError} "muLawDecode: \`q\` must be an array of numbers or a tf.Tensor;
 *   received null."
 * @example
 * ```ts
 * muLawDecode([0, 128, 255]); // Float32Array [-1, 0.0000862, 1]
 * const waveform = muLawDecode(tf.tensor1d([0, 255], 'int32')); // float32 tensor [-1, 1]
 * ```
 */
export function muLawDecode<R extends tf.Rank>(q: tf.Tensor<R>, mu?: number): tf.Tensor<R>;
export function muLawDecode(q: ArrayLike<number>, mu?: number): Float32Array;
export function muLawDecode(
  q: ArrayLike<number> | tf.Tensor,
  mu?: number,
): Float32Array | tf.Tensor;
export function muLawDecode(q: ArrayLike<number> | tf.Tensor, mu = 255): Float32Array | tf.Tensor {
  const owner = 'muLawDecode';
  assertPositiveInteger(owner, 'mu', mu);
  const expected = `an integer in [0, ${mu}]`;
  const scale = Math.log1p(mu);
  if (q instanceof tf.Tensor) {
    checkTensorDtype(owner, 'q', q);
    const bad = tf.tidy(() => {
      const v = tf.cast(q, 'float32');
      return tf.logicalOr(
        tf.logicalOr(tf.isNaN(v), tf.notEqual(v, tf.floor(v))),
        tf.logicalOr(tf.less(v, 0), tf.greater(v, mu)),
      );
    });
    const index = (() => {
      try {
        return firstTrue(bad);
      } finally {
        bad.dispose();
      }
    })();
    if (index >= 0) {
      throw new SeqError({
        owner,
        argument: position('q', index, q.shape),
        expected,
        received: valueAt(q, index),
      });
    }
    return tf.tidy(() => {
      const y = tf.sub(tf.mul(tf.cast(q, 'float32'), 2 / mu), 1); // y = 2q/mu - 1
      // x = sign(y) ((1 + mu)^|y| - 1) / mu, with (1 + mu)^|y| - 1 = expm1(|y| ln(1 + mu))
      return tf.mul(tf.sign(y), tf.div(tf.expm1(tf.mul(tf.abs(y), scale)), mu));
    });
  }
  if (!isArrayLike(q)) {
    throw new SeqError({
      owner,
      argument: 'q',
      expected: 'an array of numbers or a tf.Tensor',
      received: q,
    });
  }
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) {
    const v = q[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > mu) {
      throw new SeqError({ owner, argument: `q[${i}]`, expected, received: v });
    }
    const y = (2 * v) / mu - 1;
    out[i] = (Math.sign(y) * Math.expm1(Math.abs(y) * scale)) / mu;
  }
  return out;
}
