/**
 * Data for sequence models. Time series: windowed datasets with Keras' semantics
 * (`timeseriesDatasetFromArray`), forecasting targets (`forecastDataset`), chronological splits,
 * scalers, Géron's synthetic series, CSV series, baselines and metrics. Text: Keras'
 * `TextVectorization` (a layer that saves its vocabulary), and character, word and subword
 * tokenizers with one interface.
 *
 * @packageDocumentation
 */
export type {
  BytePairTokenizerJSON,
  BytePairTokenizerOptions,
  BytePairTrainOptions,
} from './byte-pair-options.js';
export { BytePairTokenizer } from './byte-pair-tokenizer.js';
export {
  CharTokenizer,
  type CharTokenizerCorpusOptions,
  type CharTokenizerOptions,
} from './char-tokenizer.js';
export {
  ColumnScaler,
  type InverseTransformOptions,
  type ScalerInput,
  type ScalerJSON,
} from './column-scaler.js';
export * as datasets from './datasets/index.js';
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
export {
  type NextTokenBatch,
  type NextTokenDatasetOptions,
  nextTokenDataset,
} from './next-token-dataset.js';
export { type PadSequencesOptions, padSequences } from './pad-sequences.js';
export { parseCsv } from './parse-csv.js';
export { parseTimestamp } from './parse-timestamp.js';
export { preTokenize } from './pre-tokenize.js';
export {
  type CsvSeries,
  type CsvSeriesOptions,
  parseCsvSeries,
  readCsvSeries,
} from './read-csv-series.js';
export type { Values } from './read-values.js';
export { sequenceMask } from './sequence-mask.js';
export type { SeriesInput } from './series-matrix.js';
export {
  type Sliceable,
  splitByTime,
  type TimePoint,
  type TimeSplit,
  type TimeSplitResult,
} from './split-by-time.js';
export { type SequenceSplit, type SplitSequenceOptions, splitSequence } from './split-sequence.js';
export { ngrams, type SplitMode, splitText } from './split-text.js';
export { StandardScaler } from './standard-scaler.js';
export {
  type LowercaseMode,
  type StandardizeMode,
  type StandardizeOptions,
  standardizeText,
} from './standardize-text.js';
export {
  type PackedSequences,
  type PackOptions,
  StartEndPacker,
  type StartEndPackerArgs,
  type StartEndPackerConfig,
} from './start-end-packer.js';
export {
  type StatefulNextTokenDatasetOptions,
  statefulNextTokenDataset,
} from './stateful-next-token-dataset.js';
export type { TextSource } from './text-source.js';
export {
  type GetVocabularyOptions,
  type TextOutputMode,
  TextVectorization,
  type TextVectorizationArgs,
  textVectorization,
} from './text-vectorization.js';
export { timeseriesDatasetFromArray, type WindowBatch } from './timeseries-dataset-from-array.js';
export type { SpecialTokenOptions } from './token-vocabulary.js';
export type { DecodeOptions, SpecialTokens, Tokenizer, TokenizerJSON } from './tokenizer.js';
export { tokenizerFromJSON } from './tokenizer-from-json.js';
export { normalizeUnicode, type UnicodeNormalization } from './unicode-normalization.js';
export type { WindowOptions } from './window-plan.js';
export {
  WordTokenizer,
  type WordTokenizerCorpusOptions,
  type WordTokenizerOptions,
} from './word-tokenizer.js';
