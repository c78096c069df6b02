import { assertNonNegativeInteger, SeqError } from '@seq/core';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * Bans the end tokens until a row has generated `minLength` tokens (what the searches' and
 * sampler's `minLength` option does).
 *
 * @param eosTokenIds - The end-of-sequence token ids.
 * @param minLength - A non-negative integer.
 * @throws {@link @seq/core!index.SeqError} when an id or `minLength` is not a non-negative integer.
 * @example
 * ```ts
 * const atLeastFive = minLengthProcessor([0], 5);
 * ```
 */
export function minLengthProcessor(
  eosTokenIds: readonly number[],
  minLength: number,
): LogitsProcessor {
  if (!Array.isArray(eosTokenIds)) {
    throw new SeqError({
      owner: 'minLengthProcessor',
      argument: 'eosTokenIds',
      expected: 'an array of token ids',
      received: eosTokenIds,
    });
  }
  for (const id of eosTokenIds) assertNonNegativeInteger('minLengthProcessor', 'eosTokenIds', id);
  assertNonNegativeInteger('minLengthProcessor', 'minLength', minLength);
  return (logits, { generated }) => {
    if (generated >= minLength) return;
    for (const id of eosTokenIds) if (id < logits.length) logits[id] = -Infinity;
  };
}
