import { promises as fs } from 'node:fs';
import { SeqError } from '@seq/core';
import { writeFileAtomically } from '@seq/core/node';
import { type DecodedWav, decodeWav, encodeWav } from '../wav.js';

function checkPath(owner: string, file: unknown): string {
  if (typeof file !== 'string' || file.length === 0) {
    throw new SeqError({ owner, argument: 'path', expected: 'a non-empty path', received: file });
  }
  return file;
}

/**
 * Reads a 16-bit PCM WAV file from disk (Node only), with {@link decodeWav}: several channels are
 * mixed down to mono by averaging, other chunks are skipped, anything but 16-bit PCM is rejected.
 *
 * @param path - The file to read.
 * @returns The sample rate, the mono samples `[time]` in `[-1, 1]`, the file's channel count and
 *   bits per sample (16).
 * @throws {@link @seq/core!index.SeqError} "readWav: \`path\` must be the path of an existing file; received
 *   /tmp/a.wav, which does not exist."
 * @throws {@link @seq/core!index.SeqError} "readWav: \`path\` must be a 16-bit PCM WAV file; received /tmp/a.wav,
 *   IEEE float WAV (format 3)." (any rejection of {@link decodeWav}, naming the file)
 * @example
 * ```ts
 * const { sampleRate, samples } = await readWav('./speech.wav');
 * ```
 */
export async function readWav(path: string): Promise<DecodedWav> {
  const owner = 'readWav';
  const file = checkPath(owner, path);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SeqError({
      owner,
      argument: 'path',
      expected: 'the path of an existing file',
      receivedDescription:
        code === 'ENOENT' ? `${file}, which does not exist` : `${file} (${code})`,
      cause: error,
    });
  }
  try {
    return decodeWav(bytes);
  } catch (error) {
    if (!SeqError.isInstance(error)) throw error;
    throw new SeqError({
      owner,
      argument: 'path',
      expected: error.expected,
      receivedDescription: `${file}, ${error.received}`,
      cause: error,
    });
  }
}

/**
 * Writes a mono waveform as a 16-bit PCM WAV file (Node only), with {@link encodeWav}: symmetric
 * scaling by 32767, rounding to nearest, samples outside `[-1, 1]` clipped. Missing folders are
 * created.
 *
 * The write is atomic: the file is written to a temporary file in the same folder, flushed, then
 * renamed over `path` in one step. A failed write leaves the previous file (if any) untouched and
 * no partial file behind.
 *
 * @param path - The file to write; an existing file is replaced.
 * @param samples - The waveform, `[time]`, in `[-1, 1]`.
 * @param sampleRate - Samples per second, a positive integer such as `16000`.
 * @returns Once the file is in place.
 * @throws {@link @seq/core!index.SeqError} "writeWav: \`path\` must be a non-empty path; received ""."
 * @throws {@link @seq/core!index.SeqError} any rejection of {@link encodeWav}, before anything is written:
 *   "encodeWav: \`samples[3]\` must be a number, not NaN; received NaN."
 * @example
 * ```ts
 * await writeWav('./tone.wav', Float32Array.from({ length: 16000 }, (_, i) => Math.sin(i / 10)), 16000);
 * ```
 */
export async function writeWav(
  path: string,
  samples: ArrayLike<number>,
  sampleRate: number,
): Promise<void> {
  const file = checkPath('writeWav', path);
  const bytes = encodeWav(samples, sampleRate); // validates before touching the disk
  await writeFileAtomically(file, bytes);
}
