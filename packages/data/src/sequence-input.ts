import { SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/** The smallest and largest int32 values. @internal */
export const INT32_MIN = -(2 ** 31);
/** @internal */
export const INT32_MAX = 2 ** 31 - 1;

/**
 * Whether `value` is an array, a typed array or another object with an integer `length` (not a
 * string, not a tensor).
 * @internal
 */
export function isArrayLikeObject(value: unknown): value is ArrayLike<unknown> {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object' || value instanceof tf.Tensor) return false;
  if (value instanceof DataView) return false;
  const length = (value as { length?: unknown }).length;
  return Number.isInteger(length) && (length as number) >= 0;
}

/**
 * Checks a list of sequences: an array whose items are arrays or typed arrays (their values are
 * checked by the caller).
 * @internal
 */
export function assertSequenceList(
  owner: string,
  argument: string,
  value: unknown,
): ArrayLike<unknown>[] {
  if (!Array.isArray(value)) {
    throw new SeqError({
      owner,
      argument,
      expected: 'an array of sequences (arrays or typed arrays of numbers)',
      received: value,
    });
  }
  value.forEach((item, i) => {
    assertSequence(owner, `${argument}[${i}]`, item);
  });
  return value;
}

/** Checks one sequence: an array or typed array (its values are checked by the caller). @internal */
export function assertSequence(
  owner: string,
  argument: string,
  value: unknown,
): ArrayLike<unknown> {
  if (!isArrayLikeObject(value)) {
    throw new SeqError({
      owner,
      argument,
      expected: 'an array or typed array of numbers',
      received: value,
    });
  }
  return value;
}

/**
 * Checks that every value of `sequence` is an integer in `[min, max]`, naming the first bad one
 * (`ids[3]`).
 * @internal
 */
export function assertIntegers(
  owner: string,
  argument: string,
  sequence: ArrayLike<unknown>,
  expected: string,
  min = INT32_MIN,
  max = INT32_MAX,
): void {
  for (let i = 0; i < sequence.length; i++) {
    const v = sequence[i];
    if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) {
      throw new SeqError({ owner, argument: `${argument}[${i}]`, expected, received: v });
    }
  }
}

/**
 * Checks token ids: an array or typed array of non-negative integers below 2^31.
 * @internal
 */
export function assertTokenIds(owner: string, argument: string, ids: unknown): ArrayLike<number> {
  if (!isArrayLikeObject(ids)) {
    throw new SeqError({
      owner,
      argument,
      expected: 'an array or typed array of token ids',
      received: ids,
    });
  }
  assertIntegers(owner, argument, ids, 'a token id (a non-negative integer below 2^31)', 0);
  return ids as ArrayLike<number>;
}

/** Reads token ids (checked by {@link assertTokenIds}) into a new `Int32Array`. @internal */
export function toTokenIds(owner: string, argument: string, ids: unknown): Int32Array {
  return Int32Array.from(assertTokenIds(owner, argument, ids));
}

/** Checks that an options argument is an object (or undefined, read as `{}`). @internal */
export function assertOptions<T extends object>(owner: string, options: T | undefined): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new SeqError({ owner, argument: 'options', expected: 'an object', received: options });
  }
  return options;
}

/** `'1 id'`, `'5 ids'`: how many ids were received, for messages. @internal */
export function describeIdCount(n: number): string {
  return n === 1 ? '1 id' : `${n} ids`;
}
