import { SeqError } from '@seq/core';
import { downloadToCache, type RemoteFile } from './download-to-cache.js';
import type { DownloadProgress } from './progress-bar.js';

/** Options every dataset loader takes: a local copy, or where and how to download. */
export interface DatasetOptions {
  /** A local copy (file or folder, as each loader says); nothing is downloaded. */
  path?: string;
  /**
   * Where to download from instead of the built-in URL (a mirror). Without `sha256` the built-in
   * checksum still applies.
   * @defaultValue the loader's built-in URL ({@link DATASET_SOURCES})
   */
  url?: string;
  /** The expected sha256 of the downloaded file (64 hex digits), replacing the built-in checksum. */
  sha256?: string;
  /**
   * The cache folder (files go to its `datasets` subfolder).
   * @defaultValue the `SEQ_CACHE_DIR` environment variable, else `~/.cache/seq`
   */
  cacheDir?: string;
  /**
   * Called as a download goes, with the bytes received and the total when known; `false` for none.
   * @defaultValue a one-line bar on stderr when stderr is a terminal
   */
  onProgress?: DownloadProgress | false;
}

/** A file to read, and the argument named when its content is wrong. @internal */
export interface ResolvedFile {
  /** The local path. */
  path: string;
  /** `'path'` for the user's copy, `'url'` for a download. */
  argument: 'path' | 'url';
}

/**
 * Checks that `options` is an object (or undefined) and returns it.
 * @internal
 */
export function checkOptions<T extends object>(owner: string, options: unknown): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new SeqError({ owner, argument: 'options', expected: 'an object', received: options });
  }
  return options as T;
}

/**
 * Checks a user path (a non-empty string naming something that exists) and says whether it is a folder.
 * @internal
 */
export async function checkPath(owner: string, path: unknown): Promise<{ directory: boolean }> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new SeqError({ owner, argument: 'path', expected: 'a file path', received: path });
  }
  const { stat } = await import('node:fs/promises');
  try {
    return { directory: (await stat(path)).isDirectory() };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new SeqError({
      owner,
      argument: 'path',
      expected: 'an existing file or folder',
      receivedDescription: `${JSON.stringify(path)} (${typeof code === 'string' ? code : String(error)})`,
      cause: error,
    });
  }
}

/**
 * The file to read: the user's `path` when given, else the built-in source (or the user's `url`
 * and `sha256`) downloaded once into the cache.
 * @internal
 */
export async function resolveFile(
  owner: string,
  options: DatasetOptions,
  source: RemoteFile,
): Promise<ResolvedFile> {
  if (options.path !== undefined) {
    await checkPath(owner, options.path);
    return { path: options.path, argument: 'path' };
  }
  const { url, sha256 } = options;
  if (url !== undefined && (typeof url !== 'string' || !/^https?:\/\/\S+$/i.test(url))) {
    throw new SeqError({ owner, argument: 'url', expected: 'an http(s) URL', received: url });
  }
  if (sha256 !== undefined && (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(sha256))) {
    throw new SeqError({
      owner,
      argument: 'sha256',
      expected: 'a sha256 digest of 64 hex digits',
      received: sha256,
    });
  }
  const file: RemoteFile =
    sha256 === undefined
      ? { ...source, url: url ?? source.url }
      : {
          name: source.name,
          extension: source.extension,
          url: url ?? source.url,
          checksum: { algorithm: 'sha256', digest: sha256.toLowerCase() },
        };
  const path = await downloadToCache(file, {
    owner,
    cacheDir: options.cacheDir,
    onProgress: options.onProgress,
  });
  return { path, argument: 'url' };
}

/**
 * Reads a whole file as UTF-8 text (a leading byte-order mark is dropped by the parsers).
 * @internal
 */
export async function readText(path: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(path, 'utf8');
}
