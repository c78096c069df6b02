import { UsageError } from '@seq/app-kit';
import { generateTimeSeries, readCsvSeries, StandardScaler } from '@seq/data';

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
  series: number;
  inputSteps: number;
  horizon: number;
  seed: number;
}

/**
 * The book's data (15.6): independent series of two sine waves plus noise, `inputSteps + horizon`
 * steps each, 70% train, 20% validation, 10% test.
 */
export function syntheticData(options: SyntheticOptions): ForecastData {
  const { series, inputSteps, horizon, seed } = options;
  const all = generateTimeSeries(series, inputSteps + horizon, { seed }); // [series, steps, 1]
  const values = all.dataSync() as Float32Array;
  all.dispose();
  const steps = inputSteps + horizon;
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

/** Options of {@link csvData}. */
export interface CsvOptions {
  /** A CSV file path or an http(s) URL. */
  file: string;
  /** The column to forecast; the only value column when not given. */
  column: string | undefined;
  inputSteps: number;
  horizon: number;
  /** Rows between consecutive training windows. */
  stride: number;
}

/**
 * One column of a CSV series, split in time (70% train, 15% validation, 15% test, windows never
 * crossing a boundary), standardised with the training part's mean and deviation.
 */
export async function csvData(options: CsvOptions): Promise<ForecastData> {
  const { file, column, inputSteps, horizon, stride } = options;
  const csv = await readCsvSeries(file, column === undefined ? {} : { valueColumns: [column] });
  if (column === undefined && csv.columns.length > 1) {
    throw new UsageError(
      `${file} has several value columns (${csv.columns.join(', ')}): choose one with --column`,
    );
  }
  const series = csv.values.map((row) => row[0] as number);
  const steps = inputSteps + horizon;
  const trainEnd = Math.floor(series.length * 0.7);
  const validEnd = Math.floor(series.length * 0.85);
  const shortest = Math.min(trainEnd, validEnd - trainEnd, series.length - validEnd);
  if (shortest < steps) {
    throw new UsageError(
      `${file} has ${series.length} rows; its smallest part (15%) must hold one window of ` +
        `--steps + --horizon = ${steps} rows: use shorter windows or a longer series`,
    );
  }
  const scaler = new StandardScaler().fit(series.slice(0, trainEnd));
  const scaled = Float32Array.from(scaler.transform(series));
  const cut = (start: number, end: number, every: number) => {
    const rows: Float32Array[] = [];
    for (let s = start; s + steps <= end; s += every) rows.push(scaled.subarray(s, s + steps));
    return windowSet(rows, inputSteps, horizon);
  };
  const { center, scale } = scaler.toJSON();
  return {
    source: `${file}, column ${csv.columns[0]}: ${series.length} rows`,
    inputSteps,
    horizon,
    train: cut(0, trainEnd, stride),
    valid: cut(trainEnd, validEnd, 1),
    test: cut(validEnd, series.length, 1),
    std: scale[0] as number,
    mean: center[0] as number,
  };
}

function windowSet(rows: Float32Array[], inputSteps: number, horizon: number): WindowSet {
  const inputs = new Float32Array(rows.length * inputSteps);
  const future = new Float32Array(rows.length * horizon);
  rows.forEach((row, i) => {
    inputs.set(row.subarray(0, inputSteps), i * inputSteps);
    future.set(row.subarray(inputSteps, inputSteps + horizon), i * horizon);
  });
  return { inputs, future, count: rows.length };
}

/**
 * The season of the series: among lags up to `inputSteps / 2` past the first one where the mean
 * autocorrelation of the training windows (each centred on its own mean) turns negative, the lag
 * where it is highest; 1 (the naive forecast) when it never turns negative.
 */
export function estimateSeason(windows: WindowSet, inputSteps: number): number {
  const maxLag = Math.floor(inputSteps / 2);
  const sums = new Float64Array(maxLag + 1);
  for (let w = 0; w < windows.count; w++) {
    const x = windows.inputs.subarray(w * inputSteps, (w + 1) * inputSteps);
    const mean = x.reduce((a, b) => a + b, 0) / inputSteps;
    let variance = 0;
    for (const v of x) variance += (v - mean) ** 2;
    if (variance === 0) continue;
    for (let lag = 1; lag <= maxLag; lag++) {
      let c = 0;
      for (let t = lag; t < inputSteps; t++)
        c += ((x[t] as number) - mean) * ((x[t - lag] as number) - mean);
      sums[lag] = (sums[lag] as number) + c / variance;
    }
  }
  const negative = sums.findIndex((v, lag) => lag > 0 && v < 0);
  if (negative < 0) return 1;
  let best = negative;
  for (let lag = negative + 1; lag <= maxLag; lag++)
    if ((sums[lag] as number) > (sums[best] as number)) best = lag;
  return (sums[best] as number) > 0 ? best : 1;
}
