import { decodeLoop, type TokenCallback } from './decode-loop.js';
import {
  type GenerationOptions,
  type GenerationResult,
  type Prompts,
  resolveGeneration,
} from './generation-options.js';
import { logSoftmax } from './log-softmax.js';
import type { StepFunction } from './step-function.js';

/** Options of {@link greedySearch}. */
export interface GreedySearchOptions extends GenerationOptions {
  /** Called with each new token as it is chosen (for streaming to a UI or a terminal). */
  onToken?: TokenCallback;
}

/**
 * Greedy search: at every step each row takes its most probable next token (the first on ties).
 * Batched: all prompts advance together, one model call per step.
 *
 * @param next - The model's step function (see {@link StepFunction}).
 * @param prompts - `[batch, promptLength]` token ids; arrays may differ in length.
 * @returns the generated tokens of each row (prompt excluded), their log-probabilities and why
 *   each row stopped.
 * @throws {@link @seq/core!index.SeqError} for bad prompts or options (before any model call),
 *   logits that are not `[batch, vocabulary]`, or an end token outside the vocabulary.
 * @example
 * ```ts
 * const { tokens } = await greedySearch(next, [[startId]], { maxLength: 40, eosTokenId: endId });
 * ```
 */
export async function greedySearch<S>(
  next: StepFunction<S>,
  prompts: Prompts,
  options: GreedySearchOptions,
): Promise<GenerationResult> {
  const settings = resolveGeneration('greedySearch', prompts, options, next.vocabularySize);
  return decodeLoop(
    'greedySearch',
    next,
    settings,
    (logits) => {
      let best = 0;
      for (let i = 1; i < logits.length; i++) {
        if ((logits[i] as number) > (logits[best] as number)) best = i;
      }
      const logProbs = logSoftmax(logits, 'greedySearch');
      return { token: best, logProb: logProbs[best] as number };
    },
    options.onToken,
  );
}
