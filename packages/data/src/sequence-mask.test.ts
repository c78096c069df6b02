import { expectNoLeakedTensors } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sequenceMask } from './sequence-mask.js';

/** The mask as booleans (tfjs reads bool tensors back as 0 and 1), its shape and dtype. */
function read(t: tf.Tensor2D) {
  const values = t.arraySync().map((row) => row.map(Boolean));
  const result = { values, shape: t.shape, dtype: t.dtype };
  t.dispose();
  return result;
}

describe('sequenceMask', () => {
  it("matches tf.sequence_mask's documented examples", () => {
    expect(read(sequenceMask([1, 3, 2], 5))).toEqual({
      values: [
        [true, false, false, false, false],
        [true, true, true, false, false],
        [true, true, false, false, false],
      ],
      shape: [3, 5],
      dtype: 'bool',
    });
    // Without maxLength, the longest length.
    expect(read(sequenceMask([1, 3, 2])).values).toEqual([
      [true, false, false],
      [true, true, true],
      [true, true, false],
    ]);
  });

  it('takes typed arrays and 1-D tensors (not disposed), cuts long lengths, and allows zeros', () => {
    expect(read(sequenceMask(Int32Array.of(0, 4), 2)).values).toEqual([
      [false, false],
      [true, true],
    ]);
    const lengths = tf.tensor1d([2, 0], 'int32');
    expect(read(sequenceMask(lengths)).values).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(lengths.isDisposed).toBe(false);
    lengths.dispose();
    expect(sequenceMask([]).shape).toEqual([0, 0]);
  });

  it('rejects bad lengths and maxLength with a SeqError naming them', () => {
    const matrix = tf.zeros([2, 2]);
    const cases: [() => unknown, string][] = [
      [
        () => sequenceMask('12' as never),
        'sequenceMask: `lengths` must be an array, typed array or 1-D tensor of lengths; received "12".',
      ],
      [
        () => sequenceMask([1, -1]),
        'sequenceMask: `lengths[1]` must be a non-negative integer; received -1.',
      ],
      [
        () => sequenceMask([1.5]),
        'sequenceMask: `lengths[0]` must be a non-negative integer; received 1.5.',
      ],
      [
        () => sequenceMask(matrix as never),
        'sequenceMask: `lengths` must be a tensor of rank 1 ([batch]); received a float32 tensor of shape [2, 2].',
      ],
      [
        () => sequenceMask([1], -2),
        'sequenceMask: `maxLength` must be a non-negative integer; received -2.',
      ],
    ];
    const before = tf.memory().numTensors;
    for (const [call, message] of cases) expect(call).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
    matrix.dispose();
  });

  it('leaks no tensors', async () => {
    await expectNoLeakedTensors('sequenceMask', () => sequenceMask([1, 3, 2], 4));
    const lengths = tf.tensor1d([1, 2], 'int32');
    await expectNoLeakedTensors('sequenceMask of a tensor', () => sequenceMask(lengths));
    lengths.dispose();
  });

  it('is true exactly where position < length, with the right shape (fast-check)', () => {
    const args = fc.record({
      lengths: fc.array(fc.nat({ max: 12 }), { maxLength: 8 }),
      maxLength: fc.option(fc.nat({ max: 12 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(args, ({ lengths, maxLength }) => {
        const width = maxLength ?? Math.max(0, ...lengths);
        const mask = sequenceMask(lengths, maxLength);
        expect(mask.shape).toEqual([lengths.length, width]);
        const expected = lengths.flatMap((n) => Array.from({ length: width }, (_, t) => t < n));
        expect(Array.from(mask.dataSync(), Boolean)).toEqual(expected);
        mask.dispose();
      }),
      { numRuns: 100 },
    );
  });
});
