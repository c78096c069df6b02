import { describeValue, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/** A flat list of numbers: an array, a typed array or a tensor (read in row-major order). */
export type Values = ArrayLike<number> | tf.Tensor;

/**
 * Reads {@link Values} into a `Float64Array`, checking every value is finite.
 * @internal
 */
export function readValues(
  owner: string,
  argument: string,
  values: unknown,
  minLength = 1,
): Float64Array {
  let out: Float64Array;
  if (values instanceof tf.Tensor) {
    out = Float64Array.from(values.dataSync());
  } else if (
    values !== null &&
    typeof values === 'object' &&
    typeof (values as ArrayLike<number>).length === 'number'
  ) {
    out = Float64Array.from(values as ArrayLike<number>);
  } else {
    throw new SeqError({
      owner,
      argument,
      expected: 'an array, a typed array or a tensor of numbers',
      received: values,
    });
  }
  if (out.length < minLength) {
    throw new SeqError({
      owner,
      argument,
      expected: `at least ${minLength} value(s)`,
      receivedDescription: `${out.length}`,
    });
  }
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw new SeqError({
        owner,
        argument,
        expected: 'finite numbers',
        receivedDescription: `${describeValue(out[i])} at index ${i}`,
      });
    }
  }
  return out;
}

/** Reads two equally long lists of values. @internal */
export function readPair(
  owner: string,
  yTrue: unknown,
  yPred: unknown,
): [Float64Array, Float64Array] {
  const t = readValues(owner, 'yTrue', yTrue);
  const p = readValues(owner, 'yPred', yPred);
  if (t.length !== p.length) {
    throw new SeqError({
      owner,
      argument: 'yPred',
      expected: `as many values as yTrue (${t.length})`,
      receivedDescription: `${p.length}`,
    });
  }
  return [t, p];
}
