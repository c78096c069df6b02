import { assertBoolean, assertPositiveInteger, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { assertOptions, describeIdCount, toTokenIds } from './sequence-input.js';
import { planWindows, windowDataset } from './window-plan.js';

const OWNER = 'nextTokenDataset';

/** One batch of a next-token dataset: inputs and the same windows one step later. */
export interface NextTokenBatch extends tf.TensorContainerObject {
  /** The inputs, `int32` `[batch, length]`: `ids[s .. s + length)` for a window that starts at `s`. */
  xs: tf.Tensor2D;
  /** The targets, `int32` `[batch, length]`: `ids[s + 1 .. s + length]`, the next id at every step. */
  ys: tf.Tensor2D;
}

/** Options of {@link nextTokenDataset}. */
export interface NextTokenDatasetOptions {
  /** Time steps per input window (each window covers `length + 1` ids). */
  length: number;
  /** Ids between the starts of two consecutive windows. @defaultValue `1` */
  shift?: number;
  /** Windows per batch. @defaultValue `32` */
  batchSize?: number;
  /**
   * Whether to shuffle the windows, with a fresh seeded permutation each epoch (each time the
   * dataset is iterated).
   * @defaultValue `false`, in order
   */
  shuffle?: boolean;
  /** Seed of the shuffling: the same seed gives the same orders, epoch by epoch. @defaultValue random */
  seed?: number | string;
  /** Whether to drop the last batch when it has fewer than `batchSize` windows. @defaultValue `false` */
  dropRemainder?: boolean;
}

/**
 * A next-token (language model) dataset from a sequence of token ids, such as the encoded text of
 * a char-RNN: windows of `length + 1` ids, `shift` apart, each split into inputs and the targets
 * one step later. Géron's `to_dataset` (Hands-On Machine Learning, 3rd ed., ch. 16.1):
 * `window(length + 1, shift, drop_remainder=True)`, shuffle, batch, then
 * `(window[:, :-1], window[:, 1:])`.
 *
 * The ids are copied once into an `Int32Array`; batches are built from it as the dataset is
 * iterated, never all windows at once. Shuffling is a full seeded permutation of the window starts
 * (not a shuffle buffer), anew each epoch.
 *
 * @param ids - The token ids in order: non-negative integers, `[time]`.
 * @defaultValue `options`: `{shift: 1, batchSize: 32, shuffle: false, dropRemainder: false}`
 * @returns a dataset of {@link NextTokenBatch} `{xs, ys}`, both `int32` `[batch, length]`. Its
 *   tensors belong to the consumer: `fitDataset` disposes them, a manual loop must.
 * @throws {@link @seq/core!index.SeqError} when `ids` is not an array or typed array of token ids, is
 *   shorter than one window (or one full batch, with `dropRemainder`), or an option is invalid.
 * @example
 * ```ts
 * const ids = Array.from('to be or not to be', (c) => c.charCodeAt(0));
 * const dataset = nextTokenDataset(ids, { length: 4, batchSize: 8, shuffle: true, seed: 42 });
 * await dataset.forEachAsync(({ xs, ys }) => {
 *   console.log(xs.shape, ys.shape); // [8, 4] [8, 4], then [6, 4] [6, 4] (14 windows)
 *   tf.dispose([xs, ys]);
 * });
 * ```
 */
export function nextTokenDataset(
  ids: ArrayLike<number>,
  options: NextTokenDatasetOptions,
): tf.data.Dataset<NextTokenBatch> {
  const tokens = toTokenIds(OWNER, 'ids', ids);
  const o = assertOptions(OWNER, options);
  const length = assertPositiveInteger(OWNER, 'length', o.length);
  const shift = assertPositiveInteger(OWNER, 'shift', o.shift ?? 1);
  const batchSize = assertPositiveInteger(OWNER, 'batchSize', o.batchSize ?? 32);
  const shuffle = assertBoolean(OWNER, 'shuffle', o.shuffle ?? false);
  const dropRemainder = assertBoolean(OWNER, 'dropRemainder', o.dropRemainder ?? false);
  const span = length + 1; // ids one window covers: inputs and the target after the last
  const needed = dropRemainder ? (batchSize - 1) * shift + span : span;
  if (tokens.length < needed) {
    const what = dropRemainder
      ? `one full batch of ${batchSize} windows of length + 1 = ${span} ids, ${shift} apart, as dropRemainder is true`
      : `one window of length + 1 = ${span} ids`;
    throw new SeqError({
      owner: OWNER,
      argument: 'ids',
      expected: `at least ${needed} ids long (${what})`,
      receivedDescription: describeIdCount(tokens.length),
    });
  }
  const plan = planWindows(OWNER, tokens.length, {
    sequenceLength: span,
    sequenceStride: shift,
    batchSize,
    shuffle,
    seed: o.seed,
  });
  // With dropRemainder, the epoch's order is cut after its last full batch.
  const count = dropRemainder ? plan.count - (plan.count % batchSize) : plan.count;
  return windowDataset({ ...plan, count }, (windows) => {
    const xs = new Int32Array(windows.length * length);
    const ys = new Int32Array(windows.length * length);
    windows.forEach((w, row) => {
      const start = w * shift;
      xs.set(tokens.subarray(start, start + length), row * length);
      ys.set(tokens.subarray(start + 1, start + span), row * length);
    });
    return {
      xs: tf.tensor2d(xs, [windows.length, length], 'int32'), // [batch, length]
      ys: tf.tensor2d(ys, [windows.length, length], 'int32'), // [batch, length], one step later
    };
  });
}
