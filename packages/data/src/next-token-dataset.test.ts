import { expectNoLeakedTensors } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NextTokenBatch, nextTokenDataset } from './next-token-dataset.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Iterates a dataset once: the batches' xs and ys as arrays, and their shapes. */
async function collect(dataset: tf.data.Dataset<NextTokenBatch>) {
  const xs: number[][][] = [];
  const ys: number[][][] = [];
  const shapes: number[][] = [];
  const dtypes = new Set<string>();
  await dataset.forEachAsync((batch) => {
    xs.push(batch.xs.arraySync());
    ys.push(batch.ys.arraySync());
    shapes.push(batch.xs.shape, batch.ys.shape);
    dtypes.add(batch.xs.dtype).add(batch.ys.dtype);
    tf.dispose([batch.xs, batch.ys]);
  });
  return { xs, ys, shapes, dtypes: [...dtypes] };
}

describe('nextTokenDataset', () => {
  it('cuts windows of length + 1, shift 1, in order, into (inputs, inputs one step later)', async () => {
    const dataset = nextTokenDataset(range(10), { length: 3, batchSize: 4 });
    expect(dataset.size).toBe(2);
    const { xs, ys, shapes, dtypes } = await collect(dataset);
    expect(shapes).toEqual([
      [4, 3],
      [4, 3],
      [3, 3],
      [3, 3],
    ]);
    expect(dtypes).toEqual(['int32']);
    expect(xs.flat()).toEqual(range(7).map((s) => [s, s + 1, s + 2]));
    expect(ys.flat()).toEqual(range(7).map((s) => [s + 1, s + 2, s + 3]));
  });

  it('steps by shift, defaults to batches of 32, and drops the last partial batch on request', async () => {
    const ids = Int32Array.from(range(12), (i) => 100 + i);
    const { xs, ys, shapes } = await collect(nextTokenDataset(ids, { length: 4, shift: 3 }));
    expect(shapes).toEqual([
      [3, 4],
      [3, 4],
    ]);
    expect(xs[0]).toEqual([
      [100, 101, 102, 103],
      [103, 104, 105, 106],
      [106, 107, 108, 109],
    ]);
    expect(ys[0]).toEqual([
      [101, 102, 103, 104],
      [104, 105, 106, 107],
      [107, 108, 109, 110],
    ]);
    const dropped = nextTokenDataset(range(10), { length: 3, batchSize: 4, dropRemainder: true });
    expect(dropped.size).toBe(1);
    expect((await collect(dropped)).xs.flat()).toEqual(range(4).map((s) => [s, s + 1, s + 2]));
  });

  it('shuffles all windows with a seed: the same orders for the same seed, a new one each epoch', async () => {
    const options = { length: 2, batchSize: 5, shuffle: true, seed: 42 };
    const starts = async (dataset: tf.data.Dataset<NextTokenBatch>) =>
      (await collect(dataset)).xs.flat().map((x) => x[0] as number);
    const a = nextTokenDataset(range(30), options);
    const b = nextTokenDataset(range(30), options);
    const [a1, a2, b1, b2] = [await starts(a), await starts(a), await starts(b), await starts(b)];
    expect([b1, b2]).toEqual([a1, a2]);
    expect(a1).not.toEqual(a2);
    expect(a1).not.toEqual(range(28));
    expect([...a1].sort((x, y) => x - y)).toEqual(range(28));
    const other = await starts(nextTokenDataset(range(30), { ...options, seed: 'other' }));
    expect(other).not.toEqual(a1);
    // With dropRemainder, each epoch drops a random remainder: 28 windows -> 5 batches of 5.
    const dropped = await starts(nextTokenDataset(range(30), { ...options, dropRemainder: true }));
    expect(dropped).toEqual(a1.slice(0, 25));
  });

  it('runs its documented example', async () => {
    const ids = Array.from('to be or not to be', (c) => c.charCodeAt(0));
    const dataset = nextTokenDataset(ids, { length: 4, batchSize: 8, shuffle: true, seed: 42 });
    const { xs, shapes } = await collect(dataset);
    expect(shapes).toEqual([
      [8, 4],
      [8, 4],
      [6, 4],
      [6, 4],
    ]);
    expect(
      xs
        .flat()
        .map((x) => String.fromCharCode(...x))
        .sort(),
    ).toEqual(Array.from({ length: 14 }, (_, s) => 'to be or not to be'.slice(s, s + 4)).sort());
  });

  it('rejects bad ids and options with a SeqError saying what it needs', () => {
    const cases: [() => unknown, string][] = [
      [
        () => nextTokenDataset('hello' as never, { length: 2 }),
        'nextTokenDataset: `ids` must be an array or typed array of token ids; received "hello".',
      ],
      [
        () => nextTokenDataset([1, 2, 2.5], { length: 1 }),
        'nextTokenDataset: `ids[2]` must be a token id (a non-negative integer below 2^31); received 2.5.',
      ],
      [
        () => nextTokenDataset([1, -2, 3], { length: 1 }),
        'nextTokenDataset: `ids[1]` must be a token id (a non-negative integer below 2^31); received -2.',
      ],
      [
        () => nextTokenDataset(range(5), { length: 0 }),
        'nextTokenDataset: `length` must be a positive integer; received 0.',
      ],
      [
        () => nextTokenDataset(range(5), {} as never),
        'nextTokenDataset: `length` must be a positive integer; received undefined.',
      ],
      [
        () => nextTokenDataset(range(50), { length: 100 }),
        'nextTokenDataset: `ids` must be at least 101 ids long (one window of length + 1 = 101 ids); received 50 ids.',
      ],
      [
        () =>
          nextTokenDataset(range(9), { length: 3, batchSize: 4, shift: 2, dropRemainder: true }),
        'nextTokenDataset: `ids` must be at least 10 ids long (one full batch of 4 windows of length + 1 = 4 ids, 2 apart, as dropRemainder is true); received 9 ids.',
      ],
      [
        () => nextTokenDataset(range(5), { length: 2, shift: 0 }),
        'nextTokenDataset: `shift` must be a positive integer; received 0.',
      ],
      [
        () => nextTokenDataset(range(5), { length: 2, batchSize: 2.5 }),
        'nextTokenDataset: `batchSize` must be a positive integer; received 2.5.',
      ],
      [
        () => nextTokenDataset(range(5), { length: 2, shuffle: 'yes' as never }),
        'nextTokenDataset: `shuffle` must be a boolean; received "yes".',
      ],
      [
        () => nextTokenDataset(range(5), { length: 2, dropRemainder: 0 as never }),
        'nextTokenDataset: `dropRemainder` must be a boolean; received 0.',
      ],
    ];
    const before = tf.memory().numTensors;
    for (const [call, message] of cases) expect(call).toThrow(message);
    const oneFullBatch = { length: 3, batchSize: 4, shift: 2, dropRemainder: true };
    expect(nextTokenDataset(range(10), oneFullBatch).size).toBe(1); // exactly enough
    expect(tf.memory().numTensors).toBe(before);
  });

  it('makes no tensor until iterated, and leaks none when its batches are disposed', async () => {
    await expectNoLeakedTensors('nextTokenDataset', async () => {
      const dataset = nextTokenDataset(range(40), { length: 5, batchSize: 8, shuffle: true });
      await dataset.forEachAsync((b) => tf.dispose([b.xs, b.ys]));
    });
  });

  it('yields exactly the windows of ids, each with y = x shifted by one (fast-check)', async () => {
    const args = fc
      .record({
        ids: fc.array(fc.nat({ max: 5 }), { minLength: 2, maxLength: 40 }),
        length: fc.integer({ min: 1, max: 6 }),
        shift: fc.integer({ min: 1, max: 4 }),
        batchSize: fc.integer({ min: 1, max: 6 }),
        shuffle: fc.boolean(),
        seed: fc.nat(),
        dropRemainder: fc.boolean(),
      })
      .map((a) => ({ ...a, length: Math.min(a.length, a.ids.length - 1) })) // one window fits
      .map((a) => ({
        ...a, // and with dropRemainder, one full batch
        batchSize: a.dropRemainder
          ? Math.min(a.batchSize, Math.floor((a.ids.length - a.length - 1) / a.shift) + 1)
          : a.batchSize,
      }));
    await fc.assert(
      fc.asyncProperty(args, async (a) => {
        const starts: number[] = [];
        for (let s = 0; s + a.length < a.ids.length; s += a.shift) starts.push(s);
        const count = a.dropRemainder
          ? starts.length - (starts.length % a.batchSize)
          : starts.length;
        const { xs, ys, shapes } = await collect(nextTokenDataset(a.ids, a));
        const x = xs.flat();
        const y = ys.flat();
        expect(x).toHaveLength(count);
        const sizes: number[] = [];
        for (let left = count; left > 0; left -= a.batchSize)
          sizes.push(Math.min(left, a.batchSize));
        expect(shapes).toEqual(
          sizes.flatMap((b) => [
            [b, a.length],
            [b, a.length],
          ]),
        ); // xs, ys
        const window = (s: number) => a.ids.slice(s, s + a.length + 1);
        const key = (w: number[]) => w.join(',');
        const all = starts.map((s) => key(window(s)));
        const seen = x.map((row, i) => {
          expect(y[i]?.slice(0, -1)).toEqual(row.slice(1)); // y is x shifted by one
          const w = key([...row, y[i]?.at(-1) as number]);
          expect(all).toContain(w); // a window of ids, shift apart
          return w;
        });
        if (!a.shuffle) expect(seen).toEqual(all.slice(0, count));
        if (!a.dropRemainder) expect([...seen].sort()).toEqual([...all].sort());
      }),
      { numRuns: 60 },
    );
  });
});
