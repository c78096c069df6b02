import { assertNumberInRange } from '@seq/core';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * The repetition penalty of CTRL (Keskar et al., 2019): every token already in the row's
 * sequence (prompt included) has its logit divided by `penalty` when positive and multiplied by
 * it when negative, so values above 1 make repeats less likely.
 *
 * @param penalty - A number > 0; 1 changes nothing.
 * @throws {@link @seq/core!index.SeqError} when `penalty` is not a number > 0.
 * @example
 * ```ts
 * await greedySearch(next, prompts, { maxLength: 50, logitsProcessors: [repetitionPenaltyProcessor(1.2)] });
 * ```
 */
export function repetitionPenaltyProcessor(penalty: number): LogitsProcessor {
  assertNumberInRange('repetitionPenaltyProcessor', 'penalty', penalty, {
    min: 0,
    minInclusive: false,
  });
  return (logits, { sequence }) => {
    for (const token of new Set(sequence)) {
      const v = logits[token];
      if (v === undefined) continue;
      logits[token] = v > 0 ? v / penalty : v * penalty;
    }
  };
}
