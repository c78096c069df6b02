import { describeValue, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { parseTimestamp } from './parse-timestamp.js';

const OWNER = 'splitByTime';

/** A time point: a `Date`, a time stamp that {@link parseTimestamp} reads (`'2019-01'`), or milliseconds since the epoch. */
export type TimePoint = Date | string | number;

/**
 * Where {@link splitByTime} cuts: by fractions of the rows, by row indices, or by dates.
 * The test part is whatever follows the validation part.
 */
export type TimeSplit =
  | {
      /** Fraction of the rows for training, from the start. */
      train: number;
      /** Fraction for validation, after training. @defaultValue `0` */
      valid?: number;
    }
  | {
      /** Row where validation starts (training is every row before it). */
      trainEnd: number;
      /** Row where testing starts. @defaultValue the end: no test part */
      validEnd?: number;
    }
  | {
      /** The time of each row, in order. */
      times: ReadonlyArray<TimePoint>;
      /** The first time of the validation part. */
      trainEnd: TimePoint;
      /** The first time of the test part. @defaultValue none: no test part */
      validEnd?: TimePoint;
    };

/** Something {@link splitByTime} can slice: an array, a typed array or a tensor (along axis 0). */
export type Sliceable = unknown[] | ArrayLike<number> | tf.Tensor;

/** The three chronological parts of a series, and where they were cut. */
export interface TimeSplitResult<T> {
  /** Rows `[0, trainEnd)`. */
  train: T;
  /** Rows `[trainEnd, validEnd)`. */
  valid: T;
  /** Rows `[validEnd, end)`. */
  test: T;
  /** The row indices of the two cuts: `[trainEnd, validEnd]`. */
  boundaries: [number, number];
}

function toMillis(argument: string, t: TimePoint): number {
  const ms =
    t instanceof Date
      ? t.getTime()
      : typeof t === 'number'
        ? t
        : typeof t === 'string'
          ? parseTimestamp(t)
          : null;
  if (ms === null || !Number.isFinite(ms)) {
    throw new SeqError({
      owner: OWNER,
      argument,
      expected: 'a Date, a time stamp parseTimestamp reads, or milliseconds',
      received: t,
    });
  }
  return ms;
}

function slice<T extends Sliceable>(data: T, begin: number, end: number): T {
  if (data instanceof tf.Tensor) return data.slice(begin, end - begin) as T;
  if (Array.isArray(data)) return data.slice(begin, end) as T;
  const typed = data as unknown as { subarray?: (b: number, e: number) => T };
  if (typeof typed.subarray === 'function') return typed.subarray(begin, end); // a view, no copy
  return Array.prototype.slice.call(data, begin, end) as T;
}

/**
 * Splits a series into training, validation and test parts in time order, never shuffling across
 * the boundaries (a model must not train on the future of its test set). Cut by fractions, by
 * row indices, or by dates.
 *
 * Arrays are sliced, typed arrays are viewed with `subarray` (no copy), tensors are sliced along
 * their first axis (the caller disposes the parts).
 *
 * @param data - Rows in time order: `[time, ...]`.
 * @throws {@link @seq/core!index.SeqError} for fractions outside `[0, 1]` or summing over 1, indices out of order
 *   or out of range, times that are not increasing or do not match the rows, and an empty training part.
 * @example
 * ```ts
 * const { train, valid, test } = splitByTime(series, { train: 0.7, valid: 0.2 });
 * const byDate = splitByTime(rows, { times: dates, trainEnd: '1958-01', validEnd: '1959-01' });
 * ```
 */
export function splitByTime<T extends Sliceable>(data: T, split: TimeSplit): TimeSplitResult<T> {
  const rows =
    data instanceof tf.Tensor ? (data.shape[0] ?? 0) : (data as ArrayLike<unknown>)?.length;
  if (typeof rows !== 'number' || rows === 0 || (data instanceof tf.Tensor && data.rank === 0)) {
    throw new SeqError({
      owner: OWNER,
      argument: 'data',
      expected: 'a non-empty array, typed array or tensor',
      received: data,
    });
  }
  let trainEnd: number;
  let validEnd: number;
  if (split === null || typeof split !== 'object') {
    throw new SeqError({
      owner: OWNER,
      argument: 'split',
      expected: '{train, valid?}, {trainEnd, validEnd?} or {times, trainEnd, validEnd?}',
      received: split,
    });
  }
  if ('train' in split) {
    const valid = split.valid ?? 0;
    for (const [name, f] of [
      ['train', split.train],
      ['valid', valid],
    ] as const) {
      if (typeof f !== 'number' || !(f >= 0 && f <= 1)) {
        throw new SeqError({
          owner: OWNER,
          argument: `split.${name}`,
          expected: 'a fraction in [0, 1]',
          received: f,
        });
      }
    }
    if (split.train + valid > 1 + 1e-12) {
      throw new SeqError({
        owner: OWNER,
        argument: 'split.valid',
        expected: `at most 1 - train (${1 - split.train})`,
        received: valid,
      });
    }
    trainEnd = Math.round(rows * split.train);
    validEnd = Math.min(rows, Math.round(rows * (split.train + valid)));
  } else if ('times' in split) {
    const times = split.times;
    if (!Array.isArray(times) || times.length !== rows) {
      throw new SeqError({
        owner: OWNER,
        argument: 'split.times',
        expected: `one time per row (${rows})`,
        receivedDescription: describeValue(times),
      });
    }
    const ms = times.map((t, i) => toMillis(`split.times[${i}]`, t));
    for (let i = 1; i < ms.length; i++) {
      if (!((ms[i] as number) > (ms[i - 1] as number))) {
        throw new SeqError({
          owner: OWNER,
          argument: 'split.times',
          expected: 'strictly increasing times',
          receivedDescription: `${describeValue(times[i])} after ${describeValue(times[i - 1])} at row ${i}`,
        });
      }
    }
    const cut = (t: number) => {
      const i = ms.findIndex((m) => m >= t);
      return i < 0 ? rows : i;
    };
    trainEnd = cut(toMillis('split.trainEnd', split.trainEnd));
    validEnd =
      split.validEnd === undefined ? rows : cut(toMillis('split.validEnd', split.validEnd));
    if (validEnd < trainEnd) {
      throw new SeqError({
        owner: OWNER,
        argument: 'split.validEnd',
        expected: 'a time after trainEnd',
        received: split.validEnd,
      });
    }
  } else {
    trainEnd = split.trainEnd;
    validEnd = split.validEnd ?? rows;
    if (!Number.isInteger(trainEnd) || trainEnd < 0 || trainEnd > rows) {
      throw new SeqError({
        owner: OWNER,
        argument: 'split.trainEnd',
        expected: `a row index in [0, ${rows}]`,
        received: trainEnd,
      });
    }
    if (!Number.isInteger(validEnd) || validEnd < trainEnd || validEnd > rows) {
      throw new SeqError({
        owner: OWNER,
        argument: 'split.validEnd',
        expected: `a row index in [trainEnd (${trainEnd}), ${rows}]`,
        received: validEnd,
      });
    }
  }
  if (trainEnd === 0) {
    throw new SeqError({
      owner: OWNER,
      argument: 'split',
      expected: 'a split that leaves at least one training row',
      receivedDescription: `a training part of 0 of ${rows} rows`,
    });
  }
  return {
    train: slice(data, 0, trainEnd),
    valid: slice(data, trainEnd, validEnd),
    test: slice(data, validEnd, rows),
    boundaries: [trainEnd, validEnd],
  };
}
