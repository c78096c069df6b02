import { assertOneOf, assertPositiveInteger, assertRank, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/** Padding of a 1D convolution: none, keep the length, or pad the past only (causal). */
export type Conv1DPadding = 'valid' | 'same' | 'causal';

/** Options of {@link conv1dDilated}. */
export interface Conv1DDilatedOptions {
  /** Step between output positions. @defaultValue `1` */
  stride?: number;
  /** Spacing between the taps of the kernel (WaveNet's dilation). @defaultValue `1` */
  dilation?: number;
  /** `'valid'`, `'same'` or `'causal'` (left-pad `(k - 1) * dilation` zeros). @defaultValue `'valid'` */
  padding?: Conv1DPadding;
}

/** Output length and zero padding of a 1D convolution. */
export interface Conv1DGeometry {
  /** Output time steps. */
  outLength: number;
  /** Zeros added before the first step. */
  left: number;
  /** Zeros added after the last step. */
  right: number;
}

/**
 * Output length and left/right zero padding of a 1D convolution, as Keras and TensorFlow compute
 * them (`'same'` puts the extra zero on the right; `'causal'` pads the left only).
 *
 * @example
 * ```ts
 * conv1dGeometry(12, 2, { dilation: 4, padding: 'causal' }); // { outLength: 12, left: 4, right: 0 }
 * ```
 */
export function conv1dGeometry(
  length: number,
  kernelSize: number,
  { stride = 1, dilation = 1, padding = 'valid' }: Conv1DDilatedOptions,
): Conv1DGeometry {
  const span = (kernelSize - 1) * dilation + 1; // input steps one output sees
  if (padding === 'causal') {
    return { outLength: Math.floor((length - 1) / stride) + 1, left: span - 1, right: 0 };
  }
  if (padding === 'same') {
    const outLength = Math.ceil(length / stride);
    const total = Math.max((outLength - 1) * stride + span - length, 0);
    return { outLength, left: Math.floor(total / 2), right: total - Math.floor(total / 2) };
  }
  return {
    outLength: length >= span ? Math.floor((length - span) / stride) + 1 : 0,
    left: 0,
    right: 0,
  };
}

/**
 * A 1D convolution with any dilation, stride and padding, built only from ops that have gradients
 * on every backend (pad, slice, reshape, concat, matMul), so it trains where `tf.conv1d` with
 * `dilation > 1` cannot (tfjs has no gradient for it, and wasm lacks the conv gradient kernel).
 *
 * Each kernel tap `k` reads the (padded) input shifted by `k * dilation`; the taps are laid side by
 * side (im2col) and multiplied by the kernel in one matMul.
 *
 * @param x - `[batch, time, inChannels]`.
 * @param kernel - `[kernelSize, inChannels, outChannels]` (Keras' layout).
 * @returns `[batch, outTime, outChannels]`; with `'causal'` or `'same'` and stride 1, `outTime = time`.
 * @throws {@link @seq/core!index.SeqError} for ranks or channel counts that do not match, bad
 *   options, or an input too short for `'valid'` padding.
 * @example
 * ```ts
 * const y = conv1dDilated(tf.ones([2, 12, 3]), tf.ones([2, 3, 4]), { dilation: 4, padding: 'causal' });
 * y.shape; // [2, 12, 4]
 * ```
 */
export function conv1dDilated(
  x: tf.Tensor,
  kernel: tf.Tensor,
  options: Conv1DDilatedOptions = {},
): tf.Tensor3D {
  const owner = 'conv1dDilated';
  assertRank(owner, 'x', x, 3, '[batch, time, inChannels]');
  assertRank(owner, 'kernel', kernel, 3, '[kernelSize, inChannels, outChannels]');
  const stride = assertPositiveInteger(owner, 'stride', options.stride ?? 1);
  const dilation = assertPositiveInteger(owner, 'dilation', options.dilation ?? 1);
  const padding = assertOneOf(owner, 'padding', options.padding ?? 'valid', [
    'valid',
    'same',
    'causal',
  ] as const);
  const [batch, length, channels] = x.shape as [number, number, number];
  const [kernelSize, kernelChannels, filters] = kernel.shape as [number, number, number];
  if (kernelChannels !== channels) {
    throw new SeqError({
      owner,
      argument: 'kernel',
      expected: `a kernel of ${channels} input channels ([kernelSize, ${channels}, outChannels])`,
      received: kernel,
    });
  }
  const { outLength, left, right } = conv1dGeometry(length, kernelSize, {
    stride,
    dilation,
    padding,
  });
  if (outLength === 0) {
    throw new SeqError({
      owner,
      argument: 'x',
      expected: `at least ${(kernelSize - 1) * dilation + 1} time steps for a 'valid' convolution`,
      received: x,
    });
  }
  return tf.tidy(() => {
    // Room for every tap to read outLength * stride steps (the extra tail is never selected).
    const needed = (kernelSize - 1) * dilation + outLength * stride;
    const tail = Math.max(needed - (left + length + right), 0);
    const padded =
      left + right + tail > 0
        ? tf.pad(x, [
            [0, 0],
            [left, right + tail],
            [0, 0],
          ])
        : x; // [B, T', C]
    const taps: tf.Tensor[] = [];
    for (let k = 0; k < kernelSize; k++) {
      let tap = tf.slice(padded, [0, k * dilation, 0], [batch, outLength * stride, channels]); // [B, outT * s, C]
      if (stride > 1) {
        tap = tf.reshape(tap, [batch, outLength, stride, channels]); // [B, outT, s, C]
        tap = tf.reshape(tf.slice(tap, [0, 0, 0, 0], [batch, outLength, 1, channels]), [
          batch,
          outLength,
          channels,
        ]);
      }
      taps.push(tap);
    }
    const columns = kernelSize === 1 ? (taps[0] as tf.Tensor) : tf.concat(taps, 2); // [B, outT, K * C]
    const flat = tf.reshape(columns, [batch * outLength, kernelSize * channels]); // [B * outT, K * C]
    const weights = tf.reshape(kernel, [kernelSize * channels, filters]); // [K * C, F]
    return tf.reshape(tf.matMul(flat, weights), [batch, outLength, filters]) as tf.Tensor3D; // [B, outT, F]
  });
}
