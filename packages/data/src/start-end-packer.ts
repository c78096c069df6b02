import { assertBoolean, assertOneOf, assertPositiveInteger, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import {
  assertIntegers,
  assertOptions,
  assertSequence,
  INT32_MAX,
  INT32_MIN,
  isArrayLikeObject,
} from './sequence-input.js';

const OWNER = 'StartEndPacker';
const ID_EXPECTED = 'an integer in the int32 range (a token id)';

/** Arguments of {@link StartEndPacker}; keras-hub's `StartEndPacker` arguments in camelCase. */
export interface StartEndPackerArgs {
  /** Length of every packed sequence, start and end values included. */
  sequenceLength: number;
  /** The id(s) put at the start of every sequence. @defaultValue none */
  startValue?: number | readonly number[] | null;
  /** The id(s) put at the end of every sequence, kept even when it is truncated. @defaultValue none */
  endValue?: number | readonly number[] | null;
  /** The id that fills the unused positions. @defaultValue `0` */
  padValue?: number;
  /** Whether {@link StartEndPacker.pack} also returns a mask of the non-padding positions. @defaultValue `false` */
  returnPaddingMask?: boolean;
  /** Which side to pad: after the sequence (`'right'`) or before it (`'left'`). @defaultValue `'right'` */
  paddingSide?: 'left' | 'right';
}

/** Per-call options of {@link StartEndPacker.pack}; keras-hub's call arguments in camelCase. */
export interface PackOptions {
  /** Overrides the packer's `sequenceLength` for this call. @defaultValue the packer's */
  sequenceLength?: number;
  /** Whether to add the start value(s) (if the packer has any). @defaultValue `true` */
  addStartValue?: boolean;
  /** Whether to add the end value(s) (if the packer has any). @defaultValue `true` */
  addEndValue?: boolean;
}

/** What {@link StartEndPacker.pack} returns. */
export interface PackedSequences<T extends tf.Tensor = tf.Tensor2D> {
  /** The packed ids, `int32`: `[batch, sequenceLength]` (`[sequenceLength]` for one sequence). */
  tokenIds: T;
  /**
   * `bool`, same shape: `true` at start values, ids and end values, `false` at padding. Present
   * only when the packer was built with `returnPaddingMask: true`.
   */
  paddingMask?: T;
}

/** The configuration of a {@link StartEndPacker}, with keras-hub's keys in camelCase. */
export interface StartEndPackerConfig {
  /** Length of every packed sequence. */
  sequenceLength: number;
  /** The start id(s) as given, `null` for none. */
  startValue: number | number[] | null;
  /** The end id(s) as given, `null` for none. */
  endValue: number | number[] | null;
  /** The padding id. */
  padValue: number;
  /** Whether `pack` returns a padding mask. */
  returnPaddingMask: boolean;
  /** The side padding goes on. */
  paddingSide: 'left' | 'right';
}

function specialValues(argument: string, value: unknown): readonly number[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(list)) {
    throw new SeqError({
      owner: OWNER,
      argument,
      expected: 'a token id or an array of token ids',
      received: value,
    });
  }
  assertIntegers(OWNER, argument, list, ID_EXPECTED);
  return Object.freeze([...list]);
}

function assertRoom(argument: string, length: number, start: number, end: number): void {
  if (length < start + end) {
    throw new SeqError({
      owner: OWNER,
      argument,
      expected: `at least ${start + end}, room for the ${start} start and ${end} end value(s)`,
      received: length,
    });
  }
}

/**
 * Adds start and end values to token sequences, truncates and pads them to one length; the
 * semantics of keras-hub's `StartEndPacker` (`keras_hub.layers.StartEndPacker`) as a plain class.
 *
 * Each sequence is first truncated to `sequenceLength` minus the start and end values added (its
 * first ids are kept, so the end value is always there), then framed by the start and end values,
 * then padded with `padValue` on `paddingSide`.
 *
 * @example
 * ```ts
 * const packer = new StartEndPacker({ sequenceLength: 6, startValue: 1, endValue: 2 });
 * packer.pack([[5, 6, 7], [8, 9, 10, 11, 12, 13, 14]]).tokenIds;
 * // [[1, 5, 6, 7, 2, 0],
 * //  [1, 8, 9, 10, 11, 2]]
 * packer.pack([5, 6, 7]).tokenIds; // [1, 5, 6, 7, 2, 0]
 * ```
 */
export class StartEndPacker {
  /** Length of every packed sequence. */
  readonly sequenceLength: number;
  /** The start values, `[]` for none. */
  readonly startValue: readonly number[];
  /** The end values, `[]` for none. */
  readonly endValue: readonly number[];
  /** The padding id. */
  readonly padValue: number;
  /** Whether {@link StartEndPacker.pack} returns a padding mask. */
  readonly returnPaddingMask: boolean;
  /** The side padding goes on. */
  readonly paddingSide: 'left' | 'right';
  /** `startValue` and `endValue` as they were given (a number or a list), for the config. */
  private readonly given: Pick<StartEndPackerConfig, 'startValue' | 'endValue'>;

