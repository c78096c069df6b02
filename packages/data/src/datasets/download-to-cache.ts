import { SeqError } from '@seq/core';
import { type DownloadProgress, stderrProgressBar } from './progress-bar.js';

/** How a file's checksum is computed. `gitBlob` is git's blob id: sha1 of `"blob <size>\0"` + the bytes. */
export type ChecksumAlgorithm = 'sha256' | 'sha1' | 'md5' | 'gitBlob';

/** An expected checksum, as lowercase hex (a `gitBlob` one needs the file's `size` too). */
export interface Checksum {
  /** The algorithm. */
  algorithm: ChecksumAlgorithm;
  /** The digest, in hex. */
  digest: string;
}

/** A file to download once and keep in the cache folder. */
export interface RemoteFile {
  /**
   * The cache file's stem, made of letters, digits, `.`, `_` and `-` (never taken from the server):
   * the file is saved as `<name>-<first 12 hex digits of the checksum><extension>`.
   */
  name: string;
  /** The cache file's extension, with its dot: `'.txt'`, `'.tar.gz'`. */
  extension: string;
  /** Where to fetch it (`http:` or `https:`). */
  url: string;
  /** The expected checksum; without one, only the size is checked (and must be given). */
  checksum?: Checksum;
  /** The expected size in bytes, when known: checked after the download, and on each cache use. */
  size?: number;
}

