import { expectNoLeakedTensors } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PadSequencesOptions, padSequences } from './pad-sequences.js';

/** Runs padSequences and reads the result back, disposing it. */
function pad(sequences: ArrayLike<number>[], options?: PadSequencesOptions) {
  const t = padSequences(sequences, options);
  const result = { values: t.arraySync(), shape: t.shape, dtype: t.dtype };
  t.dispose();
  return result;
}

/** Keras' pad_sequences written out with plain arrays. */
function reference(
  sequences: number[][],
  o: { maxlen: number; padding: 'pre' | 'post'; truncating: 'pre' | 'post'; value: number },
) {
  return sequences.map((s) => {
    const kept =
      o.truncating === 'pre' ? s.slice(Math.max(0, s.length - o.maxlen)) : s.slice(0, o.maxlen);
    const fill = Array.from({ length: o.maxlen - kept.length }, () => o.value);
    return o.padding === 'pre' ? [...fill, ...kept] : [...kept, ...fill];
  });
}

const sequence = [[1], [2, 3], [4, 5, 6]];

describe('padSequences', () => {
  it("matches Keras' documented examples", () => {
    expect(pad(sequence)).toEqual({
      values: [
        [0, 0, 1],
        [0, 2, 3],
        [4, 5, 6],
      ],
      shape: [3, 3],
      dtype: 'int32',
    });
    expect(pad(sequence, { value: -1 }).values).toEqual([
      [-1, -1, 1],
      [-1, 2, 3],
      [4, 5, 6],
    ]);
    expect(pad(sequence, { padding: 'post' }).values).toEqual([
      [1, 0, 0],
      [2, 3, 0],
      [4, 5, 6],
    ]);
    expect(pad(sequence, { maxlen: 2 }).values).toEqual([
      [0, 1],
      [2, 3],
      [5, 6],
    ]);
  });

  it('pads after, with -1, and truncates the end with maxlen 2 and truncating post', () => {
    expect(pad(sequence, { padding: 'post', value: -1, maxlen: 2, truncating: 'post' })).toEqual({
      values: [
        [1, -1],
        [2, 3],
        [4, 5],
      ],
      shape: [3, 2],
      dtype: 'int32',
    });
    expect(pad(sequence, { maxlen: 4, padding: 'post', truncating: 'post' }).values).toEqual([
      [1, 0, 0, 0],
      [2, 3, 0, 0],
      [4, 5, 6, 0],
    ]);
  });

  it('takes typed arrays and empty sequences, gives float32 on request, and handles maxlen 0 and no sequences', () => {
    expect(pad([Int32Array.of(7, 8), [], Float32Array.of(9)]).values).toEqual([
      [7, 8],
      [0, 0],
      [0, 9],
    ]);
    expect(pad([[0.5], [1.5, 2.5]], { dtype: 'float32', value: 0.25 })).toEqual({
      values: [
        [0.25, 0.5],
        [1.5, 2.5],
      ],
      shape: [2, 2],
      dtype: 'float32',
    });
    expect(pad(sequence, { maxlen: 0 }).shape).toEqual([3, 0]);
    expect(pad(sequence, { maxlen: null }).shape).toEqual([3, 3]);
    expect(pad([]).shape).toEqual([0, 0]);
    expect(pad([], { maxlen: 3 }).shape).toEqual([0, 3]);
  });

  it('rejects bad sequences and options with a SeqError naming them', () => {
    const cases: [() => unknown, string][] = [
      [
        () => padSequences(5 as never),
        'padSequences: `sequences` must be an array of sequences (arrays or typed arrays of numbers); received 5.',
      ],
      [
        () => padSequences([[1], 2 as never]),
        'padSequences: `sequences[1]` must be an array or typed array of numbers; received 2.',
      ],
      [
        () => padSequences([[1, 1.5]]),
        'padSequences: `sequences[0][1]` must be an integer in the int32 range (dtype "int32"; pass dtype "float32"); received 1.5.',
      ],
      [
        () => padSequences([[1, 'a' as never]], { dtype: 'float32' }),
        'padSequences: `sequences[0][1]` must be a number; received "a".',
      ],
      [
        () => padSequences([[1]], { value: 0.5 }),
        'padSequences: `value` must be an integer in the int32 range (dtype "int32"; pass dtype "float32"); received 0.5.',
      ],
      [
        () => padSequences([[1]], { dtype: 'float32', value: '0' as never }),
        'padSequences: `value` must be a number; received "0".',
      ],
      [
        () => padSequences([[1]], { maxlen: -1 }),
        'padSequences: `maxlen` must be a non-negative integer; received -1.',
      ],
      [
        () => padSequences([[1]], { maxlen: 1.5 }),
        'padSequences: `maxlen` must be a non-negative integer; received 1.5.',
      ],
      [
        () => padSequences([[1]], { padding: 'middle' as never }),
        'padSequences: `padding` must be one of "pre", "post"; received "middle".',
      ],
      [
        () => padSequences([[1]], { truncating: 'left' as never }),
        'padSequences: `truncating` must be one of "pre", "post"; received "left".',
      ],
      [
        () => padSequences([[1]], { dtype: 'int64' as never }),
        'padSequences: `dtype` must be one of "int32", "float32"; received "int64".',
      ],
      [
        () => padSequences([[1]], 3 as never),
        'padSequences: `options` must be an object; received 3.',
      ],
    ];
    const before = tf.memory().numTensors;
    for (const [call, message] of cases) expect(call).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaks no tensors', async () => {
    await expectNoLeakedTensors('padSequences', () => padSequences(sequence, { maxlen: 2 }));
  });

  it('matches the reference for any sequences and options (fast-check)', () => {
    const args = fc.record({
      sequences: fc.array(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 8 }), {
        maxLength: 6,
      }),
      maxlen: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
      padding: fc.constantFrom('pre' as const, 'post' as const),
      truncating: fc.constantFrom('pre' as const, 'post' as const),
      value: fc.integer({ min: -5, max: 5 }),
    });
    fc.assert(
      fc.property(args, ({ sequences, maxlen, padding, truncating, value }) => {
        const longest = Math.max(0, ...sequences.map((s) => s.length));
        const width = maxlen ?? longest;
        const t = padSequences(sequences, { maxlen, padding, truncating, value });
        const expected = reference(sequences, { maxlen: width, padding, truncating, value });
        expect(t.shape).toEqual([sequences.length, width]);
        // Flat values: arraySync reads a [n, 0] tensor as [], not as n empty rows.
        expect(Array.from(t.dataSync())).toEqual(expected.flat());
        t.dispose();
      }),
      { numRuns: 100 },
    );
  });
});
