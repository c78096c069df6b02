import {
  type ForecastData,
  splitSeries,
  syntheticData,
  type WindowSet,
} from '@seq/app-forecast/forecast-windows';
import { parseCsvSeries } from '@seq/data';

// The forecast app's windows, so that the page trains on what the app trains on.
export { type ForecastData, syntheticData, type WindowSet };

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
 * One column of a pasted or uploaded CSV series (`parseCsvSeries`, missing cells interpolated),
 * split in time as the forecast app splits a CSV file (`splitSeries`), with a window starting at
 * every row.
 *
 * @throws Error when the series is too short for a window in each part.
 */
export function csvForecastData(text: string, options: CsvOptions): ForecastData {
  const { inputSteps, horizon } = options;
  const csv = parseCsvSeries(text, {
    missing: 'interpolate',
    ...(options.column ? { valueColumns: [options.column] } : {}),
  });
  const series = csv.values.map((row) => row[0] as number);
  const data = splitSeries(series, {
    inputSteps,
    horizon,
    stride: 1,
    source: `CSV column "${csv.columns[0] as string}": ${series.length} rows`,
  });
  if (data === null) {
    const steps = inputSteps + horizon;
    throw new Error(
      `The series has ${series.length} rows: its smallest part (15%) must hold one window of ` +
        `${inputSteps} + ${horizon} = ${steps} rows. Use shorter windows or a longer series.`,
    );
  }
  return data;
}
