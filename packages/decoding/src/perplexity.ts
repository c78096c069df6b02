import { assertRank, assertShape, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/** Options of {@link perplexity}. */
export interface PerplexityOptions {
  /**
   * `[batch, time]` weights of the positions: 1 counts a position, 0 leaves it out (padding). Values
   * must be non-negative with a positive sum.
   * @defaultValue all ones
   */
  mask?: tf.Tensor;
}

/**
 * Perplexity of next-token predictions: `exp(sum(-log softmax(logits)[label] * mask) / sum(mask))`,
 * the exponential of the mean negative log-likelihood per counted token. Uses `logSoftmax`, so large
 * logits do not overflow. Labels at positions with mask 0 are ignored and may be anything (such as
 * -100). Reads `labels` and `mask` to validate them; all intermediate tensors are disposed.
 *
 * @param logits - `[batch, time, vocab]` unnormalised scores.
 * @param labels - `[batch, time]` token ids in `[0, vocab)`, of any dtype holding integers.
 * @param options - The padding mask.
 * @returns A float32 scalar, at least 1 (equal to `vocab` for uniform logits).
 * @throws {@link @seq/core!index.SeqError} when `logits` is not `[batch, time, vocab]`, `labels` or
 *   the mask is not `[batch, time]` of the same sizes, a counted label is not an integer id in
 *   `[0, vocab)`, or the mask is negative or sums to 0.
 * @example
 * ```ts
 * const logits = tf.zeros([2, 3, 10]); // uniform over 10 tokens
 * const labels = tf.tensor2d([[1, 2, 3], [4, 5, -100]], [2, 3], 'int32');
 * const mask = tf.tensor2d([[1, 1, 1], [1, 1, 0]]);
 * perplexity(logits, labels, { mask }).dataSync()[0]; // 10
 * ```
 */
export function perplexity(
  logits: tf.Tensor,
  labels: tf.Tensor,
  options: PerplexityOptions = {},
): tf.Scalar {
  const owner = 'perplexity';
  for (const [argument, value] of [
    ['logits', logits],
    ['labels', labels],
  ] as const) {
    if (!(value instanceof tf.Tensor)) {
      throw new SeqError({ owner, argument, expected: 'a tf.Tensor', received: value });
    }
  }
  assertRank(owner, 'logits', logits, 3, '[batch, time, vocab]');
  const [batch, time, vocab] = logits.shape as [number, number, number];
  assertShape(owner, 'labels', labels, [batch, time], '[batch, time], as logits');
  const { mask } = options;
  if (mask !== undefined) {
    if (!(mask instanceof tf.Tensor)) {
      throw new SeqError({ owner, argument: 'mask', expected: 'a tf.Tensor', received: mask });
    }
    assertShape(owner, 'mask', mask, [batch, time], '[batch, time], as logits');
  }
  const weights = mask === undefined ? null : mask.dataSync();
  let total = 0;
  for (let i = 0; i < batch * time; i++) {
    const w = weights === null ? 1 : (weights[i] as number);
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new SeqError({
        owner,
        argument: 'mask',
        expected: 'non-negative finite weights (1 = count, 0 = padding)',
        receivedDescription: `${w} at flat position ${i}`,
      });
    }
    total += w;
  }
  if (!(total > 0)) {
    throw new SeqError({
      owner,
      argument: mask === undefined ? 'logits' : 'mask',
      expected:
        mask === undefined
          ? 'a tensor with at least one [batch, time] position'
          : 'a mask with at least one counted position (a positive sum)',
      receivedDescription: mask === undefined ? `shape [${logits.shape.join(', ')}]` : 'a sum of 0',
    });
  }
  const ids = labels.dataSync();
  for (let i = 0; i < batch * time; i++) {
    const id = ids[i] as number;
    const counted = weights === null || (weights[i] as number) > 0;
    if (counted && !(Number.isInteger(id) && id >= 0 && id < vocab)) {
      throw new SeqError({
        owner,
        argument: 'labels',
        expected: `integer token ids in [0, ${vocab}) where the mask counts`,
        receivedDescription: `${id} at flat position ${i}`,
      });
    }
  }

  return tf.tidy(() => {
    const n = batch * time;
    const logProbs = tf.logSoftmax(tf.cast(logits, 'float32')).reshape([n * vocab]); // [B, T, V] -> [B*T*V]
    const w = mask === undefined ? tf.ones([n]) : tf.cast(mask, 'float32').reshape([n]); // [B*T]
    const counted = tf.greater(w, 0); // [B*T]
    const safeLabels = tf.where(
      counted,
      tf.cast(labels, 'int32').reshape([n]),
      tf.zeros([n], 'int32'),
    ); // [B*T]
    const flatIds = tf.add(
      tf.mul(tf.range(0, n, 1, 'int32'), tf.scalar(vocab, 'int32')),
      safeLabels,
    ); // [B*T]: row * V + label
    const nll = tf.neg(tf.gather(logProbs, flatIds)); // [B*T]
    const weighted = tf.where(counted, tf.mul(nll, w), tf.zerosLike(nll)); // no inf * 0 at padding
    return tf.exp(tf.div(tf.sum(weighted), tf.sum(w))) as tf.Scalar;
  });
}
