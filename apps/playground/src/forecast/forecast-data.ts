import { generateTimeSeries, parseCsvSeries, StandardScaler } from '@seq/data';

/** Windows of a series: each `inputSteps` values, then the `horizon` values that follow. */
export interface WindowSet {
  /** `[count, inputSteps]`, scaled. */
  inputs: Float32Array;
  /** `[count, horizon]`, scaled: the values after each window. */
  future: Float32Array;
  count: number;
}

/** The windows a forecaster trains, is validated and is tested on. */
export interface ForecastData {
  /** Where the series came from, for the page. */
  source: string;
  inputSteps: number;
  horizon: number;
  train: WindowSet;
  valid: WindowSet;
  test: WindowSet;
  /** Undoes the scaling: original = scaled * std + mean (1 and 0 for the synthetic series). */
  std: number;
  mean: number;
}

/** Options of {@link syntheticForecastData}. */
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
 * `inputSteps + horizon` steps each; 70% train, 20% validation, 10% test, as the forecast app
 * splits them.
 */
export function syntheticForecastData(options: SyntheticOptions): ForecastData {
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

/** The value columns of a CSV series, to choose from. */
export function csvValueColumns(text: string): string[] {
  return parseCsvSeries(text, { missing: 'interpolate' }).columns;
}

/** Options of {@link csvForecastData}. */
export interface CsvOptions {
  /** The column to forecast. @defaultValue the first value column */
  column?: string;
  inputSteps: number;
  horizon: number;
}

/**
 * One column of a CSV series (`parseCsvSeries`, missing cells interpolated), split in time (70%
 * train, 15% validation, 15% test, windows never crossing a boundary, one window per row),
 * standardised with the training part's mean and deviation (`StandardScaler`), as the forecast app
 * does.
 *
 * @throws Error when the series is too short for a window in each part.
 */
export function csvForecastData(text: string, options: CsvOptions): ForecastData {
  const { inputSteps, horizon } = options;
  const csv = parseCsvSeries(text, {
    missing: 'interpolate',
    ...(options.column ? { valueColumns: [options.column] } : {}),
  });
  const column = csv.columns[0] as string;
  const series = csv.values.map((row) => row[0] as number);
  const steps = inputSteps + horizon;
  const trainEnd = Math.floor(series.length * 0.7);
  const validEnd = Math.floor(series.length * 0.85);
  const shortest = Math.min(trainEnd, validEnd - trainEnd, series.length - validEnd);
  if (shortest < steps) {
    throw new Error(
      `The series has ${series.length} rows: its smallest part (15%) must hold one window of ` +
        `${inputSteps} + ${horizon} = ${steps} rows. Use shorter windows or a longer series.`,
    );
  }
  const scaler = new StandardScaler().fit(series.slice(0, trainEnd));
  const scaled = Float32Array.from(scaler.transform(series));
  const cut = (start: number, end: number) => {
    const rows: Float32Array[] = [];
    for (let s = start; s + steps <= end; s++) rows.push(scaled.subarray(s, s + steps));
    return windowSet(rows, inputSteps, horizon);
  };
  const { center, scale } = scaler.toJSON();
  return {
    source: `CSV column "${column}": ${series.length} rows`,
    inputSteps,
    horizon,
    train: cut(0, trainEnd),
    valid: cut(trainEnd, validEnd),
    test: cut(validEnd, series.length),
    std: scale[0] as number,
    mean: center[0] as number,
  };
}
