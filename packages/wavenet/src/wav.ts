import { SeqError } from '@seq/core';

/** The 16-bit full scale: `1` is written as `32767`, `-1` as `-32767`. */
const FULL_SCALE = 32767;
const HEADER_BYTES = 44;
/** RIFF sizes are unsigned 32-bit; the header and two bytes a sample must fit in them. */
const MAX_SAMPLES = Math.floor((0xffffffff - (HEADER_BYTES - 8)) / 2);
const EXPECTED = 'a 16-bit PCM WAV file';

const PCM = 1;
const EXTENSIBLE = 0xfffe;
/** Names of the WAV formats one meets, for messages. */
const FORMAT_NAMES: Readonly<Record<number, string>> = {
  2: 'Microsoft ADPCM',
  3: 'IEEE float',
  6: 'A-law',
  7: 'mu-law',
  17: 'IMA ADPCM',
  49: 'GSM 6.10',
  80: 'MPEG',
  85: 'MPEG Layer 3',
  65534: 'extensible',
};

/** A WAV file read by {@link decodeWav}. */
export interface DecodedWav {
  /** Frames per second, e.g. `16000`. */
  sampleRate: number;
  /**
   * The waveform, mono, in `[-1, 1]`: `[time]`. A file of several channels is mixed down by
   * averaging them.
   */
  samples: Float32Array;
  /** How many channels the file had (before the mixdown). */
  channels: number;
  /** Bits per sample of the file: always `16`. */
  bitsPerSample: number;
}

function fail(owner: string, argument: string, received: string): SeqError {
  return new SeqError({ owner, argument, expected: EXPECTED, receivedDescription: received });
}

/**
 * Encodes a mono waveform as a 16-bit PCM WAV file (RIFF/WAVE, a 44-byte header, little-endian).
 * Pure and browser-safe; in Node, `writeWav` from `@seq/wavenet/node` writes it to disk.
 *
 * Scaling is symmetric: a sample `s` is written as `s * 32767` rounded to the nearest integer
 * (halves away from zero), so `1` is `32767`, `-1` is `-32767` and `-32768` is never written.
 * Samples outside `[-1, 1]` (infinities included) are clipped; NaN is rejected.
 *
 * @param samples - The waveform, `[time]`, in `[-1, 1]`.
 * @param sampleRate - Samples per second, a positive integer such as `16000`.
 * @returns The bytes of the file: 44 bytes of header, then 2 bytes a sample.
 * @throws {@link @seq/core!index.SeqError} "encodeWav: \`sampleRate\` must be a positive integer below 2^31;
 *   received 0."
 * @throws {@link @seq/core!index.SeqError} "encodeWav: \`samples[3]\` must be a number, not NaN; received NaN."
 * @throws {@link @seq/core!index.SeqError} "encodeWav: \`samples\` must be an array of numbers; received null."
 * @example
 * ```ts
 * const bytes = encodeWav(new Float32Array([0, 0.5, -0.5]), 16000); // 50 bytes
 * ```
 */
export function encodeWav(samples: ArrayLike<number>, sampleRate: number): Uint8Array {
  const owner = 'encodeWav';
  if (!Number.isInteger(sampleRate) || sampleRate <= 0 || sampleRate > 0xffffffff / 2) {
    throw new SeqError({
      owner,
      argument: 'sampleRate',
      expected: 'a positive integer below 2^31',
      received: sampleRate,
    });
  }
  const length = (samples as { length?: unknown } | null)?.length;
  if (
    typeof samples !== 'object' ||
    samples === null ||
    typeof length !== 'number' ||
    !Number.isInteger(length) ||
    length < 0
  ) {
    throw new SeqError({
      owner,
      argument: 'samples',
      expected: 'an array of numbers',
      received: samples,
    });
  }
  if (length > MAX_SAMPLES) {
    throw new SeqError({
      owner,
      argument: 'samples',
      expected: `at most ${MAX_SAMPLES} samples (the size limit of a WAV file)`,
      receivedDescription: `${length} samples`,
    });
  }
  const dataBytes = length * 2;
  const bytes = new Uint8Array(HEADER_BYTES + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, HEADER_BYTES - 8 + dataBytes, true); // the size of what follows
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, PCM, true); // audio format
  view.setUint16(22, 1, true); // channels
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate: sampleRate * blockAlign
  view.setUint16(32, 2, true); // block align: channels * bytes per sample
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < length; i++) {
    const s = samples[i];
    if (typeof s !== 'number' || Number.isNaN(s)) {
      throw new SeqError({
        owner,
        argument: `samples[${i}]`,
        expected: 'a number, not NaN',
        received: s,
      });
    }
    const scaled = Math.min(1, Math.max(-1, s)) * FULL_SCALE;
    view.setInt16(HEADER_BYTES + 2 * i, Math.sign(scaled) * Math.round(Math.abs(scaled)), true);
  }
  return bytes;
}

