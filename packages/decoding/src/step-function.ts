import type * as tf from '@tensorflow/tfjs';

/** What one call of a {@link StepFunction} returns. */
export interface StepResult<S> {
  /**
   * Next-token logits `[batch, vocabulary]`, for the last token fed in each row. Decoding reads
   * and disposes them.
   */
  logits: tf.Tensor;
  /** What the model carries to the next call: RNN states, a KV cache, a prefix... */
  state: S;
}

/**
 * One decoding step of a sequence model, the only thing the searches and samplers of this package
 * know about a model: `next(tokens, state) -> {logits, state}` for a batch of rows.
 *
 * - The first call gets the prompts' common prefix `[batch, shortestPromptLength]` (int32) and a
 *   `null` state; every later call gets one token per row, `[batch, 1]`, and the state the previous
 *   call returned. Prompts are never padded: a longer prompt's remaining tokens come one per call
 *   (and a finished row is fed its last token, its output ignored).
 * - The logits may be log-probabilities, never probabilities (a softmax output must go through
 *   `tf.log`; the adapters do it for models ending in a softmax).
 * - The state is a tree of tensors, arrays, plain objects and plain values. Decoding owns it:
 *   it disposes the tensors of a state (and the `tokens` it passed) once the next state no longer
 *   holds them, and the last state when decoding ends, so a step function must not dispose them
 *   itself. Return a new state object each call (do not change the old one in place), keep the
 *   logits out of the state, and put tensors kept elsewhere (weights, an encoded source) in the
 *   state only as clones.
 * - Beam search folds beams into the batch and reorders rows with a gather along axis 0 of every
 *   tensor in the state, so each must be `[batch, ...]`.
 *
 * A step function may carry its `vocabularySize` (the adapters here set it).
 *
 * Adapters: `prefixStepper` (any model that maps a prefix to logits, by re-feeding),
 * `recurrentStepper` (a `tf.Sequential` of embeddings, seq recurrent layers and dense layers),
 * `attentionDecoderStepper` in `@seq/attention`, and `causalLMStepper` / `seq2seqStepper` in
 * `@seq/transformer`.
 *
 * @typeParam S - The state's type.
 * @example
 * ```ts
 * // A bigram model as a step function: logits depend only on the last token.
 * const table = tf.randomNormal([5, 5]);
 * const next: StepFunction<null> = (tokens) => ({
 *   logits: tf.tidy(() => tf.gather(table, tokens.slice([0, tokens.shape[1] - 1], [-1, 1]).squeeze([1]))),
 *   state: null,
 * });
 * ```
 */
export type StepFunction<S = unknown> = ((tokens: tf.Tensor, state: S | null) => StepResult<S>) & {
  /**
   * The number of token ids, when the adapter knows it: the searches then check the prompts and
   * the end tokens against it before the first model call (else at the first step).
   */
  readonly vocabularySize?: number;
};

/** `next` with its `vocabularySize` attached, when it is a known positive integer. */
export function withVocabulary<S>(
  next: StepFunction<S>,
  vocabularySize: number | null | undefined,
): StepFunction<S> {
  return typeof vocabularySize === 'number' && vocabularySize > 0
    ? Object.assign(next, { vocabularySize })
    : next;
}
