import { assertNumberInRange } from '@seq/core';
import { logSoftmax } from './log-softmax.js';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * Nucleus filtering (Holtzman et al., 2020): keeps the smallest set of most probable tokens whose
 * probability mass reaches `p` (at least one token) and bans the rest; sampling then
 * renormalises over what is left. Apply it after the temperature, as {@link sample} does.
 *
 * @param p - A number in (0, 1]; 1 keeps every token.
 * @throws {@link @seq/core!index.SeqError} when `p` is outside (0, 1].
 * @example
 * ```ts
 * await sample(next, prompts, { maxLength: 50, logitsProcessors: [topPProcessor(0.9)] });
 * ```
 */
export function topPProcessor(p: number): LogitsProcessor {
  assertNumberInRange('topPProcessor', 'p', p, { min: 0, max: 1, minInclusive: false });
  return (logits) => {
    if (p === 1) return;
    const logProbs = logSoftmax(logits, 'topPProcessor');
    const order = Array.from(logProbs.keys()).sort(
      (a, b) => (logProbs[b] as number) - (logProbs[a] as number),
    );
    let mass = 0;
    let kept = 0;
    // The tolerance keeps a mass that reaches p up to rounding (0.6 + 0.2 for p = 0.8) from taking one more.
    while (kept < order.length && (kept === 0 || mass < p - 1e-12)) {
      mass += Math.exp(logProbs[order[kept] as number] as number);
      kept++;
    }
    for (let i = kept; i < order.length; i++) logits[order[i] as number] = -Infinity;
  };
}
