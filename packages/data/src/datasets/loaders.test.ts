import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { SeqError } from '@seq/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip, deflated } from '../../test/fixtures/datasets/build-archives.js';
import { type BytesServer, serveBytes } from '../../test/fixtures/datasets/serve-bytes.js';
import { loadChatbotData } from './load-chatbot-data.js';
import { loadCsvSeries } from './load-csv-series.js';
import { loadImdb } from './load-imdb.js';
import { loadNsmc } from './load-nsmc.js';
import { loadSentencePairs } from './load-sentence-pairs.js';
import { loadTinyShakespeare } from './load-tiny-shakespeare.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/datasets/', import.meta.url));
const fixture = (name: string) => join(FIXTURES, name);
const bytes = (name: string) => new Uint8Array(readFileSync(fixture(name)));
const sha256 = (name: string) => createHash('sha256').update(bytes(name)).digest('hex');

let server: BytesServer;
let cacheDir: string;
const NAMES = [
  'nsmc.txt',
  'nsmc-bad-label.txt',
  'aclImdb-pax.tar.gz',
  'fra-eng.zip',
  'spa-eng.zip',
  'chatbot.csv',
  'tinyshakespeare.txt',
  'series.csv',
];

beforeAll(async () => {
  server = await serveBytes(Object.fromEntries(NAMES.map((n) => [`/${n}`, bytes(n)])));
  cacheDir = mkdtempSync(join(tmpdir(), 'seq-loaders-'));
});
afterAll(async () => {
  await server.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

/** Download options for a fixture served locally, checked against its own sha256. */
const served = (name: string) => ({
  url: `${server.url}/${name}`,
  sha256: sha256(name),
  cacheDir,
  onProgress: false as const,
});

describe('loaders with { path }', () => {
  it('loadTinyShakespeare and loadNsmc read local files', async () => {
    expect(await loadTinyShakespeare({ path: fixture('tinyshakespeare.txt') })).toMatch(
      /^First Citizen:\nBefore we proceed/,
    );
    const reviews = await loadNsmc({ path: fixture('nsmc.txt') });
    expect(reviews).toHaveLength(5);
    expect(reviews[4]).toEqual({ id: '6270596', text: '굳 ㅋ', label: 1 });
  });

  it('loadImdb reads the aclImdb folders, a .tar.gz and a CSV', async () => {
    const train = await loadImdb({ path: fixture('aclImdb') });
    expect(train.map((r) => [r.file, r.label, r.rating, r.id])).toEqual([
      ['train/neg/7_1.txt', 0, 1, 7],
      ['train/pos/2_8.txt', 1, 8, 2],
      ['train/pos/10_10.txt', 1, 10, 10],
    ]);
    expect(train[1]?.text).toBe('Loved it, "truly".');
    // The folder holding aclImdb/ works too.
    const test = await loadImdb({ path: FIXTURES, split: 'test' });
    expect(test.map((r) => r.text)).toEqual(['Bad test review.', 'Great test review.']);

    const archived = await loadImdb({ path: fixture('aclImdb-gnu.tar.gz') });
    expect(archived.map((r) => r.file)).toEqual([
      'train/neg/7_1.txt',
      'train/pos/2_8.txt',
      'train/pos/10_10.txt',
      `train/pos/${'1'.repeat(90)}_7.txt`,
    ]);
    expect(archived[1]?.text).toBe('Loved it, "truly". 좋아요');
    const csv = await loadImdb({ path: fixture('imdb.csv') });
    expect(csv.map((r) => r.label)).toEqual([1, 0]);
  });

  it('loadSentencePairs reads a text file or the language file of a zip', async () => {
    const pairs = await loadSentencePairs({ path: fixture('fra.txt') });
    expect(pairs[1]?.attribution).toMatch(/^CC-BY 2\.0/);
    const fra = await loadSentencePairs({ path: fixture('fra-eng.zip') });
    expect(fra).toHaveLength(120);
    expect(fra[2]).toEqual({ source: 'I won!', target: 'J\u2019ai gagné !' });
    const spa = await loadSentencePairs({ path: fixture('spa-eng.zip'), language: 'spa' });
    expect(spa.at(-1)).toEqual({ source: 'Thanks.', target: '¡Gracias!' });
    await expect(
      loadSentencePairs({ path: fixture('fra-eng.zip'), language: 'spa' }),
    ).rejects.toThrow(
      'loadSentencePairs: `path` must be a zip archive holding spa.txt; received one holding "_about.txt", "fra.txt".',
    );
  });

  it('loadChatbotData and loadCsvSeries read local files', async () => {
    const pairs = await loadChatbotData({ path: fixture('chatbot.csv') });
    expect(pairs.map((p) => p.label)).toEqual([0, 1, 2]);
    const series = await loadCsvSeries({ path: fixture('series.csv'), timeColumn: 'date' });
    expect(series.values).toEqual([[112], [118], [132]]);
  });
});

describe('loaders download once into the cache', () => {
  it('loadNsmc, loadChatbotData and loadTinyShakespeare download, then read the cache', async () => {
    expect(await loadNsmc(served('nsmc.txt'))).toHaveLength(5);
    expect(await loadNsmc(served('nsmc.txt'))).toHaveLength(5);
    expect(server.requests.get('/nsmc.txt')).toBe(1);
    expect(await loadChatbotData(served('chatbot.csv'))).toHaveLength(3);
    expect(await loadTinyShakespeare(served('tinyshakespeare.txt'))).toContain('Speak, speak.');
  });

  it('loadImdb streams a downloaded archive, keeping the split', async () => {
    const test = await loadImdb({ ...served('aclImdb-pax.tar.gz'), split: 'test' });
    expect(test.map((r) => r.file)).toEqual(['test/neg/3_4.txt', 'test/pos/0_9.txt']);
    const train = await loadImdb(served('aclImdb-pax.tar.gz'));
    expect(train).toHaveLength(4);
    expect(server.requests.get('/aclImdb-pax.tar.gz')).toBe(1);
    expect(readdirSync(join(cacheDir, 'datasets')).filter((f) => f.startsWith('aclImdb'))).toEqual([
      `aclImdb_v1-${sha256('aclImdb-pax.tar.gz').slice(0, 12)}.tar.gz`,
    ]);
  });

  it('loadSentencePairs reads the zip it downloaded, and loadCsvSeries a URL', async () => {
    expect(await loadSentencePairs(served('fra-eng.zip'))).toHaveLength(120);
    const spa = await loadSentencePairs({ ...served('spa-eng.zip'), language: 'spa' });
    expect(spa[0]).toEqual({ source: 'Go.', target: 'Ve.' });
    const cached = await loadCsvSeries(served('series.csv'));
    expect(cached.columns).toEqual(['value']);
    const fetched = await loadCsvSeries({ url: `${server.url}/series.csv` });
    expect(fetched.values).toEqual(cached.values);
  });

  it('keeps the built-in checksum for a mirror url, and names `url` in content errors', async () => {
    const url = `${server.url}/tinyshakespeare.txt`;
    await expect(loadTinyShakespeare({ url, cacheDir, onProgress: false })).rejects.toThrow(
      `loadTinyShakespeare: \`url\` must be a file with sha256 86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed; received sha256 ${sha256('tinyshakespeare.txt')}.`,
    );
    expect(
      readdirSync(join(cacheDir, 'datasets')).some((f) => f.startsWith('tinyshakespeare-86c4')),
    ).toBe(false);
    await expect(loadNsmc(served('nsmc-bad-label.txt'))).rejects.toThrow(
      'loadNsmc: `url` must be a label of 0 or 1; received line 3: "5".',
    );
  });
});

describe('loader errors', () => {
  it('rejects options that are not an object', async () => {
    const loaders = [loadTinyShakespeare, loadNsmc, loadImdb, loadSentencePairs, loadChatbotData];
    const names = [
      'loadTinyShakespeare',
      'loadNsmc',
      'loadImdb',
      'loadSentencePairs',
      'loadChatbotData',
    ];
    for (const [i, load] of loaders.entries()) {
      await expect(load('data.txt' as never)).rejects.toThrow(
        `${names[i]}: \`options\` must be an object; received "data.txt".`,
      );
    }
    await expect(loadCsvSeries(null as never)).rejects.toThrow(
      'loadCsvSeries: `options` must be an object; received null.',
    );
  });

  it('reports a missing path, a bad split, language, url or sha256', async () => {
    const missing = fixture('missing.txt');
    await expect(loadNsmc({ path: missing })).rejects.toThrow(
      `loadNsmc: \`path\` must be an existing file or folder; received ${JSON.stringify(missing)} (ENOENT).`,
    );
    await expect(loadCsvSeries({ path: '' })).rejects.toThrow(
      'loadCsvSeries: `path` must be a file path; received "".',
    );
    await expect(loadCsvSeries({})).rejects.toThrow(
      'loadCsvSeries: `path` must be a file path (or a `url`); received undefined.',
    );
    await expect(loadImdb({ split: 'valid' as never })).rejects.toThrow(
      'loadImdb: `split` must be one of "train", "test"; received "valid".',
    );
    await expect(loadSentencePairs({ language: 'deu' as never })).rejects.toThrow(
      'loadSentencePairs: `language` must be one of "fra", "spa"; received "deu".',
    );
    await expect(loadNsmc({ url: 'ftp://example.com/x' })).rejects.toThrow(
      'loadNsmc: `url` must be an http(s) URL; received "ftp://example.com/x".',
    );
    await expect(loadChatbotData({ sha256: 'abc' })).rejects.toThrow(
      'loadChatbotData: `sha256` must be a sha256 digest of 64 hex digits; received "abc".',
    );
    await expect(loadImdb({ path: fixture('aclImdb/train') })).rejects.toThrow(
      `loadImdb: \`path\` must be a folder holding train/pos and train/neg (the aclImdb layout); received ${JSON.stringify(fixture('aclImdb/train'))} (no train/neg folder).`,
    );
    await expect(loadNsmc({ path: fixture('nsmc-bad-label.txt') })).rejects.toThrow(
      'loadNsmc: `path` must be a label of 0 or 1; received line 3: "5".',
    );
  });
});

describe('loaders on corrupt archives', () => {
  /** Writes `data` into the test's cache folder and returns its path. */
  const temp = (name: string, data: Uint8Array) => {
    const path = join(cacheDir, name);
    writeFileSync(path, data);
    return path;
  };
  const TAR_GZ = 'a .tar.gz archive of the aclImdb folders (gzip, then ustar, GNU or pax tar)';

  it('loadImdb names `path` for a cut-off or damaged .tar.gz (zlib errors included)', async () => {
    const archive = bytes('aclImdb-gnu.tar.gz');
    const cut = temp('cut.tar.gz', archive.subarray(0, archive.length - 200));
    await expect(loadImdb({ path: cut })).rejects.toThrow(
      `loadImdb: \`path\` must be ${TAR_GZ}; received ${JSON.stringify(cut)} (unexpected end of file).`,
    );
    const scrambled = new Uint8Array(archive);
    scrambled.fill(0xff, 20, 60); // inside the deflate stream
    const bad = temp('bad.tar.gz', scrambled);
    const error = await loadImdb({ path: bad }).catch((e: unknown) => e);
    expect(SeqError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ owner: 'loadImdb', argument: 'path' });
    expect((error as Error).message).toMatch(/; received ".*bad\.tar\.gz" \(invalid .*\)\.$/);

    // The tar reader's own errors name the loader's argument too.
    const tar = new Uint8Array(gunzipSync(archive));
    tar[512 + 3] = 0x41; // the second header's name: a wrong checksum
    const damaged = temp('damaged.tar.gz', gzipSync(tar));
    await expect(loadImdb({ path: damaged })).rejects.toThrow(
      `loadImdb: \`path\` must be ${TAR_GZ}; received ${JSON.stringify(damaged)} (a header with a wrong checksum at byte 512).`,
    );
  });

  it('loadImdb names `url` for a downloaded archive that is cut off', async () => {
    const archive = bytes('aclImdb-pax.tar.gz');
    const cut = archive.subarray(0, archive.length - 100);
    const local = await serveBytes({ '/cut.tar.gz': cut });
    try {
      const digest = createHash('sha256').update(cut).digest('hex');
      const options = {
        url: `${local.url}/cut.tar.gz`,
        sha256: digest,
        cacheDir,
        onProgress: false as const,
      };
      const error = await loadImdb(options).catch((e: unknown) => e);
      expect(error).toMatchObject({ owner: 'loadImdb', argument: 'url' });
      expect((error as Error).message).toMatch(/ \(unexpected end of file\)\.$/);
    } finally {
      await local.close();
    }
  });

  it('loadSentencePairs inflates only the language file, and names `path` for its errors', async () => {
    const fra = deflated('fra-eng/fra.txt', 'Go.\tVa !\tCC-BY 2.0\n');
    // Another entry that would not inflate: never read.
    const about = { ...deflated('_about.txt', 'x'.repeat(50)), raw: new Uint8Array([0xff]) };
    const mixed = temp('mixed.zip', buildZip([about, fra]));
    expect(await loadSentencePairs({ path: mixed })).toEqual([
      { source: 'Go.', target: 'Va !', attribution: 'CC-BY 2.0' },
    ]);
    const broken = temp('broken.zip', buildZip([{ ...fra, raw: new Uint8Array([0xff]) }]));
    const error = await loadSentencePairs({ path: broken }).catch((e: unknown) => e);
    expect(error).toMatchObject({ owner: 'loadSentencePairs', argument: 'path' });
    expect((error as Error).message).toBe(
      'loadSentencePairs: `path` must be a zip archive (stored or deflated entries, no zip64, no encryption); received "fra-eng/fra.txt" that does not inflate to 19 bytes (invalid block type).',
    );
    expect((error as { cause?: unknown }).cause).toMatchObject({ owner: 'readZipEntries' });
    await expect(loadSentencePairs({ path: mixed, language: 'spa' })).rejects.toThrow(
      'loadSentencePairs: `path` must be a zip archive holding spa.txt; received one holding "_about.txt", "fra-eng/fra.txt".',
    );
  });
});
