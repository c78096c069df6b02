import * as tf from '@tensorflow/tfjs';
import { scaledDotProductAttention } from './scaled-dot-product-attention.js';

/** The weights of multi-head attention, in Keras' layout. */
export interface MultiHeadAttentionWeights {
  /** `[queryDim, heads, keyDim]`. */
  queryKernel: tf.Tensor;
  /** `[heads, keyDim]`, or `null`. */
  queryBias: tf.Tensor | null;
  /** `[keyInDim, heads, keyDim]`. */
  keyKernel: tf.Tensor;
  /** `[heads, keyDim]`, or `null`. */
  keyBias: tf.Tensor | null;
  /** `[valueInDim, heads, valueDim]`. */
  valueKernel: tf.Tensor;
  /** `[heads, valueDim]`, or `null`. */
  valueBias: tf.Tensor | null;
  /** `[heads, valueDim, outDim]`. */
  outputKernel: tf.Tensor;
  /** `[outDim]`, or `null`. */
  outputBias: tf.Tensor | null;
}

/** Options of {@link applyMultiHeadAttention}. */
export interface ApplyMultiHeadAttentionOptions {
  /** `[batch or 1, Tq, Tv]`, 1 = may attend. */
  mask?: tf.Tensor | null;
  /** Attention dropout rate. @defaultValue `0` */
  dropout?: number;
  /** Whether dropout is active. @defaultValue `false` */
  training?: boolean;
}

/** What {@link applyMultiHeadAttention} returns. */
export interface MultiHeadAttentionResult {
  /** `[batch, Tq, outDim]`. */
  output: tf.Tensor;
  /** The attention weights after the softmax, `[batch, heads, Tq, Tv]`. */
  scores: tf.Tensor;
}

/** Projects `[B, T, dim]` with a `[dim, heads, size]` kernel (and `[heads, size]` bias) to `[B, heads, T, size]`. */
function project(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | null): tf.Tensor {
  const [b, t, d] = x.shape as [number, number, number];
  const [, heads, size] = kernel.shape as [number, number, number];
  let y = tf.matMul(tf.reshape(x, [b * t, d]), tf.reshape(kernel, [d, heads * size])); // [B T, d] x [d, H S] -> [B T, H S]
  if (bias) y = tf.add(y, tf.reshape(bias, [heads * size]));
  return tf.transpose(tf.reshape(y, [b, t, heads, size]), [0, 2, 1, 3]); // [B, T, H, S] -> [B, H, T, S]
}

/**
 * Multi-head attention as a function of its weights (Keras' layout): the math of
 * {@link MultiHeadAttention}, for layers that hold the weights themselves (Transformer blocks).
 *
 * @param query - `[batch, Tq, queryDim]`.
 * @param value - `[batch, Tv, valueInDim]`.
 * @param key - `[batch, Tv, keyInDim]`.
 * @returns `{output: [batch, Tq, outDim], scores: [batch, heads, Tq, Tv]}` (scores after the softmax).
 * @example
 * ```ts
 * const { output } = applyMultiHeadAttention(weights, x, x, x, { mask: causalMask(10) });
 * ```
 */
export function applyMultiHeadAttention(
  weights: MultiHeadAttentionWeights,
  query: tf.Tensor,
  value: tf.Tensor,
  key: tf.Tensor,
  options: ApplyMultiHeadAttentionOptions = {},
): MultiHeadAttentionResult {
  return tf.tidy(() => {
    const [b, tq] = query.shape as [number, number, number];
    const q = project(query, weights.queryKernel, weights.queryBias); // [B, H, Tq, Dk]
    const k = project(key, weights.keyKernel, weights.keyBias); // [B, H, Tv, Dk]
    const v = project(value, weights.valueKernel, weights.valueBias); // [B, H, Tv, Dv]
    const { outputs, weights: scores } = scaledDotProductAttention(q, k, v, {
      mask: options.mask ? tf.expandDims(options.mask, 1) : null, // [B, 1, Tq, Tv], broadcast over heads
      dropout: options.dropout ?? 0,
      training: options.training === true,
    }); // [B, H, Tq, Dv], [B, H, Tq, Tv]
    const [heads, dv, out] = weights.outputKernel.shape as [number, number, number];
    const merged = tf.reshape(tf.transpose(outputs, [0, 2, 1, 3]), [b * tq, heads * dv]); // [B, H, Tq, Dv] -> [B Tq, H Dv]
    let y = tf.matMul(merged, tf.reshape(weights.outputKernel, [heads * dv, out])); // [B Tq, H Dv] x [H Dv, out]
    if (weights.outputBias) y = tf.add(y, weights.outputBias);
    return { output: tf.reshape(y, [b, tq, out]), scores } as unknown as tf.TensorContainer; // [B, Tq, out]
  }) as unknown as MultiHeadAttentionResult;
}
