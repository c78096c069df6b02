import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { splitSequence } from './split-sequence.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('splitSequence', () => {
  it('splits 90 / 5 / 5 in order by default', () => {
    const { train, validation, test } = splitSequence(range(100));
    expect(train).toEqual(range(90));
    expect(validation).toEqual([90, 91, 92, 93, 94]);
    expect(test).toEqual([95, 96, 97, 98, 99]);
  });

  it('runs its documented example', () => {
    const ids = Int32Array.from({ length: 1000 }, (_, i) => i % 65);
    const { train, validation, test } = splitSequence(ids);
    expect([train.length, validation.length, test.length]).toEqual([900, 50, 50]);
  });

  it('views a typed array without copying, and takes other fractions', () => {
    const ids = Int32Array.from(range(10));
    const { train, validation, test } = splitSequence(ids, { train: 0.6, validation: 0.3 });
    expect([train, validation, test].map((part) => Array.from(part))).toEqual([
      [0, 1, 2, 3, 4, 5],
      [6, 7, 8],
      [9],
    ]);
    expect(train).toBeInstanceOf(Int32Array);
    expect(train.buffer).toBe(ids.buffer);
    expect(splitSequence(range(10), { train: 1, validation: 0 })).toEqual({
      train: range(10),
      validation: [],
      test: [],
    });
  });

  it('rejects bad ids and fractions with a SeqError naming them', () => {
    const cases: [() => unknown, string][] = [
      [
        () => splitSequence(42 as never),
        'splitSequence: `ids` must be an array or typed array of token ids; received 42.',
      ],
      [
        () => splitSequence([0, 1, 'b' as never]),
        'splitSequence: `ids[2]` must be a token id (a non-negative integer below 2^31); received "b".',
      ],
      [
        () => splitSequence([]),
        'splitSequence: `ids` must be a non-empty sequence of token ids; received 0 ids.',
      ],
      [
        () => splitSequence(range(10), { train: 0 }),
        'splitSequence: `train` must be a number in (0, 1]; received 0.',
      ],
      [
        () => splitSequence(range(10), { train: 1.2 }),
        'splitSequence: `train` must be a number in (0, 1]; received 1.2.',
      ],
      [
        () => splitSequence(range(10), { validation: -0.1 }),
        'splitSequence: `validation` must be a number in [0, 1]; received -0.1.',
      ],
      [
        () => splitSequence(range(10), { train: 0.8, validation: 0.3 }),
        'splitSequence: `validation` must be at most 1 - train (0.2); received 0.3.',
      ],
      [
        () => splitSequence([7], { train: 0.4 }),
        'splitSequence: `ids` must be long enough for a non-empty training part (1 * train 0.4 rounds to 0); received 1 id.',
      ],
    ];
    const before = tf.memory().numTensors;
    for (const [call, message] of cases) expect(call).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  });
});
