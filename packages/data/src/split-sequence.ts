import { assertNumberInRange, SeqError } from '@seq/core';
import { assertOptions, assertTokenIds, describeIdCount } from './sequence-input.js';
import { splitByTime } from './split-by-time.js';

const OWNER = 'splitSequence';

/** Options of {@link splitSequence}: the fractions of the ids for training and validation. */
export interface SplitSequenceOptions {
  /** Fraction of the ids for training, from the start. @defaultValue `0.9` */
  train?: number;
  /** Fraction for validation, right after training; the test part is the rest. @defaultValue `0.05` */
  validation?: number;
}

/** The three chronological parts of a sequence. */
export interface SequenceSplit<T> {
  /** The first `round(n * train)` ids. */
  train: T;
  /** The ids after training, up to `round(n * (train + validation))`. */
  validation: T;
  /** The rest. */
  test: T;
}

/**
 * Splits a sequence of token ids (an encoded text, say) into training, validation and test parts,
 * in order and without overlap: by default 90 / 5 / 5 %, as Géron splits Shakespeare for his
 * char-RNN (Hands-On Machine Learning, 3rd ed., ch. 16.1). A thin shell over
 * {@link splitByTime}: arrays are sliced, typed arrays viewed with `subarray` (no copy).
 *
 * @param ids - The token ids in order: non-negative integers, `[time]`.
 * @defaultValue `options`: `{train: 0.9, validation: 0.05}`
 * @returns `{train, validation, test}`, each `[time]` and of the type of `ids`.
 * @throws {@link @seq/core!index.SeqError} when `ids` is not an array or typed array of token ids or
 *   is empty, `train` is not in (0, 1], `validation` not in [0, 1], their sum is over 1, or the
 *   training part would be empty.
 * @example
 * ```ts
 * const ids = Int32Array.from({ length: 1000 }, (_, i) => i % 65);
 * const { train, validation, test } = splitSequence(ids); // 900, 50 and 50 ids (views)
 * const trainSet = nextTokenDataset(train, { length: 100, shuffle: true, seed: 42 });
 * ```
 */
export function splitSequence<T extends ArrayLike<number>>(
  ids: T,
  options?: SplitSequenceOptions,
): SequenceSplit<T> {
  const n = assertTokenIds(OWNER, 'ids', ids).length;
  if (n === 0) {
    throw new SeqError({
      owner: OWNER,
      argument: 'ids',
      expected: 'a non-empty sequence of token ids',
      receivedDescription: '0 ids',
    });
  }
  const o = assertOptions(OWNER, options);
  const unit = { min: 0, max: 1 };
  const train = assertNumberInRange(OWNER, 'train', o.train ?? 0.9, {
    ...unit,
    minInclusive: false,
  });
  const validation = assertNumberInRange(OWNER, 'validation', o.validation ?? 0.05, unit);
  if (train + validation > 1 + 1e-12) {
    throw new SeqError({
      owner: OWNER,
      argument: 'validation',
      expected: `at most 1 - train (${Number((1 - train).toFixed(12))})`,
      received: validation,
    });
  }
  if (Math.round(n * train) === 0) {
    throw new SeqError({
      owner: OWNER,
      argument: 'ids',
      expected: `long enough for a non-empty training part (${n} * train ${train} rounds to 0)`,
      receivedDescription: describeIdCount(n),
    });
  }
  const { train: trainPart, valid, test } = splitByTime(ids, { train, valid: validation });
  return { train: trainPart, validation: valid, test };
}
