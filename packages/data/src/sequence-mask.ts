import { assertNonNegativeInteger, assertRank, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { assertIntegers, isArrayLikeObject } from './sequence-input.js';

const OWNER = 'sequenceMask';

/**
 * A boolean mask of the valid time steps of sequences of different lengths: `true` where the
 * position is below the sequence's length. The semantics of TensorFlow's `tf.sequence_mask` for
 * a 1-D `lengths` (tfjs has no such op).
 *
 * A tensor `lengths` is read synchronously (`dataSync`) and is not disposed.
 *
 * @param lengths - The length of each sequence, `[batch]`: non-negative integers, as an array, a
 *   typed array or a 1-D tensor.
 * @param maxLength - The number of time steps of the mask; longer lengths are cut to it.
 * @defaultValue `maxLength`: the largest of `lengths` (`0` for no lengths)
 * @returns a `bool` tensor `[batch, maxLength]`, `mask[b][t] = t < lengths[b]`.
 * @throws {@link @seq/core!index.SeqError} when `lengths` is not an array, typed array or 1-D tensor
 *   of non-negative integers, or `maxLength` is not a non-negative integer.
 * @example
 * ```ts
 * sequenceMask([1, 3, 2], 5);
 * // [[true, false, false, false, false],
 * //  [true, true,  true,  false, false],
 * //  [true, true,  false, false, false]]
 * ```
 */
export function sequenceMask(
  lengths: ArrayLike<number> | tf.Tensor1D,
  maxLength?: number,
): tf.Tensor2D {
  let values: ArrayLike<unknown>;
  if (lengths instanceof tf.Tensor) {
    assertRank(OWNER, 'lengths', lengths, 1, '[batch]');
    values = lengths.dataSync();
  } else if (isArrayLikeObject(lengths)) {
    values = lengths;
  } else {
    throw new SeqError({
      owner: OWNER,
      argument: 'lengths',
      expected: 'an array, typed array or 1-D tensor of lengths',
      received: lengths,
    });
  }
  assertIntegers(OWNER, 'lengths', values, 'a non-negative integer', 0, Number.MAX_SAFE_INTEGER);
  const lens = values as ArrayLike<number>;
  let width = 0;
  if (maxLength === undefined) {
    for (let b = 0; b < lens.length; b++) width = Math.max(width, lens[b] as number);
  } else {
    width = assertNonNegativeInteger(OWNER, 'maxLength', maxLength);
  }
  const mask = new Uint8Array(lens.length * width);
  for (let b = 0; b < lens.length; b++) {
    mask.fill(1, b * width, b * width + Math.min(lens[b] as number, width));
  }
  return tf.tensor2d(mask, [lens.length, width], 'bool'); // [batch, maxLength]
}