  /**
   * @throws {@link @seq/core!index.SeqError} when `sequenceLength` is not a positive integer or is
   *   smaller than the start and end values together, a start, end or pad value is not an int32
   *   integer, `returnPaddingMask` is not a boolean, or `paddingSide` is not `'left'` or `'right'`.
   */
  constructor(args: StartEndPackerArgs) {
    if (args === null || typeof args !== 'object') {
      throw new SeqError({
        owner: OWNER,
        argument: 'args',
        expected: 'an object with at least `sequenceLength`',
        received: args,
      });
    }
    this.sequenceLength = assertPositiveInteger(OWNER, 'sequenceLength', args.sequenceLength);
    this.startValue = specialValues('startValue', args.startValue);
    this.endValue = specialValues('endValue', args.endValue);
    const given = (v: StartEndPackerArgs['startValue']) =>
      v === undefined || v === null ? null : typeof v === 'number' ? v : [...v];
    this.given = { startValue: given(args.startValue), endValue: given(args.endValue) };
    const padValue = args.padValue ?? 0;
    if (!Number.isInteger(padValue) || padValue < INT32_MIN || padValue > INT32_MAX) {
      throw new SeqError({
        owner: OWNER,
        argument: 'padValue',
        expected: ID_EXPECTED,
        received: padValue,
      });
    }
    this.padValue = padValue;
    this.returnPaddingMask = assertBoolean(
      OWNER,
      'returnPaddingMask',
      args.returnPaddingMask ?? false,
    );
    this.paddingSide = assertOneOf(OWNER, 'paddingSide', args.paddingSide ?? 'right', [
      'left',
      'right',
    ] as const);
    assertRoom('sequenceLength', this.sequenceLength, this.startValue.length, this.endValue.length);
  }

  /**
   * Packs a batch of sequences, or one sequence.
   *
   * @param inputs - A batch of token id sequences (arrays or typed arrays, of any lengths), or one
   *   sequence; an empty array is read as one empty sequence, as keras-hub does.
   * @returns `{tokenIds, paddingMask?}`: `int32` and `bool` tensors `[batch, sequenceLength]`
   *   (`[sequenceLength]` for one sequence).
   * @throws {@link @seq/core!index.SeqError} when `inputs` is not a sequence or a list of sequences of
   *   int32 integers, or `options.sequenceLength` is smaller than the start and end values added.
   */
  pack(inputs: ArrayLike<number>[], options?: PackOptions): PackedSequences<tf.Tensor2D>;
  pack(inputs: ArrayLike<number>, options?: PackOptions): PackedSequences<tf.Tensor1D>;
  pack(
    inputs: ArrayLike<number>[] | ArrayLike<number>,
    options?: PackOptions,
  ): PackedSequences<tf.Tensor1D | tf.Tensor2D> {
    assertSequence(OWNER, 'inputs', inputs);
    const batched = Array.isArray(inputs) && inputs.length > 0 && isArrayLikeObject(inputs[0]);
    const sequences = (batched ? inputs : [inputs]) as ArrayLike<unknown>[];
    sequences.forEach((s, i) => {
      const argument = batched ? `inputs[${i}]` : 'inputs';
      assertSequence(OWNER, argument, s);
      assertIntegers(OWNER, argument, s, ID_EXPECTED);
    });
    const o = assertOptions(OWNER, options);
    const length =
      o.sequenceLength === undefined
        ? this.sequenceLength
        : assertPositiveInteger(OWNER, 'options.sequenceLength', o.sequenceLength);
    const start = assertBoolean(OWNER, 'addStartValue', o.addStartValue ?? true)
      ? this.startValue
      : [];
    const end = assertBoolean(OWNER, 'addEndValue', o.addEndValue ?? true) ? this.endValue : [];
    assertRoom(
      o.sequenceLength === undefined ? 'sequenceLength' : 'options.sequenceLength',
      length,
      start.length,
      end.length,
    );

    const room = length - start.length - end.length; // ids kept per sequence
    const ids = new Int32Array(sequences.length * length).fill(this.padValue);
    const mask = this.returnPaddingMask ? new Uint8Array(sequences.length * length) : null;
    sequences.forEach((s, row) => {
      const kept = Math.min(s.length, room);
      const used = start.length + kept + end.length;
      let at = row * length + (this.paddingSide === 'left' ? length - used : 0);
      mask?.fill(1, at, at + used);
      for (const v of start) ids[at++] = v;
      for (let t = 0; t < kept; t++) ids[at++] = s[t] as number;
      for (const v of end) ids[at++] = v;
    });
    // [batch, sequenceLength], or [sequenceLength] for one sequence
    const shape: [number] | [number, number] = batched ? [sequences.length, length] : [length];
    const tokenIds = tf.tensor(ids, shape, 'int32') as tf.Tensor1D | tf.Tensor2D;
    if (mask === null) return { tokenIds };
    return { tokenIds, paddingMask: tf.tensor(mask, shape, 'bool') as tf.Tensor1D | tf.Tensor2D };
  }

  /** The configuration, with keras-hub's keys in camelCase (`startValue` as it was given). */
  getConfig(): StartEndPackerConfig {
    const copy = (v: number | number[] | null) => (Array.isArray(v) ? [...v] : v);
    return {
      sequenceLength: this.sequenceLength,
      startValue: copy(this.given.startValue),
      endValue: copy(this.given.endValue),
      padValue: this.padValue,
      returnPaddingMask: this.returnPaddingMask,
      paddingSide: this.paddingSide,
    };
  }
}
