import { SeqError } from '@seq/core';
import { type CsvSeries, type CsvSeriesOptions, readCsvSeries } from '../read-csv-series.js';
import { checkOptions, checkPath, type DatasetOptions, resolveFile } from './dataset-options.js';

/** Options of {@link loadCsvSeries}: where the CSV is, and how to read it ({@link CsvSeriesOptions}). */
export interface LoadCsvSeriesOptions extends CsvSeriesOptions {
  /** A local CSV file. */
  path?: string;
  /** An `http(s)` URL of a CSV file (when `path` is not given). */
  url?: string;
  /**
   * The sha256 of the file at `url`: with it the file is downloaded once into the cache and checked;
   * without it the URL is fetched on every call and not checked.
   */
  sha256?: string;
  /** The cache folder, for `url` with `sha256`. @defaultValue `SEQ_CACHE_DIR`, else `~/.cache/seq` */
  cacheDir?: string;
  /** Download progress, for `url` with `sha256`. @defaultValue a bar on stderr when it is a terminal */
  onProgress?: DatasetOptions['onProgress'];
}

/**
 * Loads a plain CSV time series from a local file or a URL, and reads it as {@link parseCsvSeries}
 * does (time column, value columns, missing cells). With `url` and `sha256` the file is downloaded
 * once into the cache and verified; with `url` alone it is fetched each time, unverified. Node only
 * for `path` and the cache.
 *
 * @param options - `path` or `url` (with an optional `sha256`), and the CSV options.
 * @returns The series: `columns`, `values` (`[time, columns]`), `times` and `timeColumn`.
 * @throws {@link @seq/core!index.SeqError} for options that are not an object, neither `path` nor
 *   `url`, a missing path, a failed or mismatched download, and everything {@link parseCsvSeries} rejects.
 * @example
 * ```ts
 * const air = await loadCsvSeries({ path: 'AirPassengers.csv' });
 * air.values.length; // 144
 * ```
 */
export async function loadCsvSeries(options: LoadCsvSeriesOptions): Promise<CsvSeries> {
  const owner = 'loadCsvSeries';
  const { path, url, sha256, cacheDir, onProgress, ...csv } = checkOptions<LoadCsvSeriesOptions>(
    owner,
    options,
  );
  if (path !== undefined) {
    await checkPath(owner, path);
    return readCsvSeries(path, csv);
  }
  if (url === undefined) {
    throw new SeqError({
      owner,
      argument: 'path',
      expected: 'a file path (or a `url`)',
      received: undefined,
    });
  }
  if (sha256 === undefined) {
    if (typeof url !== 'string' || !/^https?:\/\/\S+$/i.test(url)) {
      throw new SeqError({ owner, argument: 'url', expected: 'an http(s) URL', received: url });
    }
    return readCsvSeries(url, csv);
  }
  const source = { name: 'csv-series', extension: '.csv', url };
  const file = await resolveFile(owner, { url, sha256, cacheDir, onProgress }, source);
  return readCsvSeries(file.path, csv);
}
