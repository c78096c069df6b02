/**
 * Dataset loaders for sequence models, with pure parsers for text fetched by other means (a
 * browser's `fetch`). Loaders read a local copy (`{ path }`) or download the public file once into
 * a cache folder and verify its checksum; they need Node. The parsers run anywhere.
 *
 * @packageDocumentation
 */

export type { DatasetOptions } from './dataset-options.js';
export { DATASET_SOURCES, type DatasetSourceName } from './dataset-sources.js';
export {
  type Checksum,
  type ChecksumAlgorithm,
  type DownloadToCacheOptions,
  datasetCacheDirectory,
  downloadToCache,
  type RemoteFile,
} from './download-to-cache.js';
export { loadChatbotData } from './load-chatbot-data.js';
export { type LoadCsvSeriesOptions, loadCsvSeries } from './load-csv-series.js';
export { type LoadImdbOptions, loadImdb } from './load-imdb.js';
export { type LoadNsmcOptions, loadNsmc } from './load-nsmc.js';
export { type LoadSentencePairsOptions, loadSentencePairs } from './load-sentence-pairs.js';
export { loadTinyShakespeare } from './load-tiny-shakespeare.js';
export { type ChatbotPair, parseChatbotData } from './parse-chatbot-data.js';
export { type ImdbCsvOptions, type ImdbReview, parseImdbCsv } from './parse-imdb-csv.js';
export { type NsmcReview, parseNsmc } from './parse-nsmc.js';
export { parseSentencePairs, type SentencePair } from './parse-sentence-pairs.js';
export type { DownloadProgress } from './progress-bar.js';
