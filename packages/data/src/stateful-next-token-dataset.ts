import { assertPositiveInteger, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import type { NextTokenBatch } from './next-token-dataset.js';
import { assertOptions, describeIdCount, toTokenIds } from './sequence-input.js';

const OWNER = 'statefulNextTokenDataset';

/** Options of {@link statefulNextTokenDataset}. */
export interface StatefulNextTokenDatasetOptions {
  /** Time steps per input window; consecutive windows of a stream are `length` ids apart. */
  length: number;
  /** Number of parallel streams: the rows of every batch, and the stateful RNN's batch size. */
  batchSize: number;
}

/**
 * A next-token dataset for a stateful RNN: the ids are cut into `batchSize` contiguous streams of
 * equal length (the remainder at the end is dropped), and row `i` of batch `k` is the `k`-th
 * non-overlapping window of stream `i`. So row `i` of batch `k + 1` continues exactly where row
 * `i` of batch `k` stopped, and the RNN's state carries over from batch to batch. Géron's
 * `to_dataset_for_stateful_rnn` (Hands-On Machine Learning, 3rd ed., ch. 16.1), with his
 * suggested split of the text into `batchSize` parts for batches larger than one.
 *
 * Stream `i` is `ids[i * L .. (i + 1) * L)` with `L = floor(ids.length / batchSize)`; there are
 * `floor((L - 1) / length)` batches, each window taking `length + 1` ids (the targets are the
 * inputs one step later). Never shuffled; reset the RNN's states between epochs.
 *
 * @param ids - The token ids in order: non-negative integers, `[time]`.
 * @returns a dataset of {@link NextTokenBatch} `{xs, ys}`, both `int32` `[batchSize, length]`,
 *   built batch by batch as it is iterated. Its tensors belong to the consumer.
 * @throws {@link @seq/core!index.SeqError} when `ids` is not an array or typed array of token ids or
 *   is too short for one window per stream, or `length` or `batchSize` is not a positive integer.
 * @example
 * ```ts
 * const ids = Array.from({ length: 20 }, (_, i) => i);
 * const dataset = statefulNextTokenDataset(ids, { length: 3, batchSize: 2 });
 * // streams [0 .. 9] and [10 .. 19]; batch 0: xs [[0, 1, 2], [10, 11, 12]], ys [[1, 2, 3], [11, 12, 13]]
 * // batch 1: xs [[3, 4, 5], [13, 14, 15]], ys [[4, 5, 6], [14, 15, 16]]; batch 2: xs [[6, 7, 8], ...]
 * ```
 */
export function statefulNextTokenDataset(
  ids: ArrayLike<number>,
  options: StatefulNextTokenDatasetOptions,
): tf.data.Dataset<NextTokenBatch> {
  const tokens = toTokenIds(OWNER, 'ids', ids);
  const o = assertOptions(OWNER, options);
  const length = assertPositiveInteger(OWNER, 'length', o.length);
  const batchSize = assertPositiveInteger(OWNER, 'batchSize', o.batchSize);
  const needed = batchSize * (length + 1);
  if (tokens.length < needed) {
    throw new SeqError({
      owner: OWNER,
      argument: 'ids',
      expected: `at least ${needed} ids long (batchSize ${batchSize} streams of at least length + 1 = ${length + 1} ids)`,
      receivedDescription: describeIdCount(tokens.length),
    });
  }
  const streamLength = Math.floor(tokens.length / batchSize);
  const batches = Math.floor((streamLength - 1) / length);
  function* generate(): Generator<NextTokenBatch> {
    for (let k = 0; k < batches; k++) {
      const xs = new Int32Array(batchSize * length);
      const ys = new Int32Array(batchSize * length);
      for (let i = 0; i < batchSize; i++) {
        const start = i * streamLength + k * length; // stream i, window k
        xs.set(tokens.subarray(start, start + length), i * length);
        ys.set(tokens.subarray(start + 1, start + length + 1), i * length);
      }
      yield {
        xs: tf.tensor2d(xs, [batchSize, length], 'int32'), // [batch, length]
        ys: tf.tensor2d(ys, [batchSize, length], 'int32'), // [batch, length], one step later
      };
    }
  }
  const dataset = tf.data.generator(generate as () => Iterator<NextTokenBatch>);
  (dataset as { size: number }).size = batches; // known here; fitDataset uses it for progress
  return dataset;
}
