import { expectNoLeakedTensors } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PackOptions, StartEndPacker, type StartEndPackerArgs } from './start-end-packer.js';

/** Packs and reads the result back (the mask as booleans), disposing the tensors. */
function pack(args: StartEndPackerArgs, inputs: number[][] | number[], options?: PackOptions) {
  const packer = new StartEndPacker(args);
  const { tokenIds, paddingMask } = packer.pack(inputs as number[][], options);
  const ids = tokenIds.arraySync();
  const mask = paddingMask?.arraySync();
  tf.dispose([tokenIds, paddingMask as tf.Tensor]);
  const bool = (m: unknown): unknown => (Array.isArray(m) ? m.map(bool) : Boolean(m));
  return mask === undefined ? ids : { ids, mask: bool(mask) };
}

describe('StartEndPacker', () => {
  // The cases of keras-hub's start_end_packer_test.py.
  it('pads one sequence and a batch, right or left', () => {
    expect(pack({ sequenceLength: 5 }, [5, 6, 7])).toEqual([5, 6, 7, 0, 0]);
    expect(pack({ sequenceLength: 5, paddingSide: 'left' }, [5, 6, 7])).toEqual([0, 0, 5, 6, 7]);
    expect(pack({ sequenceLength: 5 }, [[5, 6, 7]])).toEqual([[5, 6, 7, 0, 0]]);
    const ragged = [
      [5, 6, 7],
      [8, 9, 10, 11],
    ];
    expect(pack({ sequenceLength: 5 }, ragged)).toEqual([
      [5, 6, 7, 0, 0],
      [8, 9, 10, 11, 0],
    ]);
    expect(pack({ sequenceLength: 5, paddingSide: 'left' }, ragged)).toEqual([
      [0, 0, 5, 6, 7],
      [0, 8, 9, 10, 11],
    ]);
  });

  it('adds start and end values, one or several, with any pad value', () => {
    const ragged = [
      [5, 6, 7],
      [8, 9, 10, 11],
    ];
    const args = { sequenceLength: 6, startValue: 1, endValue: 2 };
    expect(pack(args, ragged)).toEqual([
      [1, 5, 6, 7, 2, 0],
      [1, 8, 9, 10, 11, 2],
    ]);
    expect(pack({ ...args, paddingSide: 'left' }, ragged)).toEqual([
      [0, 1, 5, 6, 7, 2],
      [1, 8, 9, 10, 11, 2],
    ]);
    const multiple = { sequenceLength: 8, startValue: [1, 2], endValue: [3, 4], padValue: 0 };
    const inputs = [
      [5, 6, 7],
      [8, 9, 10, 11, 12, 13],
    ];
    expect(pack(multiple, inputs)).toEqual([
      [1, 2, 5, 6, 7, 3, 4, 0],
      [1, 2, 8, 9, 10, 11, 3, 4],
    ]);
    expect(pack({ ...multiple, paddingSide: 'left' }, inputs)).toEqual([
      [0, 1, 2, 5, 6, 7, 3, 4],
      [1, 2, 8, 9, 10, 11, 3, 4],
    ]);
    const padded = { sequenceLength: 7, startValue: 1, endValue: 2, padValue: 3 };
    expect(pack(padded, ragged)).toEqual([
      [1, 5, 6, 7, 2, 3, 3],
      [1, 8, 9, 10, 11, 2, 3],
    ]);
    expect(pack({ ...padded, paddingSide: 'left' }, ragged)).toEqual([
      [3, 3, 1, 5, 6, 7, 2],
      [3, 1, 8, 9, 10, 11, 2],
    ]);
  });

  it('truncates so that the end value is kept, on either padding side', () => {
    const ids = Array.from({ length: 10 }, (_, i) => i);
    for (const paddingSide of ['left', 'right'] as const) {
      expect(pack({ sequenceLength: 7, startValue: 98, endValue: 99, paddingSide }, ids)).toEqual([
        98, 0, 1, 2, 3, 4, 99,
      ]);
      expect(pack({ sequenceLength: 7, startValue: 98, paddingSide }, ids)).toEqual([
        98, 0, 1, 2, 3, 4, 5,
      ]);
    }
    const args = { sequenceLength: 5, startValue: 1, endValue: 2, padValue: 0 };
    const inputs = [
      [5, 6],
      [8, 9, 10, 11, 12, 13],
    ];
    expect(pack(args, inputs)).toEqual([
      [1, 5, 6, 2, 0],
      [1, 8, 9, 10, 2],
    ]);
    expect(pack({ ...args, paddingSide: 'left' }, inputs)).toEqual([
      [0, 1, 5, 6, 2],
      [1, 8, 9, 10, 2],
    ]);
  });

  it('takes per-call overrides of sequenceLength, addStartValue and addEndValue', () => {
    const args = { startValue: 1, endValue: 2, sequenceLength: 4 };
    expect(pack(args, [5, 6, 7])).toEqual([1, 5, 6, 2]);
    expect(pack(args, [5, 6, 7], { addStartValue: false })).toEqual([5, 6, 7, 2]);
    expect(pack(args, [5, 6, 7], { addEndValue: false })).toEqual([1, 5, 6, 7]);
    expect(pack(args, [5, 6, 7], { sequenceLength: 2 })).toEqual([1, 2]);
  });

  it('returns a padding mask: true at start, ids and end, false at padding', () => {
    const ragged = [
      [5, 6, 7],
      [8, 9, 10, 11],
    ];
    const args = { sequenceLength: 6, startValue: 1, endValue: 2, returnPaddingMask: true };
    expect(pack(args, ragged)).toEqual({
      ids: [
        [1, 5, 6, 7, 2, 0],
        [1, 8, 9, 10, 11, 2],
      ],
      mask: [
        [true, true, true, true, true, false],
        [true, true, true, true, true, true],
      ],
    });
    expect(pack({ ...args, paddingSide: 'left' }, ragged)).toEqual({
      ids: [
        [0, 1, 5, 6, 7, 2],
        [1, 8, 9, 10, 11, 2],
      ],
      mask: [
        [false, true, true, true, true, true],
        [true, true, true, true, true, true],
      ],
    });
    const packer = new StartEndPacker(args);
    const one = packer.pack(Int32Array.of(5));
    expect([one.tokenIds.shape, one.tokenIds.dtype, one.paddingMask?.dtype]).toEqual([
      [6],
      'int32',
      'bool',
    ]);
    tf.dispose([one.tokenIds, one.paddingMask as tf.Tensor]);
  });

  it('runs its documented example', () => {
    const packer = new StartEndPacker({ sequenceLength: 6, startValue: 1, endValue: 2 });
    const batch = packer.pack([
      [5, 6, 7],
      [8, 9, 10, 11, 12, 13, 14],
    ]);
    const one = packer.pack([5, 6, 7]);
    expect([batch.tokenIds.arraySync(), one.tokenIds.arraySync(), batch.paddingMask]).toEqual([
      [
        [1, 5, 6, 7, 2, 0],
        [1, 8, 9, 10, 11, 2],
      ],
      [1, 5, 6, 7, 2, 0],
      undefined,
    ]);
    tf.dispose([batch.tokenIds, one.tokenIds]);
  });

  it('reads an empty array as one empty sequence, and keeps its config', () => {
    expect(pack({ sequenceLength: 4, startValue: 1, endValue: 2 }, [])).toEqual([1, 2, 0, 0]);
    const config = new StartEndPacker({
      sequenceLength: 512,
      startValue: 10,
      endValue: [20, 21],
      padValue: 100,
    }).getConfig();
    expect(config).toEqual({
      sequenceLength: 512,
      startValue: 10,
      endValue: [20, 21],
      padValue: 100,
      returnPaddingMask: false,
      paddingSide: 'right',
    });
    expect(new StartEndPacker(config).getConfig()).toEqual(config);
  });

  it('rejects bad arguments and inputs with a SeqError naming them', () => {
    const packer = new StartEndPacker({ sequenceLength: 4, startValue: 1, endValue: 2 });
    const cases: [() => unknown, string][] = [
      [
        () => new StartEndPacker({ sequenceLength: 0 }),
        'StartEndPacker: `sequenceLength` must be a positive integer; received 0.',
      ],
      [
        () => new StartEndPacker({ sequenceLength: 2, startValue: [1, 2], endValue: 3 }),
        'StartEndPacker: `sequenceLength` must be at least 3, room for the 2 start and 1 end value(s); received 2.',
      ],
      [
        () => new StartEndPacker({ sequenceLength: 5, startValue: 1.5 }),
        'StartEndPacker: `startValue[0]` must be an integer in the int32 range (a token id); received 1.5.',
      ],
      [
        () => new StartEndPacker({ sequenceLength: 5, endValue: '</s>' as never }),
        'StartEndPacker: `endValue` must be a token id or an array of token ids; received "</s>".',
      ],
      [
        () => new StartEndPacker({ sequenceLength: 5, padValue: -0.5 }),
        'StartEndPacker: `padValue` must be an integer in the int32 range (a token id); received -0.5.',
      ],
      [
        () => new StartEndPacker({ sequenceLength: 5, paddingSide: 'both' as never }),
        'StartEndPacker: `paddingSide` must be one of "left", "right"; received "both".',
      ],
      [
        () => new StartEndPacker({ sequenceLength: 5, returnPaddingMask: 1 as never }),
        'StartEndPacker: `returnPaddingMask` must be a boolean; received 1.',
      ],
      [
        () => packer.pack(7 as never),
        'StartEndPacker: `inputs` must be an array or typed array of numbers; received 7.',
      ],
      [
        () => packer.pack([[1], 2] as never),
        'StartEndPacker: `inputs[1]` must be an array or typed array of numbers; received 2.',
      ],
      [
        () => packer.pack([[1], [2, 2.5]]),
        'StartEndPacker: `inputs[1][1]` must be an integer in the int32 range (a token id); received 2.5.',
      ],
      [
        () => packer.pack([3, 0.5]),
        'StartEndPacker: `inputs[1]` must be an integer in the int32 range (a token id); received 0.5.',
      ],
      [
        () => packer.pack([3], { sequenceLength: 1 }),
        'StartEndPacker: `options.sequenceLength` must be at least 2, room for the 1 start and 1 end value(s); received 1.',
      ],
      [
        () => packer.pack([3], { sequenceLength: 0 }),
        'StartEndPacker: `options.sequenceLength` must be a positive integer; received 0.',
      ],
      [
        () => packer.pack([3], { addEndValue: 'no' as never }),
        'StartEndPacker: `addEndValue` must be a boolean; received "no".',
      ],
    ];
    const before = tf.memory().numTensors;
    for (const [call, message] of cases) expect(call).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaks no tensors', async () => {
    const packer = new StartEndPacker({
      sequenceLength: 5,
      startValue: 1,
      returnPaddingMask: true,
    });
    await expectNoLeakedTensors('StartEndPacker.pack', () => packer.pack([[4, 5], [6]]));
  });

  it('frames, truncates and pads any batch as keras-hub does (fast-check)', () => {
    const ids = fc.integer({ min: 3, max: 99 });
    const special = fc.array(fc.integer({ min: 100, max: 110 }), { maxLength: 2 });
    const args = fc.record({
      sequences: fc.array(fc.array(ids, { maxLength: 9 }), { minLength: 1, maxLength: 5 }),
      start: special,
      end: special,
      extra: fc.nat({ max: 8 }), // room beyond the start and end values
      padValue: fc.integer({ min: -2, max: 2 }),
      paddingSide: fc.constantFrom('left' as const, 'right' as const),
      addStartValue: fc.boolean(),
      addEndValue: fc.boolean(),
    });
    fc.assert(
      fc.property(args, (a) => {
        const sequenceLength = Math.max(1, a.start.length + a.end.length + a.extra);
        const packer = new StartEndPacker({
          sequenceLength,
          startValue: a.start,
          endValue: a.end,
          padValue: a.padValue,
          paddingSide: a.paddingSide,
          returnPaddingMask: true,
        });
        const { tokenIds, paddingMask } = packer.pack(a.sequences, a);
        const start = a.addStartValue ? a.start : [];
        const end = a.addEndValue ? a.end : [];
        const room = sequenceLength - start.length - end.length;
        const rows = a.sequences.map((s) => [...start, ...s.slice(0, room), ...end]);
        const fill = (n: number, v: unknown) => Array.from({ length: n }, () => v);
        const padded = (row: unknown[], v: unknown) =>
          a.paddingSide === 'right'
            ? [...row, ...fill(sequenceLength - row.length, v)]
            : [...fill(sequenceLength - row.length, v), ...row];
        expect(tokenIds.shape).toEqual([a.sequences.length, sequenceLength]);
        expect(tokenIds.arraySync()).toEqual(rows.map((r) => padded(r, a.padValue)));
        expect((paddingMask as tf.Tensor2D).arraySync().map((r) => r.map(Boolean))).toEqual(
          rows.map((r) => padded(fill(r.length, true), false)),
        );
        tf.dispose([tokenIds, paddingMask as tf.Tensor]);
      }),
      { numRuns: 100 },
    );
  });
});
