import { SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { type SeriesInput, toSeriesMatrix } from './series-matrix.js';
import { gatherRows, planWindows, type WindowOptions, windowDataset } from './window-plan.js';

const OWNER = 'timeseriesDatasetFromArray';

/** One batch of windows and their targets, as `model.fitDataset` wants it. */
export interface WindowBatch extends tf.TensorContainerObject {
  /** The windows: `[batch, sequenceLength, features]` (or `[batch, sequenceLength]` for 1-D data). */
  xs: tf.Tensor;
  /** The targets: `[batch]` for 1-D targets, `[batch, targetFeatures]` for 2-D ones. */
  ys: tf.Tensor;
}

/**
 * Cuts a series into sliding windows, batched, as a `tf.data.Dataset` ready for
 * `model.fitDataset`; the semantics of Keras' `timeseries_dataset_from_array`.
 *
 * Window `i` starts at row `startIndex + i * sequenceStride` and takes `sequenceLength` rows
 * `samplingRate` apart, all before `endIndex`. The target of the window that starts at row `s` is
 * `targets[s]` (so for a one-step forecast pass `targets = data` shifted: see the example). Windows
 * are built batch by batch as the dataset is iterated, never all at once, from one `Float32Array`
 * copy of the data (a `Float32Array` input is not copied at all). The last, partial batch is kept.
 *
 * Differences from Keras: `endIndex` may equal the number of rows (Keras requires less), and
 * `targets` must have at least as many rows as `data`.
 *
 * @param data - The series: `[time]` or `[time, features]` (arrays, typed arrays or tensors).
 * @param targets - One target row per data row, `[time]` or `[time, targetFeatures]`; or `null` for a
 *   dataset of windows alone.
 * @returns a dataset of `{xs: [batch, sequenceLength, features], ys: [batch, ...]}` (or of `xs` alone
 *   when `targets` is `null`; `[batch, sequenceLength]` for 1-D data, as in Keras). Its tensors belong
 *   to the consumer: `fitDataset` disposes them, a manual loop must.
 * @throws {@link @seq/core!index.SeqError} for a window longer than the series, `samplingRate` < 1, `startIndex` >=
 *   `endIndex`, targets shorter than the data, non-finite values, and other bad options.
 * @example
 * ```ts
 * const series = Array.from({ length: 100 }, (_, t) => Math.sin(t / 5));
 * // Windows of 10 steps; the target of the window ending at step t is step t + 1.
 * const dataset = timeseriesDatasetFromArray(series.slice(0, -10), series.slice(10), {
 *   sequenceLength: 10,
 *   batchSize: 32,
 * });
 * await dataset.forEachAsync(({ xs, ys }) => {
 *   console.log(xs.shape, ys.shape); // [32, 10] [32] twice, then [17, 10] [17] (81 windows)
 *   tf.dispose([xs, ys]);
 * });
 * ```
 */
export function timeseriesDatasetFromArray(
  data: SeriesInput,
  targets: SeriesInput,
  options: WindowOptions,
): tf.data.Dataset<WindowBatch>;
export function timeseriesDatasetFromArray(
  data: SeriesInput,
  targets: null,
  options: WindowOptions,
): tf.data.Dataset<tf.Tensor>;
export function timeseriesDatasetFromArray(
  data: SeriesInput,
  targets: SeriesInput | null,
  options: WindowOptions,
): tf.data.Dataset<WindowBatch> | tf.data.Dataset<tf.Tensor> {
  const x = toSeriesMatrix(OWNER, 'data', data);
  const y = targets === null ? null : toSeriesMatrix(OWNER, 'targets', targets);
  if (y !== null && y.rows < x.rows) {
    throw new SeqError({
      owner: OWNER,
      argument: 'targets',
      expected: `one row per data row (${x.rows} rows; pass null for no targets)`,
      receivedDescription: `${y.rows} rows`,
    });
  }
  const plan = planWindows(OWNER, x.rows, options);
  const { sequenceLength, samplingRate } = plan;
  const starts = (windows: Int32Array) =>
    windows.map((w) => plan.startIndex + w * plan.sequenceStride);
  const xsOf = (first: Int32Array) => {
    const buffer = gatherRows(x.values, x.columns, first, sequenceLength, samplingRate, null);
    return x.rank === 1
      ? tf.tensor2d(buffer, [first.length, sequenceLength]) // [batch, time]
      : tf.tensor3d(buffer, [first.length, sequenceLength, x.columns]); // [batch, time, features]
  };
  const unbatch = plan.batchSize === null;
  const squeeze = (t: tf.Tensor) => {
    if (!unbatch) return t;
    const one = t.squeeze([0]);
    t.dispose();
    return one;
  };
  if (y === null) {
    return windowDataset(plan, (windows) => squeeze(xsOf(starts(windows))));
  }
  return windowDataset(plan, (windows) => {
    const first = starts(windows);
    const buffer = gatherRows(y.values, y.columns, first, 1, 1, null);
    const ys =
      y.rank === 1
        ? tf.tensor1d(buffer) // [batch]
        : tf.tensor2d(buffer, [first.length, y.columns]); // [batch, targetFeatures]
    return { xs: squeeze(xsOf(first)), ys: squeeze(ys) };
  });
}
