import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BytesServer, serveBytes } from '../../test/fixtures/datasets/serve-bytes.js';
import { datasetCacheDirectory, downloadToCache, type RemoteFile } from './download-to-cache.js';
import { stderrProgressBar } from './progress-bar.js';

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
  server = await serveBytes({ '/hello.txt': HELLO });
});
afterAll(async () => {
  await server.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
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
});
