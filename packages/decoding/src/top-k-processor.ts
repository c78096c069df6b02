import { assertPositiveInteger } from '@seq/core';
import type { LogitsProcessor } from './logits-processor.js';

/** The `k`-th largest value of `values` (the smallest when `k` >= their number). */
export function kthLargest(values: Float64Array, k: number): number {
  if (k >= values.length) return values.reduce((a, b) => Math.min(a, b), Infinity);
  // A sorted window of the k largest seen so far: O(V k) worst case, O(V) typically.
  const top: number[] = [];
  for (const v of values) {
    if (top.length === k && v <= (top[k - 1] as number)) continue;
    let i = top.length === k ? k - 1 : top.length;
    if (top.length < k) top.push(v);
    while (i > 0 && (top[i - 1] as number) < v) {
      top[i] = top[i - 1] as number;
      i--;
    }
    top[i] = v;
  }
  return top[k - 1] as number;
}

/**
 * Keeps the `k` most probable tokens (those tied with the `k`-th are kept too) and bans the
 * rest; sampling then renormalises over what is left.
 *
 * @param k - A positive integer; `k` >= the vocabulary size keeps every token.
 * @throws {@link @seq/core!index.SeqError} when `k` is not a positive integer.
 * @example
 * ```ts
 * await sample(next, prompts, { maxLength: 50, logitsProcessors: [topKProcessor(40)] });
 * ```
 */
export function topKProcessor(k: number): LogitsProcessor {
  assertPositiveInteger('topKProcessor', 'k', k);
  return (logits) => {
    if (k >= logits.length) return;
    const threshold = kthLargest(logits, k);
    for (let i = 0; i < logits.length; i++) {
      if ((logits[i] as number) < threshold) logits[i] = -Infinity;
    }
  };
}
