import { assertNonNegativeInteger, assertOneOf, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import {
  assertIntegers,
  assertOptions,
  assertSequenceList,
  INT32_MAX,
  INT32_MIN,
} from './sequence-input.js';

const OWNER = 'padSequences';
const SIDES = ['pre', 'post'] as const;
const DTYPES = ['int32', 'float32'] as const;
const INT32_EXPECTED = 'an integer in the int32 range (dtype "int32"; pass dtype "float32")';

/** Options of {@link padSequences}; Keras' `pad_sequences` arguments. */
export interface PadSequencesOptions {
  /**
   * Length of every output row; longer sequences are truncated. `null` (Keras' `None`) means the
   * default.
   * @defaultValue the longest sequence
   */
  maxlen?: number | null;
  /** Where to pad shorter sequences: before (`'pre'`) or after (`'post'`). @defaultValue `'pre'` */
  padding?: 'pre' | 'post';
  /**
   * Which end of a longer sequence to drop: its start (`'pre'`, keeping the last `maxlen` values)
   * or its end (`'post'`, keeping the first `maxlen`).
   * @defaultValue `'pre'`
   */
  truncating?: 'pre' | 'post';
  /** The padding value. @defaultValue `0` */
  value?: number;
  /** The dtype of the result. @defaultValue `'int32'` */
  dtype?: 'int32' | 'float32';
}

/**
 * Pads (and truncates) sequences of different lengths to one length, as one tensor; the semantics
 * of Keras' `keras.utils.pad_sequences`, with the same defaults: pad and truncate at the start.
 *
 * Differences from Keras: with dtype `'int32'`, values (and `value`) must be int32 integers (Keras
 * silently truncates `1.5` to `1`); `maxlen: 0` gives a `[batch, 0]` tensor; an empty list gives a
 * `[0, maxlen]` tensor (`[0, 0]` without `maxlen`).
 *
 * @param sequences - The sequences: arrays or typed arrays of numbers, of any lengths.
 * @defaultValue `options`: `{maxlen: longest, padding: 'pre', truncating: 'pre', value: 0, dtype: 'int32'}`
 * @returns a tensor `[batch, maxlen]` of dtype `dtype`, one row per sequence.
 * @throws {@link @seq/core!index.SeqError} when `sequences` is not an array of arrays or typed arrays,
 *   a value is not an int32 integer (dtype `'int32'`) or not a number (dtype `'float32'`), `maxlen`
 *   is not a non-negative integer, or `padding`, `truncating` or `dtype` is not one of its values.
 * @example
 * ```ts
 * padSequences([[1], [2, 3], [4, 5, 6]]); // [[0, 0, 1], [0, 2, 3], [4, 5, 6]]
 * padSequences([[1], [2, 3], [4, 5, 6]], { padding: 'post' }); // [[1, 0, 0], [2, 3, 0], [4, 5, 6]]
 * padSequences([[1], [2, 3], [4, 5, 6]], { maxlen: 2 }); // [[0, 1], [2, 3], [5, 6]]
 * ```
 */
export function padSequences(
  sequences: ArrayLike<number>[],
  options?: PadSequencesOptions,
): tf.Tensor2D {
  const list = assertSequenceList(OWNER, 'sequences', sequences);
  const o = assertOptions(OWNER, options);
  const padding = assertOneOf(OWNER, 'padding', o.padding ?? 'pre', SIDES);
  const truncating = assertOneOf(OWNER, 'truncating', o.truncating ?? 'pre', SIDES);
  const dtype = assertOneOf(OWNER, 'dtype', o.dtype ?? 'int32', DTYPES);
  const value = o.value ?? 0;
  if (dtype === 'int32') {
    if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
      throw new SeqError({
        owner: OWNER,
        argument: 'value',
        expected: INT32_EXPECTED,
        received: value,
      });
    }
    list.forEach((s, i) => {
      assertIntegers(OWNER, `sequences[${i}]`, s, INT32_EXPECTED);
    });
  } else {
    if (typeof value !== 'number') {
      throw new SeqError({
        owner: OWNER,
        argument: 'value',
        expected: 'a number',
        received: value,
      });
    }
    list.forEach((s, i) => {
      for (let t = 0; t < s.length; t++) {
        if (typeof s[t] !== 'number') {
          throw new SeqError({
            owner: OWNER,
            argument: `sequences[${i}][${t}]`,
            expected: 'a number',
            received: s[t],
          });
        }
      }
    });
  }
  const maxlen =
    o.maxlen === undefined || o.maxlen === null
      ? list.reduce((m, s) => Math.max(m, s.length), 0)
      : assertNonNegativeInteger(OWNER, 'maxlen', o.maxlen);

  const out =
    dtype === 'int32'
      ? new Int32Array(list.length * maxlen)
      : new Float32Array(list.length * maxlen);
  out.fill(value);
  list.forEach((s, row) => {
    const n = Math.min(s.length, maxlen);
    const from = truncating === 'pre' ? s.length - n : 0; // first value kept
    const to = row * maxlen + (padding === 'pre' ? maxlen - n : 0); // where it goes
    for (let t = 0; t < n; t++) out[to + t] = s[from + t] as number;
  });
  return tf.tensor2d(out, [list.length, maxlen], dtype); // [batch, maxlen]
}
