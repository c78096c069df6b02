import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './parse-timestamp.js';
import { splitByTime } from './split-by-time.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('splitByTime', () => {
  it('cuts by fractions, in order, with the test part last', () => {
    const { train, valid, test, boundaries } = splitByTime(range(10), { train: 0.6, valid: 0.2 });
    expect([train, valid, test, boundaries]).toEqual([
      [0, 1, 2, 3, 4, 5],
      [6, 7],
      [8, 9],
      [6, 8],
    ]);
    expect(splitByTime(range(10), { train: 0.8 }).test).toEqual([8, 9]);
    expect(splitByTime(range(10), { train: 0.8 }).valid).toEqual([]);
  });

  it('cuts by row indices', () => {
    expect(splitByTime(range(5), { trainEnd: 3, validEnd: 4 })).toEqual({
      train: [0, 1, 2],
      valid: [3],
      test: [4],
      boundaries: [3, 4],
    });
    expect(splitByTime(range(5), { trainEnd: 3 }).test).toEqual([]);
  });

  it('cuts by dates: the first row at or after each boundary', () => {
    const times = ['1949-01', '1949-02', '1949-03', '1949-04', '1949-05'];
    const split = splitByTime(range(5), {
      times,
      trainEnd: '1949-03',
      validEnd: new Date(Date.UTC(1949, 3, 15)),
    });
    expect(split.boundaries).toEqual([2, 4]);
    const ms = times.map((t) => parseTimestamp(t) as number);
    expect(splitByTime(range(5), { times: ms, trainEnd: ms[1] as number }).boundaries).toEqual([
      1, 5,
    ]);
  });

  it('views typed arrays without copying and slices tensors along time', () => {
    const typed = new Float32Array(range(6));
    const { train } = splitByTime(typed, { train: 0.5 });
    typed[0] = 42;
    expect(train[0]).toBe(42);
    const t = tf.tensor2d(range(12), [6, 2]);
    const parts = splitByTime(t, { trainEnd: 4 });
    expect(parts.train.shape).toEqual([4, 2]);
    expect(parts.valid.arraySync()).toEqual([
      [8, 9],
      [10, 11],
    ]);
    tf.dispose([t, parts.train, parts.valid, parts.test]);
  });

  it('rejects bad splits', () => {
    expect(() => splitByTime(range(10), { train: 1.2 })).toThrow(
      'splitByTime: `split.train` must be a fraction in [0, 1]; received 1.2.',
    );
    expect(() => splitByTime(range(10), { train: 0.7, valid: 0.5 })).toThrow(
      'splitByTime: `split.valid` must be at most 1 - train (0.30000000000000004); received 0.5.',
    );
    expect(() => splitByTime(range(10), { train: 0.01 })).toThrow(
      'splitByTime: `split` must be a split that leaves at least one training row; received a training part of 0 of 10 rows.',
    );
    expect(() => splitByTime(range(10), { trainEnd: 11 })).toThrow(
      'splitByTime: `split.trainEnd` must be a row index in [0, 10]; received 11.',
    );
    expect(() => splitByTime(range(10), { trainEnd: 5, validEnd: 4 })).toThrow(
      'splitByTime: `split.validEnd` must be a row index in [trainEnd (5), 10]; received 4.',
    );
    expect(() =>
      splitByTime(range(3), { times: ['2020', '2019', '2021'], trainEnd: '2020' }),
    ).toThrow(
      'splitByTime: `split.times` must be strictly increasing times; received "2019" after "2020" at row 1.',
    );
    expect(() => splitByTime(range(3), { times: ['2020'], trainEnd: '2020' })).toThrow(
      'splitByTime: `split.times` must be one time per row (3); received ["2020"].',
    );
    expect(() =>
      splitByTime(range(3), { times: ['2019', '2020', '2021'], trainEnd: 'soon' }),
    ).toThrow(
      'splitByTime: `split.trainEnd` must be a Date, a time stamp parseTimestamp reads, or milliseconds; received "soon".',
    );
    expect(() => splitByTime([], { train: 0.5 })).toThrow(
      'splitByTime: `data` must be a non-empty array, typed array or tensor; received [].',
    );
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['1749', Date.UTC(1749, 0, 1)],
    ['1949-01', Date.UTC(1949, 0, 1)],
    ['1949-12', Date.UTC(1949, 11, 1)],
    ['2016-07-01', Date.UTC(2016, 6, 1)],
    ['2016-07-01 13:00:00', Date.UTC(2016, 6, 1, 13)],
    ['2016-07-01T13:30', Date.UTC(2016, 6, 1, 13, 30)],
    ['2016-07-01T13:30:00.250Z', Date.UTC(2016, 6, 1, 13, 30, 0, 250)],
    ['2016-07-01T13:30:00+02:00', Date.UTC(2016, 6, 1, 11, 30)],
    ['1991.5', Date.UTC(1991, 6, 1)], // twelfths: R's monthly time(), a month start
    ['1958.083333333333', Date.UTC(1958, 1, 1)],
    ['0050-06-01', -60576249600000], // years below 100 stay themselves
  ])('reads %s', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  it('reads fractional years that are not twelfths as a fraction of the year', () => {
    const year = Date.UTC(1992, 0, 1) - Date.UTC(1991, 0, 1);
    expect(parseTimestamp('1991.49615384615')).toBeCloseTo(
      Date.UTC(1991, 0, 1) + 0.49615384615 * year,
      -1,
    );
  });

  it('keeps years below 100 and splits monthly fractional years at month starts', () => {
    expect(new Date(parseTimestamp('0050-06-01') as number).getUTCFullYear()).toBe(50);
    expect(new Date(parseTimestamp('0099') as number).getUTCFullYear()).toBe(99);
    const times = ['1958.0', '1958.083333333333', '1958.166666666667'];
    expect(splitByTime([1, 2, 3], { times, trainEnd: '1958-02' }).boundaries).toEqual([1, 3]);
  });

  it.each(['soon', '1949-13', '2019-02-30', '12:00', '', '2019-1-1x'])('rejects %o', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });
});
