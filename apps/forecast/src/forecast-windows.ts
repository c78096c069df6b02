/**
 * The forecast app's data, without any file access (the web playground imports it as
 * `@seq/app-forecast/forecast-windows`): the book's synthetic series and a single series split in
 * time, each cut into windows and what follows them.
 */
import { generateTimeSeries, StandardScaler } from '@seq/data';

/** Windows of a series: each `inputSteps` values, then the `horizon` values that follow. */
export interface WindowSet {
  /** `[count, inputSteps]`, scaled. */
  inputs: Float32Array;
  /** `[count, horizon]`, scaled: the values after each window. */
  future: Float32Array;
  count: number;
}

/** The windows every model trains and is evaluated on. */
export interface ForecastData {
  /** Where the series came from, for the results. */
  source: string;
  inputSteps: number;
  horizon: number;
  train: WindowSet;
  valid: WindowSet;
  test: WindowSet;
  /** The inverse of the scaling: original = scaled * std + mean (1 and 0 for the synthetic series). */
  std: number;
  mean: number;
}

/** Options of {@link syntheticData}. */
export interface SyntheticOptions {
  /** Independent series (one window each). */
  series: number;
  inputSteps: number;
  horizon: number;
  seed: number;
}

/** Cuts rows of `inputSteps + horizon` values into inputs and futures. */
export function windowSet(
  rows: readonly Float32Array[],
  inputSteps: number,
  horizon: number,
): WindowSet {
  const inputs = new Float32Array(rows.length * inputSteps);
  const future = new Float32Array(rows.length * horizon);
  rows.forEach((row, i) => {
    inputs.set(row.subarray(0, inputSteps), i * inputSteps);
    future.set(row.subarray(inputSteps, inputSteps + horizon), i * horizon);
  });
  return { inputs, future, count: rows.length };
}

/**
 * The book's data (15.6, `generateTimeSeries`): independent series of two sine waves plus noise,
 * `inputSteps + horizon` steps each, 70% train, 20% validation, 10% test.
 */
export function syntheticData(options: SyntheticOptions): ForecastData {
  const { series, inputSteps, horizon, seed } = options;
  const steps = inputSteps + horizon;
  const all = generateTimeSeries(series, steps, { seed }); // [series, steps, 1]
  const values = all.dataSync() as Float32Array;
  all.dispose();
  const rows = Array.from({ length: series }, (_, i) =>
    values.subarray(i * steps, (i + 1) * steps),
  );
  const trainEnd = Math.round(series * 0.7);
  const validEnd = Math.round(series * 0.9);
  return {
    source: `synthetic: ${series} series of ${steps} steps (seed ${seed})`,
    inputSteps,
    horizon,
    train: windowSet(rows.slice(0, trainEnd), inputSteps, horizon),
    valid: windowSet(rows.slice(trainEnd, validEnd), inputSteps, horizon),
    test: windowSet(rows.slice(validEnd), inputSteps, horizon),
    std: 1,
    mean: 0,
  };
}

/** Options of {@link splitSeries}. */
export interface SplitOptions {
  inputSteps: number;
  horizon: number;
  /** Rows between consecutive training windows (validation and test windows start every row). */
  stride: number;
  /** Where the series came from, for the results. */
  source: string;
}

/**
 * One series split in time (70% train, 15% validation, 15% test, windows never crossing a
 * boundary), standardised with the training part's mean and deviation. `null` when the smallest
 * part (15%) cannot hold one window of `inputSteps + horizon` rows: the caller says so in its terms.
 */
export function splitSeries(series: readonly number[], options: SplitOptions): ForecastData | null {
  const { inputSteps, horizon, stride, source } = options;
  const steps = inputSteps + horizon;
  const trainEnd = Math.floor(series.length * 0.7);
  const validEnd = Math.floor(series.length * 0.85);
  if (Math.min(trainEnd, validEnd - trainEnd, series.length - validEnd) < steps) return null;
  const scaler = new StandardScaler().fit(series.slice(0, trainEnd));
  const scaled = Float32Array.from(scaler.transform(series));
  const cut = (start: number, end: number, every: number) => {
    const rows: Float32Array[] = [];
    for (let s = start; s + steps <= end; s += every) rows.push(scaled.subarray(s, s + steps));
    return windowSet(rows, inputSteps, horizon);
  };
  const { center, scale } = scaler.toJSON();
  return {
    source,
    inputSteps,
    horizon,
    train: cut(0, trainEnd, stride),
    valid: cut(trainEnd, validEnd, 1),
    test: cut(validEnd, series.length, 1),
    std: scale[0] as number,
    mean: center[0] as number,
  };
}
