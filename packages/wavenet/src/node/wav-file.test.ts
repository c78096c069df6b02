import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SeqError } from '@seq/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeWav } from '../wav.js';
import { readWav, writeWav } from './index.js';

let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seq-wav-'));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<SeqError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(SeqError.isInstance(error), `expected a SeqError, got ${String(error)}`).toBe(true);
  return error as SeqError;
}

describe('writeWav / readWav', () => {
  it('write a file that reads back within 1/32767, with the bytes of encodeWav', async () => {
    const file = path.join(dir, 'tone.wav');
    const samples = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 7));
    await writeWav(file, samples, 16000);
    expect(new Uint8Array(await fs.readFile(file))).toEqual(encodeWav(samples, 16000));
    const decoded = await readWav(file);
    expect(decoded.sampleRate).toBe(16000);
    expect(decoded.channels).toBe(1);
    expect(decoded.bitsPerSample).toBe(16);
    for (const [i, s] of samples.entries()) {
      expect(Math.abs((decoded.samples[i] ?? Number.NaN) - s)).toBeLessThanOrEqual(1 / 32767);
    }
    expect(await fs.readdir(dir)).toEqual(['tone.wav']); // no temporary file left
  });

  it('replace an existing file, and create missing folders', async () => {
    const file = path.join(dir, 'a', 'b', 'x.wav');
    await writeWav(file, [0.5], 8000);
    await writeWav(file, [0.25, -0.25], 22050);
    const decoded = await readWav(file);
    expect(decoded.sampleRate).toBe(22050);
    expect(decoded.samples.length).toBe(2);
    expect(await fs.readdir(path.dirname(file))).toEqual(['x.wav']);
  });

  it('leave the previous file untouched when the samples are rejected', async () => {
    const file = path.join(dir, 'keep.wav');
    await writeWav(file, [0.5], 8000);
    const before = await fs.readFile(file);
    const error = await rejection(writeWav(file, [0, Number.NaN], 8000));
    expect(error.message).toBe('encodeWav: `samples[1]` must be a number, not NaN; received NaN.');
    expect(await fs.readFile(file)).toEqual(before);
    expect(await fs.readdir(dir)).toEqual(['keep.wav']);
  });

  it('leave no partial or temporary file when the write fails', async () => {
    const target = path.join(dir, 'taken.wav');
    await fs.mkdir(target); // renaming a file over a folder fails, after the data was written
    await expect(writeWav(target, [0.1, 0.2], 8000)).rejects.toThrow();
    expect(await fs.readdir(dir)).toEqual(['taken.wav']);
    expect(await fs.readdir(target)).toEqual([]);
  });

  it('reject a missing file and an empty path', async () => {
    const missing = path.join(dir, 'missing.wav');
    expect((await rejection(readWav(missing))).message).toBe(
      `readWav: \`path\` must be the path of an existing file; received ${missing}, which does not exist.`,
    );
    expect((await rejection(readWav(''))).message).toBe(
      'readWav: `path` must be a non-empty path; received "".',
    );
    expect((await rejection(writeWav('', [0], 8000))).message).toBe(
      'writeWav: `path` must be a non-empty path; received "".',
    );
  });

  it('reject a file that is not 16-bit PCM, naming it', async () => {
    const file = path.join(dir, 'float.wav');
    const bytes = encodeWav([0, 0], 8000);
    new DataView(bytes.buffer).setUint16(20, 3, true); // IEEE float
    await fs.writeFile(file, bytes);
    const error = await rejection(readWav(file));
    expect(error.message).toBe(
      `readWav: \`path\` must be a 16-bit PCM WAV file; received ${file}, IEEE float WAV (format 3).`,
    );
    expect(SeqError.isInstance(error.cause)).toBe(true);
  });
});
