import { mae, mse } from '@seq/data';
import * as tf from '@tensorflow/tfjs';
import type { ForecastData, WindowSet } from './forecast-data.js';
import { type ModelName, outputStepSource, outputSteps, type Strategy } from './forecast-models.js';

/** The inputs `[count, inputSteps, 1]` of a set of windows. */
export function inputsOf(windows: WindowSet, inputSteps: number): tf.Tensor3D {
  return tf.tensor3d(windows.inputs, [windows.count, inputSteps, 1]);
}

/**
 * The training targets of a model for a strategy: the next value `[count, 1]` (one step), the
 * next `horizon` values `[count, horizon]` (direct), or the `horizon` values after every output
 * step `[count, outputSteps, horizon]` (sequence to sequence, as the book's 15.9).
 */
export function targetsOf(
  windows: WindowSet,
  data: ForecastData,
  strategy: Strategy,
  model: ModelName,
): tf.Tensor {
  const { inputSteps: steps, horizon } = data;
  const { count, inputs, future } = windows;
  if (strategy === 'one-step') {
    return tf.tensor2d(
      Float32Array.from({ length: count }, (_, i) => future[i * horizon] as number),
      [count, 1],
    );
  }
  if (strategy === 'direct') return tf.tensor2d(future, [count, horizon]);
  const outSteps = outputSteps(model, steps);
  const targets = new Float32Array(count * outSteps * horizon);
  const at = (i: number, t: number) =>
    t < steps ? (inputs[i * steps + t] as number) : (future[i * horizon + t - steps] as number);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < outSteps; j++) {
      const source = outputStepSource(model, j);
      for (let k = 0; k < horizon; k++) {
        targets[(i * outSteps + j) * horizon + k] = at(i, source + 1 + k);
      }
    }
  }
  return tf.tensor3d(targets, [count, outSteps, horizon]); // [count, outputSteps, horizon]
}

/**
 * Forecasts the `horizon` steps after each window, `[count, horizon]` (scaled): a one-step model
 * is run iteratively, feeding each forecast back as the newest input; a direct model forecasts
 * them at once; a sequence-to-sequence model's last output step is its forecast.
 */
export function forecastHorizon(
  model: tf.LayersModel,
  strategy: Strategy,
  windows: WindowSet,
  data: ForecastData,
): Float32Array {
  const { inputSteps: steps, horizon } = data;
  return tf.tidy(() => {
    const x = inputsOf(windows, steps);
    if (strategy === 'direct') return predict(model, x).dataSync() as Float32Array;
    if (strategy === 'seq2seq') {
      const y = predict(model, x) as tf.Tensor3D; // [count, outputSteps, horizon]
      const last = y.shape[1] - 1;
      return y.slice([0, last, 0], [-1, 1, -1]).reshape([-1, horizon]).dataSync() as Float32Array;
    }
    const forecasts: tf.Tensor[] = [];
    let window: tf.Tensor = x;
    for (let k = 0; k < horizon; k++) {
      const next = predict(model, window); // [count, 1]
      forecasts.push(next);
      // Slide: drop the oldest step, append the forecast as the newest input.
      window = tf.concat(
        [window.slice([0, 1, 0], [-1, steps - 1, 1]), next.reshape([-1, 1, 1])],
        1,
      );
    }
    return tf.concat(forecasts, 1).dataSync() as Float32Array; // [count, horizon]
  });
}

function predict(model: tf.LayersModel, x: tf.Tensor): tf.Tensor {
  return model.predict(x, { batchSize: 512 }) as tf.Tensor;
}

/** The naive forecast: the last value seen, repeated over the horizon (scaled, `[count, horizon]`). */
export function naiveHorizon(windows: WindowSet, data: ForecastData): Float32Array {
  const { inputSteps: steps, horizon } = data;
  const out = new Float32Array(windows.count * horizon);
  for (let i = 0; i < windows.count; i++) {
    out.fill(windows.inputs[i * steps + steps - 1] as number, i * horizon, (i + 1) * horizon);
  }
  return out;
}

/**
 * The seasonal naive forecast: step `k` ahead repeats the value one season before it,
 * `x[T + k - season * ceil(k / season)]` (scaled, `[count, horizon]`).
 */
export function seasonalNaiveHorizon(
  windows: WindowSet,
  data: ForecastData,
  season: number,
): Float32Array {
  const { inputSteps: steps, horizon } = data;
  const out = new Float32Array(windows.count * horizon);
  for (let i = 0; i < windows.count; i++) {
    for (let k = 1; k <= horizon; k++) {
      const t = steps - 1 + k - season * Math.ceil(k / season);
      out[i * horizon + k - 1] = windows.inputs[i * steps + t] as number;
    }
  }
  return out;
}

/** Error measures of forecasts in the series' own units, and MASE. */
export interface Scores {
  mae: number;
  mse: number;
  /** MAE over the in-sample naive forecast's MAE on the training windows: below 1 beats it. */
  mase: number;
}

/**
 * Scores forecasts `[count, horizon]` against the truth over the first `steps` steps of the
 * horizon (1 for one-step scores), in original units.
 */
export function score(
  forecasts: Float32Array,
  windows: WindowSet,
  data: ForecastData,
  steps: number,
  naiveScale: number,
): Scores {
  const { horizon, std, mean } = data;
  const truth: number[] = [];
  const predicted: number[] = [];
  for (let i = 0; i < windows.count; i++) {
    for (let k = 0; k < steps; k++) {
      truth.push((windows.future[i * horizon + k] as number) * std + mean);
      predicted.push((forecasts[i * horizon + k] as number) * std + mean);
    }
  }
  const error = mae(truth, predicted);
  return { mae: error, mse: mse(truth, predicted), mase: error / naiveScale };
}

/**
 * The scale of MASE: the mean absolute error of the one-step naive forecast inside the training
 * windows (Hyndman and Koehler's in-sample naive MAE), in original units.
 */
export function naiveScale(data: ForecastData): number {
  const { train, inputSteps: steps, std } = data;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < train.count; i++) {
    for (let t = 1; t < steps; t++) {
      sum += Math.abs(
        (train.inputs[i * steps + t] as number) - (train.inputs[i * steps + t - 1] as number),
      );
      n++;
    }
  }
  return (sum / n) * std;
}
