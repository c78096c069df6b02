import { assertNumberInRange, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/** Options of {@link scaledDotProductAttention}. */
export interface ScaledDotProductAttentionOptions {
  /** 1 where a query may attend to a key, broadcastable to `[..., Tq, Tv]`. @defaultValue none */
  mask?: tf.Tensor | null;
  /** Factor on the scores. @defaultValue `1 / sqrt(depth)` */
  scale?: number;
  /** Fraction of attention weights dropped, in training. @defaultValue `0` */
  dropout?: number;
  /** Whether to apply dropout. @defaultValue `false` */
  training?: boolean;
}

/** Attention outputs and the weights that made them. */
export interface AttentionResult {
  /** `[..., Tq, valueDepth]`. */
  outputs: tf.Tensor;
  /** The attention weights (post-softmax), `[..., Tq, Tv]`. */
  weights: tf.Tensor;
}

/**
 * What is added to the scores of masked positions, as Keras does.
 *
 * @example
 * ```ts
 * // Scores [batch, Tq, Tv] with the padded keys (mask 0) pushed out of the softmax:
 * const masked = tf.add(scores, tf.mul(tf.sub(1, keyMask), MASKED_SCORE));
 * ```
 */
export const MASKED_SCORE = -1e9;

/**
 * Scaled dot-product attention (Vaswani et al. 2017): `softmax(q kᵀ * scale + maskBias) v`, with
 * `maskBias = -1e9` where the mask is 0 (Keras' value). Built from matMul and softmax (no einsum),
 * so it trains on every backend.
 *
 * A query whose keys are all masked gets uniform weights over them (the -1e9 cancels out in the
 * softmax), so its output is the mean of the values: no NaN.
 *
 * @param q - `[..., Tq, depth]`.
 * @param k - `[..., Tv, depth]`.
 * @param v - `[..., Tv, valueDepth]`.
 * @returns `{outputs: [..., Tq, valueDepth], weights: [..., Tq, Tv]}`.
 * @throws {@link @seq/core!index.SeqError} for mismatched depths or lengths and a bad dropout.
 * @example
 * ```ts
 * const { outputs, weights } = scaledDotProductAttention(q, k, v, { mask: causalMask(5) });
 * ```
 */
export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  options: ScaledDotProductAttentionOptions = {},
): AttentionResult {
  const owner = 'scaledDotProductAttention';
  const depth = q.shape[q.rank - 1] as number;
  if (k.shape[k.rank - 1] !== depth) {
    throw new SeqError({
      owner,
      argument: 'k',
      expected: `keys of depth ${depth}, as the queries`,
      received: k,
    });
  }
  if (v.shape[v.rank - 2] !== k.shape[k.rank - 2]) {
    throw new SeqError({
      owner,
      argument: 'v',
      expected: `values of length ${k.shape[k.rank - 2]}, as the keys`,
      received: v,
    });
  }
  const dropout = assertNumberInRange(owner, 'dropout', options.dropout ?? 0, {
    min: 0,
    max: 1,
    maxInclusive: false,
  });
  const scale = options.scale ?? 1 / Math.sqrt(depth);
  return tf.tidy(() => {
    let scores = tf.mul(tf.matMul(q, k, false, true), scale); // [..., Tq, d] x [..., Tv, d]^T -> [..., Tq, Tv]
    if (options.mask)
      scores = tf.add(scores, tf.mul(tf.sub(1, tf.cast(options.mask, 'float32')), MASKED_SCORE));
    let weights = tf.softmax(scores); // [..., Tq, Tv]
    const returned = weights;
    if (options.training && dropout > 0) weights = tf.dropout(weights, dropout);
    const outputs = tf.matMul(weights, v); // [..., Tq, Tv] x [..., Tv, dv] -> [..., Tq, dv]
    return { outputs, weights: returned } as unknown as tf.TensorContainer;
  }) as unknown as AttentionResult;
}
