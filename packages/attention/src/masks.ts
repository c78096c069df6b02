import { assertPositiveInteger, assertRank, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/**
 * A causal ("look-ahead") mask: query step `i` may attend to key steps `j <= i` (1 = may attend).
 * With `Tv > Tq` the queries are the last `Tq` steps of the keys (as when decoding with a cache).
 *
 * @param queryLength - `Tq`.
 * @param valueLength - `Tv`. @defaultValue `queryLength`
 * @returns `[1, Tq, Tv]` float32 of 0 and 1, broadcastable over the batch.
 * @throws {@link @seq/core!index.SeqError} when a length is not a positive integer or `Tv < Tq`.
 * @example
 * ```ts
 * causalMask(3).arraySync(); // [[[1, 0, 0], [1, 1, 0], [1, 1, 1]]]
 * ```
 */
export function causalMask(queryLength: number, valueLength = queryLength): tf.Tensor3D {
  assertPositiveInteger('causalMask', 'queryLength', queryLength);
  assertPositiveInteger('causalMask', 'valueLength', valueLength);
  if (valueLength < queryLength) {
    throw new SeqError({
      owner: 'causalMask',
      argument: 'valueLength',
      expected: `at least queryLength (${queryLength})`,
      received: valueLength,
    });
  }
  return tf.tidy(() => {
    const rows = tf.range(valueLength - queryLength, valueLength, 1, 'int32').expandDims(1); // [Tq, 1]: absolute query positions
    const cols = tf.range(0, valueLength, 1, 'int32').expandDims(0); // [1, Tv]
    return tf.cast(tf.lessEqual(cols, rows), 'float32').expandDims(0) as tf.Tensor3D; // [1, Tq, Tv]
  });
}

/**
 * A padding mask `[batch, time]` (1 = real step, 0 = padding), from sequence lengths or from a 0/1
 * (or boolean) tensor.
 *
 * @param lengths - One length per sequence (`number[]` or a 1-D tensor), or a `[batch, time]` tensor.
 * @param maxLength - `time`, with lengths. @defaultValue the longest length
 * @returns `[batch, time]` float32.
 * @throws {@link @seq/core!index.SeqError} for negative or non-integer lengths, lengths above
 *   `maxLength`, or a tensor that is not `[batch]` or `[batch, time]`.
 * @example
 * ```ts
 * paddingMask([2, 3], 4).arraySync(); // [[1, 1, 0, 0], [1, 1, 1, 0]]
 * ```
 */
export function paddingMask(lengths: number[] | tf.Tensor, maxLength?: number): tf.Tensor2D {
  if (lengths instanceof tf.Tensor && lengths.rank === 2)
    return tf.cast(lengths, 'float32') as tf.Tensor2D;
  if (lengths instanceof tf.Tensor) assertRank('paddingMask', 'lengths', lengths, 1, '[batch]');
  const values = lengths instanceof tf.Tensor ? Array.from(lengths.dataSync()) : lengths;
  if (
    !Array.isArray(values) ||
    values.length === 0 ||
    !values.every((n) => Number.isInteger(n) && n >= 0)
  ) {
    throw new SeqError({
      owner: 'paddingMask',
      argument: 'lengths',
      expected: 'non-negative integer lengths, or a [batch, time] 0/1 tensor',
      received: lengths,
    });
  }
  const time = maxLength ?? Math.max(...values);
  assertPositiveInteger('paddingMask', 'maxLength', time);
  const longest = Math.max(...values);
  if (longest > time) {
    throw new SeqError({
      owner: 'paddingMask',
      argument: 'maxLength',
      expected: `at least the longest length (${longest})`,
      received: time,
    });
  }
  return tf.tidy(() => {
    const steps = tf.range(0, time, 1, 'int32').expandDims(0); // [1, T]
    const ends = tf.tensor1d(values, 'int32').expandDims(1); // [B, 1]
    return tf.cast(tf.less(steps, ends), 'float32') as tf.Tensor2D; // [B, T]
  });
}

/**
 * Combines masks (1 = may attend) into one: a position may be attended only where every mask
 * allows it. `null` and `undefined` masks are skipped; masks broadcast against each other (e.g. a
 * causal `[1, Tq, Tv]` and a padding `[batch, 1, Tv]`).
 *
 * @returns the combined mask, or `null` when there is none.
 * @example
 * ```ts
 * const mask = combineMasks(causalMask(4), paddingMask([2, 4]).expandDims(1)); // [2, 4, 4]
 * ```
 */
export function combineMasks(...masks: Array<tf.Tensor | null | undefined>): tf.Tensor | null {
  const present = masks.filter((m): m is tf.Tensor => m != null);
  if (present.length === 0) return null;
  return tf.tidy(() => present.map((m) => tf.cast(m, 'float32')).reduce((a, b) => tf.mul(a, b)));
}
