import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { deflateRawSync, gunzipSync } from 'node:zlib';
import { SeqError } from '@seq/core';
import { describe, expect, it } from 'vitest';
import {
  buildZip,
  concat,
  deflated,
  TAR_END,
  tarFile,
  tarHeader,
} from '../../test/fixtures/datasets/build-archives.js';
import { crc32 } from './crc32.js';
import { readTarEntries } from './read-tar.js';
import { readZipEntries } from './read-zip.js';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../test/fixtures/datasets/${name}`, import.meta.url)));
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The bytes in chunks of `size`, as a stream would hand them over. */
function chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

async function collect(bytes: Uint8Array, size: number, keep = (_: string) => true) {
  const out: Record<string, string> = {};
  for await (const { name, data } of readTarEntries(chunked(bytes, size), keep)) {
    out[name] = decode(data);
  }
  return out;
}

describe('readTarEntries', () => {
  const long = `aclImdb/train/pos/${'1'.repeat(90)}_7.txt`;

  it.each(['aclImdb-gnu.tar.gz', 'aclImdb-pax.tar.gz'])(
    'reads %s (written by Python tarfile) in any chunking',
    async (name) => {
      const tar = gunzipSync(fixture(name));
      for (const size of [1, 100, 512, 7000]) {
        const files = await collect(tar, size);
        expect(Object.keys(files)).toEqual([
          'aclImdb/README',
          'aclImdb/train/pos/10_10.txt',
          'aclImdb/train/pos/2_8.txt',
          'aclImdb/train/neg/7_1.txt',
          'aclImdb/train/unsup/5_0.txt',
          'aclImdb/test/pos/0_9.txt',
          'aclImdb/test/neg/3_4.txt',
          long,
          '../escape/train/pos/1_9.txt', // reported as written; nothing is ever written to disk
        ]);
        expect(files['aclImdb/train/neg/7_1.txt']).toBe('Terrible.'.repeat(100));
        expect(files['aclImdb/train/pos/2_8.txt']).toBe('Loved it, "truly". 좋아요');
        expect(files[long]).toBe('Long name.');
      }
    },
  );

  it('yields only the kept entries', async () => {
    const files = await collect(gunzipSync(fixture('aclImdb-gnu.tar.gz')), 333, (n) =>
      n.startsWith('aclImdb/test/'),
    );
    expect(files).toEqual({
      'aclImdb/test/pos/0_9.txt': 'Great test review.',
      'aclImdb/test/neg/3_4.txt': 'Bad test review.',
    });
  });

  it('reports a damaged header and a cut-off archive', async () => {
    const tar = gunzipSync(fixture('aclImdb-gnu.tar.gz'));
    const damaged = new Uint8Array(tar);
    damaged[512 + 3] = 0x41; // the second header's name
    await expect(collect(damaged, 4096)).rejects.toThrow(
      'readTarEntries: `archive` must be a tar archive (ustar, GNU or pax); received a header with a wrong checksum at byte 512.',
    );
    await expect(collect(tar.subarray(0, 1100), 4096)).rejects.toThrow(
      'readTarEntries: `archive` must be a tar archive (ustar, GNU or pax); received an archive cut off at byte 1100.',
    );
  });
});

describe('readTarEntries on malformed numeric fields and meta entries', () => {
  const tarError = (received: string) =>
    `readTarEntries: \`archive\` must be a tar archive (ustar, GNU or pax); received ${received}.`;

  it('rejects a size or checksum field that is not octal, or a base-256 size past 2^53', async () => {
    const ok = tarFile('a.txt', 'first');
    const nine = concat([ok, tarHeader('b.txt', '9'), new Uint8Array(512), TAR_END]);
    await expect(collect(nine, 100)).rejects.toThrow(
      tarError('a header whose size field is "9" (not octal) at byte 1024'),
    );
    const blank = concat([tarHeader('b.txt', ' \0'), TAR_END]);
    await expect(collect(blank, 512)).rejects.toThrow('size field is "" (not octal) at byte 0');
    const checksum = concat([tarHeader('b.txt', 1, '0', { checksum: '9\0' }), TAR_END]);
    await expect(collect(checksum, 512)).rejects.toThrow(
      tarError('a header whose checksum field is "9" (not octal) at byte 0'),
    );
    const huge = new Uint8Array(12).fill(0xff); // base-256 -1 (or 2^95 - 1 read as unsigned)
    const base256 = concat([tarHeader('b.txt', 0, '0', { rawSize: huge }), TAR_END]);
    await expect(collect(base256, 512)).rejects.toThrow(/size field is base-256 .* \(too big\)/);
    // Octal sizes padded with spaces, NUL-ended or not, still read.
    const spaced = concat([tarHeader('c.txt', '     5 '), new Uint8Array(512), TAR_END]);
    spaced.set(new TextEncoder().encode('hello'), 512);
    expect(await collect(spaced, 512)).toEqual({ 'c.txt': 'hello' });
  });

  it.each([
    ['x', 'pax'],
    ['L', 'GNU long-name'],
  ])('rejects a %s header over 1 MiB before reading it', async (type, kind) => {
    const size = 2 * 1024 * 1024;
    const tar = concat([tarHeader('meta', size, type), new Uint8Array(size), TAR_END]);
    await expect(collect(tar, 65536)).rejects.toThrow(
      tarError(`a ${kind} header of ${size} bytes (at most 1048576) at byte 0`),
    );
  });
});

