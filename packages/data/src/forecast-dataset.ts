import { assertBoolean, assertPositiveInteger, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { type SeriesInput, toSeriesMatrix } from './series-matrix.js';
import type { WindowBatch } from './timeseries-dataset-from-array.js';
import { gatherRows, planWindows, type WindowOptions, windowDataset } from './window-plan.js';

const OWNER = 'forecastDataset';

/** Options of {@link forecastDataset}: the windowing options plus what to forecast. */
export interface ForecastDatasetOptions extends WindowOptions {
  /** How many future steps each target holds ("forecast 10 steps at once"). @defaultValue `1` */
  horizon?: number;
  /** The columns to forecast, by index. @defaultValue every column */
  targetColumns?: number[];
  /**
   * Whether every time step of a window gets its own `horizon`-step target (sequence-to-sequence),
   * instead of the window as a whole.
   * @defaultValue `false`
   */
  sequenceToSequence?: boolean;
}

/**
 * Windows a series for forecasting: each window of past steps comes with the `horizon` steps that
 * follow it as its target (Géron's "forecast 10 steps at once"), or, with `sequenceToSequence`,
 * every step of the window comes with the `horizon` steps that follow that step. Targets are built
 * batch by batch from the series itself, so nothing is materialised beyond one batch.
 *
 * Steps are `samplingRate` rows apart, inside a window and in its targets alike: the model sees the
 * series sampled every `samplingRate` rows and forecasts its continuation. Only windows whose
 * targets end before `endIndex` are used.
 *
 * @param series - `[time]` or `[time, features]`.
 * @returns batches of `{xs, ys}`: `xs` is `[batch, sequenceLength, features]` (`[batch,
 *   sequenceLength, 1]` for a 1-D series, ready for an RNN); `ys` is `[batch, horizon]` for one
 *   target column or `[batch, horizon, targetColumns]` for several; with `sequenceToSequence`, `ys`
 *   is `[batch, sequenceLength, horizon]` or `[batch, sequenceLength, horizon, targetColumns]`.
 * @throws {@link @seq/core!index.SeqError} for the windowing errors of {@link timeseriesDatasetFromArray}, a
 *   `horizon` that is not a positive integer, and target columns out of range.
 * @example
 * ```ts
 * const series = generateTimeSeries(1, 1000, { seed: 42 }); // [1, 1000, 1]
 * const dataset = forecastDataset(series.reshape([1000, 1]) as tf.Tensor2D, {
 *   sequenceLength: 50,
 *   horizon: 10,
 *   batchSize: 32,
 * });
 * const [first] = await dataset.take(1).toArray();
 * console.log(first.xs.shape, first.ys.shape); // [32, 50, 1] [32, 10]
 * ```
 */
export function forecastDataset(
  series: SeriesInput,
  options: ForecastDatasetOptions,
): tf.data.Dataset<WindowBatch> {
  const data = toSeriesMatrix(OWNER, 'series', series);
  const horizon = assertPositiveInteger(OWNER, 'horizon', options?.horizon ?? 1);
  const seq2seq = assertBoolean(OWNER, 'sequenceToSequence', options?.sequenceToSequence ?? false);
  const columns = options?.targetColumns ?? Array.from({ length: data.columns }, (_, c) => c);
  if (
    !Array.isArray(columns) ||
    columns.length === 0 ||
    !columns.every((c) => Number.isInteger(c) && c >= 0 && c < data.columns)
  ) {
    throw new SeqError({
      owner: OWNER,
      argument: 'targetColumns',
      expected: `a non-empty list of column indices in [0, ${data.columns})`,
      received: columns,
    });
  }
  const plan = planWindows(OWNER, data.rows, options, horizon);
  const { sequenceLength: steps, samplingRate: rate } = plan;
  const allColumns = columns.length === data.columns && columns.every((c, i) => c === i);
  const picked = allColumns ? null : columns;
  const k = columns.length;
  return windowDataset(plan, (windows) => {
    const n = windows.length;
    const first = windows.map((w) => plan.startIndex + w * plan.sequenceStride);
    const xs = tf.tensor3d(gatherRows(data.values, data.columns, first, steps, rate, null), [
      n,
      steps,
      data.columns,
    ]);
    let ys: tf.Tensor;
    if (!seq2seq) {
      // The horizon steps after the last input step.
      const after = first.map((s) => s + steps * rate);
      const buffer = gatherRows(data.values, data.columns, after, horizon, rate, picked);
      ys = k === 1 ? tf.tensor2d(buffer, [n, horizon]) : tf.tensor3d(buffer, [n, horizon, k]);
    } else {
      // For input step t of window w, the horizon steps after it: rows s + (t + 1) r ... s + (t + h) r.
      const buffer = new Float32Array(n * steps * horizon * k);
      const perStep = horizon * k;
      for (let w = 0; w < n; w++) {
        for (let t = 0; t < steps; t++) {
          const rows = gatherRows(
            data.values,
            data.columns,
            [(first[w] as number) + (t + 1) * rate],
            horizon,
            rate,
            picked,
          );
          buffer.set(rows, (w * steps + t) * perStep);
        }
      }
      ys =
        k === 1
          ? tf.tensor3d(buffer, [n, steps, horizon])
          : tf.tensor4d(buffer, [n, steps, horizon, k]);
    }
    if (plan.batchSize === null) {
      const one = { xs: xs.squeeze([0]), ys: ys.squeeze([0]) };
      tf.dispose([xs, ys]);
      return one;
    }
    return { xs, ys };
  });
}
