import { assertBoolean, assertNonNegativeInteger, assertNumberInRange, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/** Options of the masked sequence losses and metrics. */
export interface MaskedSequenceOptions {
  /** The token id that marks padding: steps whose target is this id count for nothing. @defaultValue `0` */
  paddingId?: number;
}

/** Options of {@link maskedSparseCategoricalCrossentropy}. */
export interface MaskedCrossentropyOptions extends MaskedSequenceOptions {
  /** Whether the predictions are logits (unnormalised) rather than probabilities. @defaultValue `false` */
  fromLogits?: boolean;
  /**
   * Label smoothing ε (Szegedy et al. 2016): the target puts `1 - ε` on the true token and spreads
   * `ε` evenly over the vocabulary, as in "Attention Is All You Need" (ε = 0.1).
   * @defaultValue `0`
   */
  labelSmoothing?: number;
}

/** A loss or metric as `model.compile` takes it. */
export type SequenceLossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** Target ids `[batch, time]` and their mask from `yTrue` (`[batch, time]` or `[batch, time, 1]`). */
function idsAndMask(
  owner: string,
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  paddingId: number,
): { ids: tf.Tensor; mask: tf.Tensor } {
  if (yPred.rank < 2) {
    throw new SeqError({
      owner,
      argument: 'yPred',
      expected: 'a tensor [batch, ..., vocabulary]',
      received: yPred,
    });
  }
  const lead = yPred.shape.slice(0, -1);
  const trueShape =
    yTrue.shape.length === yPred.rank && yTrue.shape[yTrue.rank - 1] === 1
      ? yTrue.shape.slice(0, -1)
      : yTrue.shape;
  if (trueShape.length !== lead.length || trueShape.some((d, i) => d !== lead[i])) {
    throw new SeqError({
      owner,
      argument: 'yTrue',
      expected: `token ids of shape [${lead.join(', ')}] (or with a trailing 1)`,
      received: yTrue,
    });
  }
  const ids = tf.cast(tf.reshape(yTrue, lead), 'int32');
  const mask = tf.cast(tf.notEqual(ids, paddingId), 'float32');
  return { ids, mask };
}

/**
 * Sparse categorical cross-entropy over sequences that ignores padding: the mean of `-log p(target)`
 * over the steps whose target is not `paddingId`. tfjs' `fit` ignores output masks, so a plain loss
 * would also train the model to predict padding; use this one in `model.compile` instead.
 *
 * Shapes: `yTrue` token ids `[batch, time]` (or `[batch, time, 1]`), `yPred` `[batch, time, vocabulary]`.
 * Built from `oneHot` and reductions, so it trains on every backend (no `gather` gradient).
 *
 * Train with `model.fitDataset` and targets `[batch, time, 1]`: tfjs' `model.fit` insists that
 * targets have the output's shape `[batch, time, vocabulary]` for every loss but its own.
 *
 * @returns a loss function for `model.compile`, which returns a scalar.
 * @throws {@link @seq/core!index.SeqError} for bad options (now), and for shapes that do not match (when called).
 * @example
 * ```ts
 * model.compile({
 *   optimizer: 'adam',
 *   loss: maskedSparseCategoricalCrossentropy({ fromLogits: true }),
 *   metrics: [maskedSparseCategoricalAccuracy()],
 * });
 * ```
 */
export function maskedSparseCategoricalCrossentropy(
  options: MaskedCrossentropyOptions = {},
): SequenceLossFn {
  const owner = 'maskedSparseCategoricalCrossentropy';
  const paddingId = assertNonNegativeInteger(owner, 'paddingId', options.paddingId ?? 0);
  const fromLogits = assertBoolean(owner, 'fromLogits', options.fromLogits ?? false);
  const smoothing = assertNumberInRange(owner, 'labelSmoothing', options.labelSmoothing ?? 0, {
    min: 0,
    max: 1,
    maxInclusive: false,
  });
  const loss = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor =>
    tf.tidy(() => {
      const { ids, mask } = idsAndMask(owner, yTrue, yPred, paddingId);
      const vocabulary = yPred.shape[yPred.rank - 1] as number;
      const logProbs = fromLogits
        ? tf.logSoftmax(yPred)
        : tf.log(tf.clipByValue(yPred, 1e-7, 1 - 1e-7)); // [B, T, V]
      let target: tf.Tensor = tf.oneHot(ids, vocabulary); // [B, T, V]
      if (smoothing > 0) target = tf.add(tf.mul(target, 1 - smoothing), smoothing / vocabulary);
      const picked = tf.sum(tf.mul(target, logProbs), -1); // [B, T]: Σ target log p
      const count = tf.maximum(tf.sum(mask), 1);
      return tf.div(tf.neg(tf.sum(tf.mul(picked, mask))), count);
    });
  Object.defineProperty(loss, 'name', { value: 'maskedSparseCategoricalCrossentropy' });
  return loss;
}

/**
 * The accuracy of next-token predictions over the steps that are not padding: the fraction of
 * non-padding steps where the most probable token is the target.
 *
 * @returns a metric function for `model.compile` (reported as `maskedSparseCategoricalAccuracy`).
 * @throws {@link @seq/core!index.SeqError} as {@link maskedSparseCategoricalCrossentropy}.
 * @example
 * ```ts
 * model.compile({ optimizer: 'adam', loss: maskedSparseCategoricalCrossentropy(), metrics: [maskedSparseCategoricalAccuracy()] });
 * ```
 */
export function maskedSparseCategoricalAccuracy(
  options: MaskedSequenceOptions = {},
): SequenceLossFn {
  const owner = 'maskedSparseCategoricalAccuracy';
  const paddingId = assertNonNegativeInteger(owner, 'paddingId', options.paddingId ?? 0);
  const metric = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor =>
    tf.tidy(() => {
      const { ids, mask } = idsAndMask(owner, yTrue, yPred, paddingId);
      const correct = tf.cast(tf.equal(tf.argMax(yPred, -1), ids), 'float32'); // [B, T]
      return tf.div(tf.sum(tf.mul(correct, mask)), tf.maximum(tf.sum(mask), 1));
    });
  Object.defineProperty(metric, 'name', { value: 'maskedSparseCategoricalAccuracy' });
  return metric;
}