/** Options of {@link downloadToCache}. */
export interface DownloadToCacheOptions {
  /** The function named in error messages. @defaultValue `'downloadToCache'` */
  owner?: string;
  /**
   * The cache folder; files go to its `datasets` subfolder.
   * @defaultValue the `SEQ_CACHE_DIR` environment variable, else `~/.cache/seq`
   */
  cacheDir?: string;
  /**
   * Called as bytes arrive, with the total when known; `false` for no report.
   * @defaultValue a one-line bar on stderr when stderr is a terminal, else nothing
   */
  onProgress?: DownloadProgress | false;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Hex digits in a digest, by algorithm. */
const DIGEST_LENGTH: Readonly<Record<ChecksumAlgorithm, number>> = {
  sha256: 64,
  sha1: 40,
  md5: 32,
  gitBlob: 40,
};

/** Checks the url, checksum and size of a {@link RemoteFile} (its name: {@link cacheName}). */
function checkRemoteFile(file: unknown): RemoteFile {
  const owner = 'downloadToCache';
  if (typeof file !== 'object' || file === null || Array.isArray(file)) {
    throw new SeqError({
      owner,
      argument: 'file',
      expected: 'a RemoteFile object',
      received: file,
    });
  }
  const { url, checksum, size } = file as Partial<RemoteFile>;
  if (typeof url !== 'string' || !/^https?:\/\/\S+$/i.test(url)) {
    throw new SeqError({ owner, argument: 'file.url', expected: 'an http(s) URL', received: url });
  }
  if (size !== undefined && !(Number.isSafeInteger(size) && size >= 0)) {
    throw new SeqError({
      owner,
      argument: 'file.size',
      expected: 'a whole number of bytes (0 or more)',
      received: size,
    });
  }
  if (checksum === undefined) {
    if (size === undefined) {
      throw new SeqError({
        owner,
        argument: 'file',
        expected: 'a file with a `checksum` or a `size` (or both) to check the download against',
        receivedDescription: 'neither',
      });
    }
    return file as RemoteFile;
  }
  const algorithm = (checksum as Partial<Checksum> | null)?.algorithm;
  if (typeof algorithm !== 'string' || !Object.hasOwn(DIGEST_LENGTH, algorithm)) {
    throw new SeqError({
      owner,
      argument: 'file.checksum.algorithm',
      expected: 'one of "sha256", "sha1", "md5", "gitBlob"',
      received: algorithm,
    });
  }
  const length = DIGEST_LENGTH[algorithm as ChecksumAlgorithm];
  const digest = (checksum as Checksum).digest;
  if (typeof digest !== 'string' || !new RegExp(`^[0-9a-f]{${length}}$`).test(digest)) {
    throw new SeqError({
      owner,
      argument: 'file.checksum.digest',
      expected: `a ${describe(checksum as Checksum)} of ${length} lowercase hex digits`,
      // A whole digest, not shortened, so it can be compared.
      ...(typeof digest === 'string'
        ? { receivedDescription: JSON.stringify(digest) }
        : { received: digest }),
    });
  }
  if (algorithm === 'gitBlob' && size === undefined) {
    throw new SeqError({
      owner,
      argument: 'file.size',
      expected: 'the size in bytes, which a git blob id hashes before the bytes',
      received: size,
    });
  }
  return file as RemoteFile;
}

function describe(checksum: Checksum): string {
  return checksum.algorithm === 'gitBlob' ? 'git blob id' : checksum.algorithm;
}

/**
 * The folder cached datasets are kept in: `<cacheDir>/datasets`, where `cacheDir` is the option,
 * else the `SEQ_CACHE_DIR` environment variable, else `~/.cache/seq`. Node only.
 *
 * @param cacheDir - A cache folder that overrides the environment. @defaultValue see above
 * @returns The absolute path of the datasets folder (not created here).
 * @example
 * ```ts
 * await datasetCacheDirectory(); // '/home/me/.cache/seq/datasets'
 * ```
 */
export async function datasetCacheDirectory(cacheDir?: string): Promise<string> {
  const { join, resolve } = await import('node:path');
  const fromEnv = globalThis.process?.env?.SEQ_CACHE_DIR;
  if (cacheDir !== undefined) return join(resolve(cacheDir), 'datasets');
  if (fromEnv) return join(resolve(fromEnv), 'datasets');
  const { homedir } = await import('node:os');
  return join(homedir(), '.cache', 'seq', 'datasets');
}

/** The cache file name of `file`: its safe stem, the checksum's first 12 hex digits, its extension. */
function cacheName(file: RemoteFile): string {
  const stem = file.checksum ? `${file.name}-${file.checksum.digest.slice(0, 12)}` : file.name;
  const name = `${stem}${file.extension}`;
  if (!SAFE_NAME.test(name) || name.includes('..')) {
    throw new SeqError({
      owner: 'downloadToCache',
      argument: 'name',
      expected: 'a file name of letters, digits, ".", "_" and "-"',
      received: name,
    });
  }
  return name;
}

async function newHash(checksum: Checksum | undefined, size: number | undefined) {
  const { createHash } = await import('node:crypto');
  const algorithm = checksum?.algorithm ?? 'sha256';
  const hash = createHash(algorithm === 'gitBlob' ? 'sha1' : algorithm);
  if (algorithm === 'gitBlob') hash.update(`blob ${size}\0`);
  return hash;
}

/** Whether the cached copy at `path` is whole: its size when known (cheap), else its checksum. */
async function isValidCopy(path: string, file: RemoteFile): Promise<boolean> {
  const { stat } = await import('node:fs/promises');
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile()) return false;
  if (file.size !== undefined) return info.size === file.size;
  if (file.checksum === undefined) return true;
  const { createReadStream } = await import('node:fs');
  const hash = await newHash(file.checksum, info.size);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex') === file.checksum.digest;
}

/**
 * Downloads `file.url` once into the cache folder and returns the cached file's path; later calls
 * return the cached copy after a cheap check (its size when known, else its checksum) and fetch
 * nothing. The body is streamed to a temporary file in the cache folder while it is hashed; only a
 * file with the expected checksum (and size) is renamed into place, atomically, replacing a damaged
 * copy. A failed or mismatched download leaves no partial file behind. Node only (uses the global
 * `fetch` and `node:fs`).
 *
 * @param file - What to fetch, its safe cache name, and its checksum and size.
 * @param options - The cache folder, progress report and the owner named in errors.
 * @returns The absolute path of the verified file in the cache.
 * @throws {@link @seq/core!index.SeqError} for a `file` with an unsafe name, a URL that is not
 *   http(s), an unknown algorithm, a digest that is not lowercase hex of the algorithm's length, a
 *   size that is not a whole number, neither checksum nor size, or a git blob id without the size;
 *   when the URL cannot be fetched (network error or HTTP status), or the bytes do not have the
 *   expected checksum ("`url` must be a file with sha256 X; received sha256 Y.") or size.
 * @example
 * ```ts
 * const path = await downloadToCache({
 *   name: 'tinyshakespeare',
 *   extension: '.txt',
 *   url: 'https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt',
 *   checksum: { algorithm: 'sha256', digest: '86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed' },
 *   size: 1_115_394,
 * });
 * ```
 */
