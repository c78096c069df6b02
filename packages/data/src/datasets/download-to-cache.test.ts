import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BytesServer, serveBytes } from '../../test/fixtures/datasets/serve-bytes.js';
import { datasetCacheDirectory, downloadToCache, type RemoteFile } from './download-to-cache.js';
import { stderrProgressBar } from './progress-bar.js';

// 2 MiB of text served gzip-encoded: Content-Length (a few KB) is far below the bytes fetch hands over.
const BIG = new TextEncoder().encode('hello, world\n'.repeat((2 * 1024 * 1024) / 13));
const BIG_SHA256 = createHash('sha256').update(BIG).digest('hex');

// Digests of "hello\n" from sha256sum, sha1sum, md5sum and `git hash-object`.
const HELLO = new TextEncoder().encode('hello\n');
const SHA256 = '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03';
const SHA1 = 'f572d396fae9206628714fb2ce00f72e94f2258f';
const MD5 = 'b1946ac92492d2347c6235b4d2611184';
const GIT_BLOB = 'ce013625030ba8dba906f756967f9e9ca394464a';

let server: BytesServer;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'seq-cache-'));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  server = await serveBytes(
    { '/hello.txt': HELLO, '/big.txt': gzipSync(BIG) },
    { '/big.txt': { 'content-encoding': 'gzip' } },
  );
});
afterAll(async () => {
  await server.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  server.requests.clear();
});

const hello = (extra: Partial<RemoteFile> = {}): RemoteFile => ({
  name: 'hello',
  extension: '.txt',
  url: `${server.url}/hello.txt`,
  checksum: { algorithm: 'sha256', digest: SHA256 },
  ...extra,
});