describe('readZipEntries', () => {
  it('reads deflated and stored entries, skipping folders', async () => {
    const fra = await readZipEntries(fixture('fra-eng.zip'));
    expect(fra.map((e) => e.name)).toEqual(['_about.txt', 'fra.txt']);
    expect(decode(fra[1]?.data ?? new Uint8Array()).slice(0, 20)).toBe('Go.\tVa !\nHi.\tSalut !');
    const spa = await readZipEntries(fixture('spa-eng.zip'), (n) => n.endsWith('spa.txt'));
    expect(spa.map((e) => [e.name, decode(e.data)])).toEqual([
      ['spa-eng/spa.txt', 'Go.\tVe.\nHi.\tHola.\nThanks.\t¡Gracias!\n'],
    ]);
  });

  it('rejects bytes that are not a zip, and an entry whose CRC-32 is wrong', async () => {
    await expect(readZipEntries(new TextEncoder().encode('not a zip'))).rejects.toThrow(
      'readZipEntries: `archive` must be a zip archive (stored or deflated entries, no zip64, no encryption); received 9 bytes without an end of central directory.',
    );
    const zip = fixture('spa-eng.zip');
    const broken = new Uint8Array(zip);
    const at = Buffer.from(zip).indexOf('Hola');
    broken[at] = 0x68; // 'h': same size, other CRC
    await expect(readZipEntries(broken)).rejects.toThrow(
      'received "spa-eng/spa.txt" with a wrong size or CRC-32.',
    );
  });
});

describe('readZipEntries on entries that do not inflate to their size', () => {
  const zipError = (received: string) =>
    `readZipEntries: \`archive\` must be a zip archive (stored or deflated entries, no zip64, no encryption); received ${received}.`;

  it('stops inflating at the declared size (a zip bomb) with a SeqError', async () => {
    // 64 MiB of zeros deflate to ~64 KB; the entry claims 10 bytes.
    const zeros = deflateRawSync(new Uint8Array(64 * 1024 * 1024));
    const bomb = buildZip([{ name: 'bomb.txt', raw: zeros, method: 8, size: 10, crc: 0 }]);
    const error = await readZipEntries(bomb).catch((e: unknown) => e);
    expect(SeqError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      zipError(
        '"bomb.txt" that does not inflate to 10 bytes (Cannot create a Buffer larger than 10 bytes)',
      ),
    );
    expect((error as Error).cause).toBeInstanceOf(RangeError);
  });

  it('turns zlib errors into SeqErrors, and inflates only the kept entries', async () => {
    const good = deflated('good.txt', 'fine text');
    const broken = {
      ...deflated('broken.txt', 'x'.repeat(100)),
      raw: new Uint8Array([0xff, 0xff]),
    };
    const cut = deflated('cut.txt', 'some text that is cut');
    const zip = buildZip([good, broken, { ...cut, raw: cut.raw.subarray(0, 3) }]);
    await expect(readZipEntries(zip, (n) => n === 'broken.txt')).rejects.toThrow(
      zipError('"broken.txt" that does not inflate to 100 bytes (invalid block type)'),
    );
    await expect(readZipEntries(zip, (n) => n === 'cut.txt')).rejects.toThrow(
      zipError(`"cut.txt" that does not inflate to ${cut.size} bytes (unexpected end of file)`),
    );
    const kept = await readZipEntries(zip, (n) => n === 'good.txt');
    expect(kept.map((e) => [e.name, decode(e.data)])).toEqual([['good.txt', 'fine text']]);
  });
});

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });
});