function fourCC(view: DataView, offset: number): string {
  let text = '';
  for (let i = 0; i < 4 && offset + i < view.byteLength; i++) {
    text += String.fromCharCode(view.getUint8(offset + i));
  }
  return text;
}

/** A four-character code for a message: `"LIST"`, or its bytes in hex when not printable. */
function quoteFourCC(code: string): string {
  if (/^[\x20-\x7e]*$/.test(code)) return JSON.stringify(code);
  const hex = Array.from(code, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(' ');
  return `bytes ${hex}`;
}

function formatName(format: number): string {
  const name = FORMAT_NAMES[format];
  return name === undefined ? `WAV of format ${format}` : `${name} WAV (format ${format})`;
}

interface Format {
  format: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
}

function readFormat(view: DataView, offset: number, size: number, owner: string): Format {
  const argument = 'bytes';
  if (size < 16) {
    throw fail(owner, argument, `a fmt chunk of ${size} bytes, shorter than the 16 of PCM`);
  }
  let format = view.getUint16(offset, true);
  const channels = view.getUint16(offset + 2, true);
  const sampleRate = view.getUint32(offset + 4, true);
  const blockAlign = view.getUint16(offset + 12, true);
  const bitsPerSample = view.getUint16(offset + 14, true);
  if (format === EXTENSIBLE) {
    // WAVE_FORMAT_EXTENSIBLE: cbSize (22), valid bits, channel mask, then a GUID whose first two
    // bytes are the actual format.
    if (size < 40) {
      throw fail(owner, argument, `an extensible fmt chunk of ${size} bytes, shorter than 40`);
    }
    const sub = view.getUint16(offset + 24, true);
    if (sub !== PCM) throw fail(owner, argument, `extensible ${formatName(sub)}`);
    format = PCM;
  }
  if (format !== PCM) throw fail(owner, argument, formatName(format));
  if (bitsPerSample !== 16) throw fail(owner, argument, `${bitsPerSample}-bit PCM WAV`);
  if (channels === 0) throw fail(owner, argument, 'a WAV file of 0 channels');
  if (sampleRate === 0) throw fail(owner, argument, 'a WAV file of sample rate 0');
  if (blockAlign !== channels * 2) {
    throw fail(
      owner,
      argument,
      `a fmt chunk with a block align of ${blockAlign} bytes for ${channels} channel(s) of 16 bits`,
    );
  }
  return { format, channels, sampleRate, blockAlign, bitsPerSample };
}

/**
 * Decodes a 16-bit PCM WAV file (RIFF/WAVE, format 1, or extensible with a PCM subformat), of one
 * channel or several. Pure and browser-safe; in Node, `readWav` from `@seq/wavenet/node` reads one
 * from disk.
 *
 * Samples are scaled by `1 / 32767`, the inverse of {@link encodeWav} (`-32768` reads as `-1`).
 * Several channels are mixed down to mono by averaging them; `channels` tells how many there were.
 * Chunks other than `fmt ` and `data` (`LIST`, `fact`, `cue `...) are skipped, odd-sized chunks
 * with their pad byte, and so are chunks after `data`. The RIFF size field is not trusted.
 *
 * Anything else is rejected, with what was found: not RIFF/WAVE, not PCM (float, A-law, ADPCM...),
 * not 16 bits, no channels, a chunk larger than the bytes left (a truncated file), a data chunk
 * that is not a whole number of frames. Sizes are checked against the bytes at hand before
 * anything is allocated.
 *
 * @param bytes - The file's bytes.
 * @returns The sample rate, the mono samples `[time]` in `[-1, 1]`, the file's channel count, and
 *   its bits per sample (16).
 * @throws {@link @seq/core!index.SeqError} "decodeWav: \`bytes\` must be a 16-bit PCM WAV file; received IEEE
 *   float WAV (format 3)."
 * @throws {@link @seq/core!index.SeqError} "decodeWav: \`bytes\` must be a 16-bit PCM WAV file; received a data
 *   chunk of 4000 bytes with only 100 bytes left in the file."
 * @example
 * ```ts
 * const { sampleRate, samples } = decodeWav(encodeWav([0, 0.5, -0.5], 16000));
 * // 16000, Float32Array [0, 0.5, -0.5] (within 1/32767)
 * ```
 */
export function decodeWav(bytes: Uint8Array | ArrayBuffer): DecodedWav {
  const owner = 'decodeWav';
  const argument = 'bytes';
  let view: DataView;
  if (ArrayBuffer.isView(bytes)) {
    view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } else if (bytes instanceof ArrayBuffer) {
    view = new DataView(bytes);
  } else {
    throw new SeqError({
      owner,
      argument,
      expected: 'a Uint8Array or an ArrayBuffer',
      received: bytes,
    });
  }
  const total = view.byteLength;
  if (total < 12) throw fail(owner, argument, `${total} bytes, too few for a RIFF header`);
  const riff = fourCC(view, 0);
  if (riff !== 'RIFF') {
    const what =
      riff === 'RIFX' ? 'a big-endian RIFX file' : `a file starting with ${quoteFourCC(riff)}`;
    throw fail(owner, argument, what);
  }
  const type = fourCC(view, 8);
  if (type !== 'WAVE') throw fail(owner, argument, `a RIFF file of type ${quoteFourCC(type)}`);
  // The RIFF size is not trusted (streaming writers leave it 0 or wrong): chunks are checked
  // against the bytes at hand.
  const end = total;
  let fmt: Format | undefined;
  let data: { offset: number; size: number } | undefined;
  let offset = 12;
  while (offset + 8 <= end && (fmt === undefined || data === undefined)) {
    const id = fourCC(view, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    const left = end - body;
    if (size > left) {
      throw fail(
        owner,
        argument,
        `a ${quoteFourCC(id)} chunk of ${size} bytes with only ${left} bytes left in the file`,
      );
    }
    if (id === 'fmt ' && fmt === undefined) fmt = readFormat(view, body, size, owner);
    else if (id === 'data' && data === undefined) data = { offset: body, size };
    offset = body + size + (size % 2); // odd-sized chunks are followed by a pad byte
  }
  if (fmt === undefined) throw fail(owner, argument, 'a WAVE file without a fmt chunk');
  if (data === undefined) throw fail(owner, argument, 'a WAVE file without a data chunk');
  if (data.size % fmt.blockAlign !== 0) {
    throw fail(
      owner,
      argument,
      `a data chunk of ${data.size} bytes, not a whole number of ${fmt.blockAlign}-byte frames`,
    );
  }
  const frames = data.size / fmt.blockAlign; // data.size was checked against the bytes left
  const samples = new Float32Array(frames);
  const scale = 1 / (FULL_SCALE * fmt.channels);
  for (let i = 0; i < frames; i++) {
    const start = data.offset + i * fmt.blockAlign;
    let sum = 0;
    for (let c = 0; c < fmt.channels; c++) sum += view.getInt16(start + 2 * c, true);
    samples[i] = Math.max(-1, sum * scale);
  }
  return {
    sampleRate: fmt.sampleRate,
    samples,
    channels: fmt.channels,
    bitsPerSample: fmt.bitsPerSample,
  };
}