describe('downloadToCache', () => {
  it('downloads once, reports progress, then uses the cache without a request', async () => {
    const cacheDir = tempDir();
    const progress: Array<[number, number | undefined]> = [];
    const onProgress = (loaded: number, total: number | undefined) => {
      progress.push([loaded, total]);
    };
    const path = await downloadToCache(hello(), { cacheDir, onProgress });
    expect(path).toBe(join(cacheDir, 'datasets', `hello-${SHA256.slice(0, 12)}.txt`));
    expect(readFileSync(path, 'utf8')).toBe('hello\n');
    expect(progress.at(-1)).toEqual([6, 6]);
    expect(server.requests.get('/hello.txt')).toBe(1);

    expect(await downloadToCache(hello(), { cacheDir, onProgress: false })).toBe(path);
    expect(server.requests.get('/hello.txt')).toBe(1);
  });

  it('deletes the partial file and throws on a checksum mismatch', async () => {
    const cacheDir = tempDir();
    const wrong = 'ab'.repeat(32);
    await expect(
      downloadToCache(hello({ checksum: { algorithm: 'sha256', digest: wrong } }), {
        cacheDir,
        owner: 'loadNsmc',
        onProgress: false,
      }),
    ).rejects.toThrow(
      `loadNsmc: \`url\` must be a file with sha256 ${wrong}; received sha256 ${SHA256}.`,
    );
    expect(readdirSync(join(cacheDir, 'datasets'))).toEqual([]);
  });

  it('checks sha1, md5 and git blob ids, and the size', async () => {
    const cacheDir = tempDir();
    for (const [algorithm, digest] of [
      ['sha1', SHA1],
      ['md5', MD5],
      ['gitBlob', GIT_BLOB],
    ] as const) {
      const file = hello({ checksum: { algorithm, digest }, size: 6 });
      expect(readFileSync(await downloadToCache(file, { cacheDir }), 'utf8')).toBe('hello\n');
    }
    await expect(
      downloadToCache(
        hello({ name: 'blob', checksum: { algorithm: 'gitBlob', digest: SHA1 }, size: 6 }),
        { cacheDir },
      ),
    ).rejects.toThrow(
      `\`url\` must be a file with git blob id ${SHA1}; received git blob id ${GIT_BLOB}.`,
    );
    await expect(
      downloadToCache(hello({ name: 'sized', checksum: undefined, size: 7 }), { cacheDir }),
    ).rejects.toThrow('downloadToCache: `url` must be a file of 7 bytes; received 6 bytes.');
    expect(readdirSync(join(cacheDir, 'datasets')).some((f) => f.includes('partial'))).toBe(false);
  });

  it('downloads again when the cached copy is damaged (size, or checksum without a size)', async () => {
    for (const file of [hello({ size: 6 }), hello()]) {
      const cacheDir = tempDir();
      server.requests.clear();
      const path = await downloadToCache(file, { cacheDir });
      // With a size, a cut or grown file is caught; without one, other bytes of the same size.
      writeFileSync(path, file.size ? 'hello\n\n' : 'HELLO\n');
      expect(await downloadToCache(file, { cacheDir })).toBe(path);
      expect(readFileSync(path, 'utf8')).toBe('hello\n');
      expect(server.requests.get('/hello.txt')).toBe(2);
    }
  });

  it('respects SEQ_CACHE_DIR, then ~/.cache/seq', async () => {
    const dir = tempDir();
    vi.stubEnv('SEQ_CACHE_DIR', dir);
    const path = await downloadToCache(hello(), { onProgress: false });
    expect(path.startsWith(join(dir, 'datasets'))).toBe(true);
    expect(await datasetCacheDirectory()).toBe(join(dir, 'datasets'));
    expect(await datasetCacheDirectory('/x')).toBe(join('/x', 'datasets'));
    vi.stubEnv('SEQ_CACHE_DIR', '');
    expect(await datasetCacheDirectory()).toBe(join(homedir(), '.cache', 'seq', 'datasets'));
  });

  it('reports HTTP errors, unreachable servers and unsafe names', async () => {
    const cacheDir = tempDir();
    await expect(
      downloadToCache(hello({ url: `${server.url}/missing` }), { cacheDir }),
    ).rejects.toThrow(
      `downloadToCache: \`url\` must be a URL that can be downloaded; received "${server.url}/missing" (HTTP 404 Not Found).`,
    );
    const closed = await serveBytes({});
    await closed.close();
    await expect(downloadToCache(hello({ url: `${closed.url}/x` }), { cacheDir })).rejects.toThrow(
      /must be a URL that can be downloaded; received "http:.*\/x" \(.*ECONNREFUSED/,
    );
    await expect(downloadToCache(hello({ name: '../evil' }), { cacheDir })).rejects.toThrow(
      `downloadToCache: \`name\` must be a file name of letters, digits, ".", "_" and "-"; received "../evil-${SHA256.slice(0, 12)}.txt".`,
    );
  });
});

describe('downloadToCache on gzip-encoded bodies, failures and bad files', () => {
  const big = (extra: Partial<RemoteFile> = {}): RemoteFile => ({
    name: 'big',
    extension: '.txt',
    url: `${server.url}/big.txt`,
    checksum: { algorithm: 'sha256', digest: BIG_SHA256 },
    ...extra,
  });

  it('takes the known size as the total, never the encoded Content-Length', async () => {
    const progress: Array<[number, number | undefined]> = [];
    const onProgress = (loaded: number, total: number | undefined) => {
      progress.push([loaded, total]);
    };
    const path = await downloadToCache(big(), { cacheDir: tempDir(), onProgress });
    expect(readFileSync(path).length).toBe(BIG.length);
    expect(progress.length).toBeGreaterThan(2);
    // No size: no total while the bytes come, then the end with the count as the total.
    expect(progress.slice(0, -1).every(([, total]) => total === undefined)).toBe(true);
    expect(progress.at(-1)).toEqual([BIG.length, BIG.length]);

    progress.length = 0;
    await downloadToCache(big({ size: BIG.length }), { cacheDir: tempDir(), onProgress });
    expect(progress.every(([, total]) => total === BIG.length)).toBe(true);
    expect(progress.at(-1)).toEqual([BIG.length, BIG.length]);
  });

  it('ends the progress bar line once', async () => {
    for (const size of [undefined, BIG.length]) {
      const written: string[] = [];
      const bar = stderrProgressBar('big.txt', { isTTY: true, write: (t) => written.push(t) });
      await downloadToCache(big({ size }), { cacheDir: tempDir(), onProgress: bar ?? false });
      expect(written.join('').split('\n')).toHaveLength(2);
      expect(written.at(-1)?.endsWith('\n')).toBe(true);
    }
  });

  it('keeps a damaged cached copy when the download fails (no rm before the rename)', async () => {
    const cacheDir = tempDir();
    const dir = join(cacheDir, 'datasets');
    mkdirSync(dir, { recursive: true });
    const target = join(dir, `hello-${SHA256.slice(0, 12)}.txt`);
    writeFileSync(target, 'HELLO\n');
    const missing = hello({ url: `${server.url}/missing` });
    await expect(downloadToCache(missing, { cacheDir })).rejects.toThrow('HTTP 404');
    expect(readFileSync(target, 'utf8')).toBe('HELLO\n');
    expect(await downloadToCache(hello(), { cacheDir })).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('hello\n');
  });

  /** A fetch that answers `status` with a body whose cancellation is recorded. */
  const stubFetch = (status: number) => {
    const state = { cancelled: false };
    vi.stubGlobal('fetch', async () => {
      const body = new ReadableStream<Uint8Array>({
        pull: (controller) => controller.enqueue(new Uint8Array(1024)),
        cancel: () => {
          state.cancelled = true;
        },
      });
      return new Response(body, { status });
    });
    return state;
  };

  it('cancels the body on an HTTP error status', async () => {
    const state = stubFetch(500);
    await expect(downloadToCache(hello(), { cacheDir: tempDir() })).rejects.toThrow('(HTTP 500');
    expect(state.cancelled).toBe(true);
  });

  it('cancels the body when the temporary file cannot be opened', async () => {
    const state = stubFetch(200);
    // The cache name fits in 255 bytes; the temporary name, 21 longer, does not (ENAMETOOLONG).
    const name = 'n'.repeat(255 - '-5891b5b522d5.txt'.length);
    await expect(downloadToCache(hello({ name }), { cacheDir: tempDir() })).rejects.toThrow(
      /ENAMETOOLONG/,
    );
    expect(state.cancelled).toBe(true);
  });

  it('rejects a RemoteFile with a bad digest, algorithm, size or url, before fetching', async () => {
    const cacheDir = tempDir();
    const cases: Array<[Partial<RemoteFile>, string]> = [
      [
        { checksum: { algorithm: 'sha256', digest: SHA256.toUpperCase() } },
        `downloadToCache: \`file.checksum.digest\` must be a sha256 of 64 lowercase hex digits; received "${SHA256.toUpperCase()}".`,
      ],
      [
        { checksum: { algorithm: 'sha256', digest: SHA1 } },
        `downloadToCache: \`file.checksum.digest\` must be a sha256 of 64 lowercase hex digits; received "${SHA1}".`,
      ],
      [
        { checksum: { algorithm: 'gitBlob', digest: GIT_BLOB } },
        'downloadToCache: `file.size` must be the size in bytes, which a git blob id hashes before the bytes; received undefined.',
      ],
      [
        { checksum: { algorithm: 'sha512' as never, digest: SHA256 } },
        'downloadToCache: `file.checksum.algorithm` must be one of "sha256", "sha1", "md5", "gitBlob"; received "sha512".',
      ],
      [
        { checksum: undefined },
        'downloadToCache: `file` must be a file with a `checksum` or a `size` (or both) to check the download against; received neither.',
      ],
      [
        { size: -1 },
        'downloadToCache: `file.size` must be a whole number of bytes (0 or more); received -1.',
      ],
      [
        { url: 'ftp://example.com/x' },
        'downloadToCache: `file.url` must be an http(s) URL; received "ftp://example.com/x".',
      ],
    ];
    for (const [extra, message] of cases) {
      await expect(downloadToCache(hello(extra), { cacheDir })).rejects.toThrow(message);
    }
    await expect(downloadToCache(null as never, { cacheDir })).rejects.toThrow(
      'downloadToCache: `file` must be a RemoteFile object; received null.',
    );
    expect(server.requests.size).toBe(0);
  });
});

describe('stderrProgressBar', () => {
  it('draws one line on a terminal and nothing elsewhere', () => {
    const written: string[] = [];
    const bar = stderrProgressBar('input.txt', { isTTY: true, write: (t) => written.push(t) });
    bar?.(50, 100);
    bar?.(100, 100);
    expect(written).toEqual([
      `\rinput.txt [${'#'.repeat(12)}${'.'.repeat(12)}]  50%  0.0/0.0 MB`,
      `\rinput.txt [${'#'.repeat(24)}] 100%  0.0/0.0 MB\n`,
    ]);
    expect(stderrProgressBar('x', { isTTY: false, write: () => true })).toBeUndefined();
  });

  it('ends its line once, even when more bytes than the total arrive', () => {
    const written: string[] = [];
    const bar = stderrProgressBar('x', { isTTY: true, write: (t) => written.push(t) });
    for (const loaded of [100, 150, 200]) bar?.(loaded, 100);
    expect(written).toEqual([`\rx [${'#'.repeat(24)}] 100%  0.0/0.0 MB\n`]);
  });
});
