import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { forecastDataset } from './forecast-dataset.js';
import type { WindowBatch } from './timeseries-dataset-from-array.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

async function first(
  dataset: tf.data.Dataset<WindowBatch>,
): Promise<{ xs: unknown; ys: unknown; xShape: number[]; yShape: number[]; batches: number }> {
  const all = await dataset.toArray();
  const batch = all[0] as WindowBatch;
  const out = {
    xs: batch.xs.arraySync(),
    ys: batch.ys.arraySync(),
    xShape: batch.xs.shape,
    yShape: batch.ys.shape,
    batches: all.length,
  };
  tf.dispose(all.flatMap((b) => [b.xs, b.ys]));
  return out;
}

describe('forecastDataset', () => {
  it('pairs each window with the next horizon values ("10 steps at once")', async () => {
    const { xs, ys, xShape, yShape } = await first(
      forecastDataset(range(10), { sequenceLength: 3, horizon: 2 }),
    );
    expect(xShape).toEqual([6, 3, 1]); // windows start at 0..5: the last needs rows 5..7 and targets 8, 9
    expect(yShape).toEqual([6, 2]);
    expect((xs as number[][][])[0]).toEqual([[0], [1], [2]]);
    expect(ys).toEqual(range(6).map((s) => [s + 3, s + 4]));
  });

  it('with horizon 1 is the one-step forecast', async () => {
    const { ys, yShape } = await first(forecastDataset(range(6), { sequenceLength: 4 }));
    expect(yShape).toEqual([2, 1]);
    expect(ys).toEqual([[4], [5]]);
  });

  it('gives every step its own horizon-step target in sequence-to-sequence mode', async () => {
    const { ys, yShape } = await first(
      forecastDataset(range(10), { sequenceLength: 3, horizon: 2, sequenceToSequence: true }),
    );
    expect(yShape).toEqual([6, 3, 2]);
    expect((ys as number[][][])[0]).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    expect((ys as number[][][])[5]).toEqual([
      [6, 7],
      [7, 8],
      [8, 9],
    ]);
  });

  it('forecasts chosen columns of a multivariate series, with a target axis for several', async () => {
    const series = range(8).map((t) => [t, 100 + t, 200 + t]);
    const one = await first(
      forecastDataset(series, { sequenceLength: 2, horizon: 3, targetColumns: [2] }),
    );
    expect(one.xShape).toEqual([4, 2, 3]);
    expect((one.ys as number[][])[0]).toEqual([202, 203, 204]);
    const two = await first(
      forecastDataset(series, { sequenceLength: 2, horizon: 2, targetColumns: [0, 2] }),
    );
    expect(two.yShape).toEqual([5, 2, 2]);
    expect((two.ys as number[][][])[0]).toEqual([
      [2, 202],
      [3, 203],
    ]);
    const s2s = await first(
      forecastDataset(series, {
        sequenceLength: 2,
        horizon: 2,
        targetColumns: [1, 2],
        sequenceToSequence: true,
      }),
    );
    expect(s2s.yShape).toEqual([5, 2, 2, 2]);
    expect((s2s.ys as number[][][][])[0]?.[1]).toEqual([
      [102, 202],
      [103, 203],
    ]);
  });

  it('spaces targets by samplingRate, like the window', async () => {
    const { xs, ys } = await first(
      forecastDataset(range(20), {
        sequenceLength: 3,
        samplingRate: 3,
        horizon: 2,
        sequenceStride: 4,
      }),
    );
    expect((xs as number[][][]).map((w) => w.flat())).toEqual([
      [0, 3, 6],
      [4, 7, 10],
    ]);
    expect(ys).toEqual([
      [9, 12],
      [13, 16],
    ]);
  });

  it('aligns sequence-to-sequence targets with samplingRate, stride, startIndex and endIndex', async () => {
    const { xs, ys } = await first(
      forecastDataset(range(40), {
        sequenceLength: 3,
        samplingRate: 2,
        sequenceStride: 3,
        horizon: 2,
        startIndex: 4,
        endIndex: 30,
        sequenceToSequence: true,
      }),
    );
    // Windows start at 4, 7, ..., up to the last whose targets end before 30: s + (3 - 1 + 2) * 2 <= 29.
    const starts = (xs as number[][][]).map((w) => w[0]?.[0]);
    expect(starts).toEqual([4, 7, 10, 13, 16, 19]);
    (xs as number[][][]).forEach((w, i) => {
      const s = starts[i] as number;
      expect(w.flat()).toEqual([s, s + 2, s + 4]);
      expect((ys as number[][][])[i]).toEqual([
        [s + 2, s + 4],
        [s + 4, s + 6],
        [s + 6, s + 8],
      ]);
    });
  });

  it('shuffles windows and targets together, and yields unbatched pairs', async () => {
    const all = await forecastDataset(range(30), {
      sequenceLength: 2,
      shuffle: true,
      seed: 1,
      batchSize: null,
    }).toArray();
    expect(all).toHaveLength(28);
    for (const { xs, ys } of all) {
      const [a, b] = xs.dataSync();
      expect(xs.shape).toEqual([2, 1]);
      expect(b).toBe((a as number) + 1);
      expect(Array.from(ys.dataSync())).toEqual([(a as number) + 2]);
    }
    expect(all.map((p) => p.xs.dataSync()[0])).not.toEqual(range(28));
    tf.dispose(all.flatMap((p) => [p.xs, p.ys]));
  });

  it('leaves no tensors behind once its batches are disposed', async () => {
    const before = tf.memory().numTensors;
    await first(
      forecastDataset(range(50), {
        sequenceLength: 5,
        horizon: 3,
        sequenceToSequence: true,
        batchSize: 7,
      }),
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options', () => {
    expect(() => forecastDataset(range(10), { sequenceLength: 8, horizon: 3 })).toThrow(
      'forecastDataset: `sequenceLength` must be short enough for one window and 3 step(s) after it to fit in the 10 rows from startIndex 0 to endIndex 10 (samplingRate 1); received 8.',
    );
    expect(() => forecastDataset(range(10), { sequenceLength: 2, horizon: 0 })).toThrow(
      'forecastDataset: `horizon` must be a positive integer; received 0.',
    );
    expect(() => forecastDataset([[1, 2]], { sequenceLength: 1, targetColumns: [2] })).toThrow(
      'forecastDataset: `targetColumns` must be a non-empty list of column indices in [0, 2); received [2].',
    );
    expect(() =>
      forecastDataset(range(10), { sequenceLength: 2, sequenceToSequence: 1 as never }),
    ).toThrow('forecastDataset: `sequenceToSequence` must be a boolean; received 1.');
    expect(() => forecastDataset([1, Number.NaN, 2], { sequenceLength: 1 })).toThrow(
      'forecastDataset: `series` must be finite numbers (fill or drop missing values first); received NaN at row 1.',
    );
  });
});
