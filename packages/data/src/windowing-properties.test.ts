import { SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timeseriesDatasetFromArray } from './index.js';

/** Keras' windowing written out: window starts, then rows samplingRate apart. */
function referenceWindows(o: {
  sequenceLength: number;
  sequenceStride: number;
  samplingRate: number;
  startIndex: number;
  endIndex: number;
}) {
  const starts: number[] = [];
  for (
    let s = o.startIndex;
    s + (o.sequenceLength - 1) * o.samplingRate < o.endIndex;
    s += o.sequenceStride
  )
    starts.push(s);
  return starts.map((s) =>
    Array.from({ length: o.sequenceLength }, (_, k) => s + k * o.samplingRate),
  );
}

const options = fc
  .record({
    n: fc.integer({ min: 1, max: 40 }),
    features: fc.integer({ min: 1, max: 3 }),
    sequenceLength: fc.integer({ min: 1, max: 8 }),
    sequenceStride: fc.integer({ min: 1, max: 4 }),
    samplingRate: fc.integer({ min: 1, max: 3 }),
    batchSize: fc.integer({ min: 1, max: 7 }),
    startFraction: fc.double({ min: 0, max: 0.5, noNaN: true }),
  })
  .filter(({ n, sequenceLength, samplingRate }) => (sequenceLength - 1) * samplingRate < n);

describe('timeseriesDatasetFromArray properties (fast-check)', () => {
  it('yields exactly the reference windows and targets, in order, batch by batch, leaking nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        options,
        async ({
          n,
          features,
          sequenceLength,
          sequenceStride,
          samplingRate,
          batchSize,
          startFraction,
        }) => {
          const startIndex = Math.floor(startFraction * n);
          const endIndex = n;
          const expected = referenceWindows({
            sequenceLength,
            sequenceStride,
            samplingRate,
            startIndex,
            endIndex,
          });
          fc.pre(expected.length > 0);
          const rows = Array.from({ length: n }, (_, t) =>
            Array.from({ length: features }, (_, f) => t * 10 + f),
          );
          const targets = Array.from({ length: n }, (_, t) => -t);
          const before = tf.memory().numTensors;
          const ds = timeseriesDatasetFromArray(rows, targets, {
            sequenceLength,
            sequenceStride,
            samplingRate,
            batchSize,
            startIndex,
            endIndex,
          });
          const windows: number[][][] = [];
          const ys: number[] = [];
          const sizes: number[] = [];
          await ds.forEachAsync((batch) => {
            const { xs, ys: y } = batch as { xs: tf.Tensor; ys: tf.Tensor };
            sizes.push(xs.shape[0] as number);
            windows.push(...(xs.arraySync() as number[][][]));
            ys.push(...(y.arraySync() as number[]));
            tf.dispose([xs, y]);
          });
          expect(tf.memory().numTensors).toBe(before);
          expect(windows).toEqual(expected.map((w) => w.map((t) => rows[t])));
          expect(ys).toEqual(expected.map((w) => -(w[0] as number)));
          expect(sizes.slice(0, -1).every((s) => s === batchSize)).toBe(true);
          expect(sizes.at(-1)).toBeLessThanOrEqual(batchSize);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('invalid options always raise a SeqError naming the option, before any tensor is made', () => {
    const invalid = fc.oneof(
      fc.record({
        sequenceLength: fc.oneof(
          fc.integer({ max: 0 }),
          fc.double({ min: 0.1, max: 5, noInteger: true }),
        ),
      }),
      fc.record({ sequenceStride: fc.integer({ max: 0 }) }),
      fc.record({ samplingRate: fc.integer({ max: 0 }) }),
      fc.record({ batchSize: fc.integer({ max: 0 }) }),
      fc.record({ startIndex: fc.integer({ min: -20, max: -1 }) }),
    );
    fc.assert(
      fc.property(invalid, (bad) => {
        const before = tf.memory().numTensors;
        let error: unknown = null;
        try {
          timeseriesDatasetFromArray([1, 2, 3, 4, 5, 6], null, { sequenceLength: 2, ...bad });
        } catch (e) {
          error = e;
        }
        expect(SeqError.isInstance(error)).toBe(true);
        expect((error as SeqError).argument).toBe(Object.keys(bad)[0]);
        expect(tf.memory().numTensors).toBe(before);
      }),
      { numRuns: 100 },
    );
  });
});
