import { UsageError } from '@seq/app-kit';
import { readCsvSeries } from '@seq/data';
import { type ForecastData, splitSeries, type WindowSet } from './forecast-windows.js';

export {
  type ForecastData,
  type SyntheticOptions,
  syntheticData,
  type WindowSet,
} from './forecast-windows.js';

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
  const data = splitSeries(series, {
    inputSteps,
    horizon,
    stride,
    source: `${file}, column ${csv.columns[0]}: ${series.length} rows`,
  });
  if (data === null) {
    throw new UsageError(
      `${file} has ${series.length} rows; its smallest part (15%) must hold one window of ` +
        `--steps + --horizon = ${inputSteps + horizon} rows: use shorter windows or a longer series`,
    );
  }
  return data;
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
