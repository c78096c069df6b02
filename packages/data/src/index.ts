/**
 * Data for sequence models. Time series: windowed datasets with Keras' semantics
 * (`timeseriesDatasetFromArray`), forecasting targets (`forecastDataset`), chronological splits,
 * scalers, Géron's synthetic series, CSV series, baselines and metrics.
 *
 * @packageDocumentation
 */
export {
  ColumnScaler,
  type InverseTransformOptions,
  type ScalerInput,
  type ScalerJSON,
} from './column-scaler.js';
export { type ForecastDatasetOptions, forecastDataset } from './forecast-dataset.js';
export { type GenerateTimeSeriesOptions, generateTimeSeries } from './generate-time-series.js';
export {
  fitLinearAutoregression,
  type LinearAutoregression,
  type LinearAutoregressionOptions,
} from './linear-autoregression.js';
export { type MaseOptions, mae, mape, mase, mse, rmse, smape } from './metrics.js';
export { MinMaxScaler, type MinMaxScalerOptions } from './min-max-scaler.js';
export {
  type NaiveForecastOptions,
  naiveForecast,
  type SeasonalNaiveForecastOptions,
  seasonalNaiveForecast,
} from './naive-forecast.js';
export { parseCsv } from './parse-csv.js';
export { parseTimestamp } from './parse-timestamp.js';
export {
  type CsvSeries,
  type CsvSeriesOptions,
  parseCsvSeries,
  readCsvSeries,
} from './read-csv-series.js';
export type { Values } from './read-values.js';
export type { SeriesInput } from './series-matrix.js';
export {
  type Sliceable,
  splitByTime,
  type TimePoint,
  type TimeSplit,
  type TimeSplitResult,
} from './split-by-time.js';
export { StandardScaler } from './standard-scaler.js';
export { timeseriesDatasetFromArray, type WindowBatch } from './timeseries-dataset-from-array.js';
export type { WindowOptions } from './window-plan.js';
