import { assertPositiveInteger } from '@seq/core';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * Bans every token that would repeat an n-gram of size `size` already in the row's sequence
 * (prompt included): with `size` 2, after "the cat ... the" the token "cat" is banned.
 *
 * @param size - A positive integer, the n-gram size.
 * @throws {@link @seq/core!index.SeqError} when `size` is not a positive integer.
 * @example
 * ```ts
 * await beamSearch(next, prompts, { maxLength: 50, beamWidth: 4, logitsProcessors: [noRepeatNgramProcessor(3)] });
 * ```
 */
export function noRepeatNgramProcessor(size: number): LogitsProcessor {
  assertPositiveInteger('noRepeatNgramProcessor', 'size', size);
  return (logits, { sequence }) => {
    const n = sequence.length;
    if (n < size - 1) return;
    // The last size - 1 tokens; every earlier occurrence of them bans the token that followed.
    const start = n - (size - 1);
    for (let i = 0; i + size <= n; i++) {
      let same = true;
      for (let j = 0; j < size - 1 && same; j++) same = sequence[i + j] === sequence[start + j];
      if (same) {
        const banned = sequence[i + size - 1] as number;
        if (banned < logits.length) logits[banned] = -Infinity;
      }
    }
  };
}