export async function downloadToCache(
  file: RemoteFile,
  options: DownloadToCacheOptions = {},
): Promise<string> {
  const owner = options.owner ?? 'downloadToCache';
  checkRemoteFile(file);
  const name = cacheName(file);
  const fs = await import('node:fs/promises');
  const { join } = await import('node:path');
  const dir = await datasetCacheDirectory(options.cacheDir);
  const target = join(dir, name);
  if (await isValidCopy(target, file)) return target;
  // A damaged copy stays until the rename replaces it (atomically): another process may have just
  // written a good one there.
  await fs.mkdir(dir, { recursive: true });

  const fail = (expected: string, receivedDescription: string, cause?: unknown) =>
    new SeqError({ owner, argument: 'url', expected, receivedDescription, cause });
  const where = JSON.stringify(file.url);
  let response: Response;
  try {
    response = await fetch(file.url);
  } catch (error) {
    const reason = error instanceof Error ? (error.cause ?? error).toString() : String(error);
    throw fail('a URL that can be downloaded', `${where} (${reason})`, error);
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel().catch(() => {});
    throw fail(
      'a URL that can be downloaded',
      `${where} (HTTP ${response.status} ${response.statusText})`,
    );
  }
  // fetch hands over decoded bytes: with a content-encoding (gzip), Content-Length counts the
  // encoded ones, so it is no total then. A known size always wins.
  const length = Number(response.headers.get('content-length'));
  const encoding = response.headers.get('content-encoding')?.trim().toLowerCase();
  const plain = encoding === undefined || encoding === '' || encoding === 'identity';
  const total =
    file.size ?? (plain && Number.isSafeInteger(length) && length > 0 ? length : undefined);
  const onProgress =
    options.onProgress === false ? undefined : (options.onProgress ?? stderrProgressBar(name));
  const hash = await newHash(file.checksum, file.size);
  const { randomBytes } = await import('node:crypto');
  const partial = `${target}.${randomBytes(6).toString('hex')}.partial`;
  let handle: Awaited<ReturnType<typeof fs.open>>;
  try {
    handle = await fs.open(partial, 'wx');
  } catch (error) {
    await response.body.cancel().catch(() => {});
    throw error;
  }
  const reader = response.body.getReader();
  let loaded = 0;
  try {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        hash.update(value);
        for (let written = 0; written < value.byteLength; ) {
          written += (await handle.write(value, written)).bytesWritten;
        }
        loaded += value.byteLength;
        onProgress?.(loaded, total);
      }
      // Without a total, say the end (a bar ends its line then).
      if (total === undefined) onProgress?.(loaded, loaded);
    } finally {
      await handle.close();
    }
    const digest = hash.digest('hex');
    if (file.checksum && digest !== file.checksum.digest) {
      const kind = describe(file.checksum);
      throw fail(`a file with ${kind} ${file.checksum.digest}`, `${kind} ${digest}`);
    }
    if (file.size !== undefined && loaded !== file.size) {
      throw fail(`a file of ${file.size} bytes`, `${loaded} bytes`);
    }
    await fs.rename(partial, target);
    return target;
  } catch (error) {
    await reader.cancel().catch(() => {});
    await fs.rm(partial, { force: true });
    if (SeqError.isInstance(error)) throw error;
    throw fail('a URL that can be downloaded', `${where} (${String(error)})`, error);
  }
}
