import { expectNoLeakedTensors } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NextTokenBatch } from './next-token-dataset.js';
import { statefulNextTokenDataset } from './stateful-next-token-dataset.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

async function collect(dataset: tf.data.Dataset<NextTokenBatch>) {
  const batches: { xs: number[][]; ys: number[][] }[] = [];
  await dataset.forEachAsync((batch) => {
    expect([batch.xs.dtype, batch.ys.dtype]).toEqual(['int32', 'int32']);
    batches.push({ xs: batch.xs.arraySync(), ys: batch.ys.arraySync() });
    tf.dispose([batch.xs, batch.ys]);
  });
  return batches;
}

describe('statefulNextTokenDataset', () => {
  it('gives row i of batch k the k-th window of stream i', async () => {
    const dataset = statefulNextTokenDataset(range(20), { length: 3, batchSize: 2 });
    expect(dataset.size).toBe(3);
    expect(await collect(dataset)).toEqual([
      {
        xs: [
          [0, 1, 2],
          [10, 11, 12],
        ],
        ys: [
          [1, 2, 3],
          [11, 12, 13],
        ],
      },
      {
        xs: [
          [3, 4, 5],
          [13, 14, 15],
        ],
        ys: [
          [4, 5, 6],
          [14, 15, 16],
        ],
      },
      {
        xs: [
          [6, 7, 8],
          [16, 17, 18],
        ],
        ys: [
          [7, 8, 9],
          [17, 18, 19],
        ],
      },
    ]);
  });

  it('drops the remainder at the end, and the tail of each stream too short for a window', async () => {
    // 23 ids: 2 streams of 11 ([0 .. 10], [11 .. 21]; 22 dropped). Windows of 3 + 1 ids at 0, 3
    // and 6 fit a stream (the one at 6 ends at 9); one at 9 would need ids up to 12.
    const batches = await collect(statefulNextTokenDataset(range(23), { length: 3, batchSize: 2 }));
    expect(batches.map((b) => b.xs)).toEqual([
      [
        [0, 1, 2],
        [11, 12, 13],
      ],
      [
        [3, 4, 5],
        [14, 15, 16],
      ],
      [
        [6, 7, 8],
        [17, 18, 19],
      ],
    ]);
    expect(batches.at(-1)?.ys).toEqual([
      [7, 8, 9],
      [18, 19, 20],
    ]);
  });

  it('rejects bad ids and options with a SeqError saying what it needs', () => {
    const cases: [() => unknown, string][] = [
      [
        () => statefulNextTokenDataset(null as never, { length: 2, batchSize: 2 }),
        'statefulNextTokenDataset: `ids` must be an array or typed array of token ids; received null.',
      ],
      [
        () => statefulNextTokenDataset([0, 1, Number.NaN], { length: 1, batchSize: 1 }),
        'statefulNextTokenDataset: `ids[2]` must be a token id (a non-negative integer below 2^31); received NaN.',
      ],
      [
        () => statefulNextTokenDataset(range(7), { length: 3, batchSize: 2 }),
        'statefulNextTokenDataset: `ids` must be at least 8 ids long (batchSize 2 streams of at least length + 1 = 4 ids); received 7 ids.',
      ],
      [
        () => statefulNextTokenDataset(range(9), { length: 0, batchSize: 2 }),
        'statefulNextTokenDataset: `length` must be a positive integer; received 0.',
      ],
      [
        () => statefulNextTokenDataset(range(9), { length: 2 } as never),
        'statefulNextTokenDataset: `batchSize` must be a positive integer; received undefined.',
      ],
      [
        () => statefulNextTokenDataset(range(9), 'x' as never),
        'statefulNextTokenDataset: `options` must be an object; received "x".',
      ],
    ];
    const before = tf.memory().numTensors;
    for (const [call, message] of cases) expect(call).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaks no tensors when its batches are disposed', async () => {
    await expectNoLeakedTensors('statefulNextTokenDataset', async () => {
      const dataset = statefulNextTokenDataset(range(50), { length: 4, batchSize: 3 });
      await dataset.forEachAsync((b) => tf.dispose([b.xs, b.ys]));
    });
  });

  it('continues each row exactly where the previous batch stopped (fast-check)', async () => {
    const args = fc
      .record({
        length: fc.integer({ min: 1, max: 5 }),
        batchSize: fc.integer({ min: 1, max: 4 }),
        extra: fc.nat({ max: 30 }),
        values: fc.array(fc.nat({ max: 9 }), { minLength: 80, maxLength: 80 }),
      })
      .map(({ length, batchSize, extra, values }) => ({
        length,
        batchSize,
        ids: values.slice(0, batchSize * (length + 1) + extra), // always one window per stream
      }));
    await fc.assert(
      fc.asyncProperty(args, async ({ ids, length, batchSize }) => {
        const streamLength = Math.floor(ids.length / batchSize);
        const batches = await collect(statefulNextTokenDataset(ids, { length, batchSize }));
        expect(batches).toHaveLength(Math.floor((streamLength - 1) / length));
        for (let i = 0; i < batchSize; i++) {
          const rows = batches.map((b) => ({ x: b.xs[i] as number[], y: b.ys[i] as number[] }));
          rows.forEach(({ x, y }, k) => {
            expect(x).toHaveLength(length);
            expect(y.slice(0, -1)).toEqual(x.slice(1)); // targets shifted by one
            const next = rows[k + 1];
            if (next) expect(next.x[0]).toBe(y.at(-1)); // batch k + 1 picks up where k stopped
          });
          // Row i, batch after batch, reads stream i without a gap from its start.
          const read = rows.flatMap((r) => r.x);
          const start = i * streamLength;
          expect(read).toEqual(ids.slice(start, start + read.length));
          expect(rows.at(-1)?.y.at(-1)).toBe(ids[start + read.length]);
        }
      }),
      { numRuns: 60 },
    );
  });
});
