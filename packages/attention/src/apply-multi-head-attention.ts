import { SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { MASKED_SCORE, scaledDotProductAttention } from './scaled-dot-product-attention.js';

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

/**
 * Projects `[batch, time, dim]` with a `[dim, heads, size]` kernel (and `[heads, size]` bias) to
 * `[batch, heads, time, size]`: one head's queries, keys or values per slice.
 * @example
 * ```ts
 * const keys = projectHeads(x, keyKernel, keyBias); // [batch, heads, time, keyDim]
 * ```
 */
export function projectHeads(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | null): tf.Tensor {
  const [b, t, d] = x.shape as [number, number, number];
  const [, heads, size] = kernel.shape as [number, number, number];
  let y = tf.matMul(tf.reshape(x, [b * t, d]), tf.reshape(kernel, [d, heads * size])); // [B T, d] x [d, H S] -> [B T, H S]
  if (bias) y = tf.add(y, tf.reshape(bias, [heads * size]));
  if (t === 1) return tf.reshape(y, [b, heads, 1, size]); // one step: the transpose is a reshape
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
    const q = projectHeads(query, weights.queryKernel, weights.queryBias); // [B, H, Tq, Dk]
    const k = projectHeads(key, weights.keyKernel, weights.keyBias); // [B, H, Tv, Dk]
    const v = projectHeads(value, weights.valueKernel, weights.valueBias); // [B, H, Tv, Dv]
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

/** Projected keys and values of the steps seen so far, per head: the KV cache of one attention layer. */
export interface AttentionCache {
  /** `[batch, heads, steps, keyDim]`. */
  key: tf.Tensor;
  /** `[batch, heads, steps, valueDim]`. */
  value: tf.Tensor;
}

/** What {@link applyCachedMultiHeadAttention} returns. */
export interface CachedAttentionResult {
  /** `[batch, Tq, outDim]`. */
  output: tf.Tensor;
  /** The cache with the new steps' keys and values appended (new tensors; the caller disposes the old cache). */
  cache: AttentionCache;
}

/** Options of {@link applyCachedMultiHeadAttention}. */
export interface CachedAttentionOptions {
  /** Whether the new queries may only see cached steps and new steps up to their own. @defaultValue `true` */
  causal?: boolean;
  /** `[batch, steps]` over all cached and new steps, 1 = real step. */
  keyPaddingMask?: tf.Tensor | null;
}

/**
 * Multi-head attention for incremental decoding: projects the new steps' keys and values once,
 * appends them to the cache, and attends from the new queries over everything cached, so that
 * generating token `t` costs attention over `t` keys instead of recomputing `t` full steps.
 *
 * @param query - `[batch, Tn, queryDim]`, the new steps (usually one).
 * @param input - `[batch, Tn, dim]`, what the new keys and values are projected from (the same new
 *   steps, in self-attention), or `null` to attend over the cache alone (cross-attention after the first step).
 * @param cache - The cache so far, or `null` at the first step.
 * @example
 * ```ts
 * let cache = null;
 * for (const x of steps) ({ output, cache } = applyCachedMultiHeadAttention(weights, x, x, cache));
 * ```
 */
export function applyCachedMultiHeadAttention(
  weights: MultiHeadAttentionWeights,
  query: tf.Tensor,
  input: tf.Tensor | null,
  cache: AttentionCache | null,
  options: CachedAttentionOptions = {},
): CachedAttentionResult {
  return tf.tidy(() => {
    const [b, tn] = query.shape as [number, number, number];
    let key: tf.Tensor;
    let value: tf.Tensor;
    if (input) {
      const newKey = projectHeads(input, weights.keyKernel, weights.keyBias); // [B, H, Tn, Dk]
      const newValue = projectHeads(input, weights.valueKernel, weights.valueBias); // [B, H, Tn, Dv]
      key = cache ? tf.concat([cache.key, newKey], 2) : newKey; // [B, H, T, Dk]
      value = cache ? tf.concat([cache.value, newValue], 2) : newValue; // [B, H, T, Dv]
    } else if (cache) {
      // Nothing new to attend to (cross-attention over a fixed, already projected encoder sequence).
      key = tf.clone(cache.key);
      value = tf.clone(cache.value);
    } else {
      throw new SeqError({
        owner: 'applyCachedMultiHeadAttention',
        argument: 'input',
        expected: 'new steps to project, or a cache to attend over',
        received: input,
      });
    }
    const total = key.shape[2] as number;
    const q = projectHeads(query, weights.queryKernel, weights.queryBias); // [B, H, Tn, Dk]
    let mask: tf.Tensor | null = null;
    // One new query sees every step so far: its causal mask is all ones, so skip building it.
    if ((options.causal ?? true) && tn > 1) {
      const rows = tf.range(total - tn, total, 1, 'int32').expandDims(1); // [Tn, 1]: absolute positions
      const cols = tf.range(0, total, 1, 'int32').expandDims(0); // [1, T]
      mask = tf.cast(tf.lessEqual(cols, rows), 'float32').expandDims(0); // [1, Tn, T]
    }
    if (options.keyPaddingMask) {
      const padding = tf.expandDims(tf.cast(options.keyPaddingMask, 'float32'), 1); // [B, 1, T]
      mask = mask ? tf.mul(mask, padding) : padding;
    }
    const outputs =
      tn === 1
        ? attendOneQuery(q, key, value, mask)
        : scaledDotProductAttention(q, key, value, {
            mask: mask ? tf.expandDims(mask, 1) : null,
          }).outputs; // [B, H, Tn, Dv]
    const [heads, dv, out] = weights.outputKernel.shape as [number, number, number];
    const merged =
      tn === 1
        ? tf.reshape(outputs, [b, heads * dv]) // [B, H, 1, Dv] -> [B, H Dv]: no transpose needed
        : tf.reshape(tf.transpose(outputs, [0, 2, 1, 3]), [b * tn, heads * dv]); // [B Tn, H Dv]
    let y = tf.matMul(merged, tf.reshape(weights.outputKernel, [heads * dv, out]));
    if (weights.outputBias) y = tf.add(y, weights.outputBias);
    return {
      output: tf.reshape(y, [b, tn, out]),
      cache: { key, value },
    } as unknown as tf.TensorContainer;
  }) as unknown as CachedAttentionResult;
}

/**
 * Scaled dot-product attention of one query per head (a decoding step) over `T` cached steps, the
 * scores as `K q` (`[T, d] x [d, 1]` per head) so that the key cache is never transposed (the
 * batched `q K^T` product transposes it every step on wasm). `q` is `[B, H, 1, d]`, `key`
 * `[B, H, T, d]`, `value` `[B, H, T, dv]`, `mask` `[B or 1, 1, T]` (1 = may attend) or null;
 * returns `[B, H, 1, dv]`.
 */
function attendOneQuery(
  q: tf.Tensor,
  key: tf.Tensor,
  value: tf.Tensor,
  mask: tf.Tensor | null,
): tf.Tensor {
  const [b, heads, total] = key.shape as [number, number, number, number];
  const depth = q.shape[3] as number;
  const column = tf.reshape(tf.mul(q, 1 / Math.sqrt(depth)), [b, heads, depth, 1]); // [B, H, 1, d] -> [B, H, d, 1]
  let scores = tf.reshape(tf.matMul(key, column), [b, heads, 1, total]); // [B, H, T, 1] -> [B, H, 1, T]
  if (mask) scores = tf.add(scores, tf.mul(tf.sub(1, tf.expandDims(mask, 1)), MASKED_SCORE)); // mask [B, 1, 1, T] over the heads
  return tf.matMul(tf.softmax(scores), value); // [B, H, 1, T] x [B, H, T, dv] -> [B, H, 1, dv]
}
