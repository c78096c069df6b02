import { SeqError } from '@seq/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav } from './wav.js';

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
const u16 = (v: number) => [v & 0xff, (v >>> 8) & 0xff];
const u32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

/** A chunk: its four-character id, its size, its body and a pad byte when the size is odd. */
function chunk(id: string, body: number[], declaredSize = body.length): number[] {
  return [...ascii(id), ...u32(declaredSize), ...body, ...(body.length % 2 ? [0] : [])];
}

interface FmtOptions {
  format?: number;
  channels?: number;
  sampleRate?: number;
  bits?: number;
  blockAlign?: number;
}

function fmt(o: FmtOptions = {}): number[] {
  const { format = 1, channels = 1, sampleRate = 8000, bits = 16 } = o;
  const blockAlign = o.blockAlign ?? (channels * bits) / 8;
  return chunk('fmt ', [
    ...u16(format),
    ...u16(channels),
    ...u32(sampleRate),
    ...u32(sampleRate * blockAlign),
    ...u16(blockAlign),
    ...u16(bits),
  ]);
}

/** An extensible fmt chunk (40 bytes) with the given subformat. */
function fmtExtensible(subformat: number, channels = 2): number[] {
  const blockAlign = channels * 2;
  return chunk('fmt ', [
    ...u16(0xfffe),
    ...u16(channels),
    ...u32(44100),
    ...u32(44100 * blockAlign),
    ...u16(blockAlign),
    ...u16(16),
    ...u16(22), // cbSize
    ...u16(16), // valid bits
    ...u32(3), // channel mask
    ...u16(subformat),
    ...[0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71],
  ]);
}

const int16s = (values: number[]) => values.flatMap((v) => u16(v & 0xffff));

function riff(chunks: number[][], type = 'WAVE', id = 'RIFF'): Uint8Array {
  const body = [...ascii(type), ...chunks.flat()];
  return new Uint8Array([...ascii(id), ...u32(body.length), ...body]);
}

function expectRejected(bytes: Uint8Array | ArrayBuffer, received: string): void {
  let thrown: unknown;
  try {
    decodeWav(bytes);
  } catch (error) {
    thrown = error;
  }
  expect(SeqError.isInstance(thrown), `expected a SeqError, got ${String(thrown)}`).toBe(true);
  expect((thrown as Error).message).toBe(
    `decodeWav: \`bytes\` must be a 16-bit PCM WAV file; received ${received}.`,
  );
}

describe('encodeWav', () => {
  it('writes a 44-byte little-endian header, then the samples', () => {
    const bytes = encodeWav([0, 1, -1, 0.5], 16000);
    expect(Array.from(bytes)).toEqual([
      ...ascii('RIFF'),
      ...[44, 0, 0, 0], // 36 + 8 bytes of data
      ...ascii('WAVE'),
      ...ascii('fmt '),
      ...[16, 0, 0, 0], // fmt chunk size
      ...[1, 0], // PCM
      ...[1, 0], // mono
      ...[0x80, 0x3e, 0, 0], // 16000 Hz
      ...[0x00, 0x7d, 0, 0], // 32000 bytes per second
      ...[2, 0], // block align
      ...[16, 0], // bits per sample
      ...ascii('data'),
      ...[8, 0, 0, 0],
      ...[0x00, 0x00], // 0
      ...[0xff, 0x7f], // 32767
      ...[0x01, 0x80], // -32767
      ...[0x00, 0x40], // 0.5 * 32767 = 16383.5, rounded away from zero: 16384
    ]);
  });

  it('scales symmetrically, rounding halves away from zero, and clips', () => {
    const bytes = encodeWav([-0.5, 2, -2, Infinity, -Infinity, 1 / 32767 / 2], 8000);
    const view = new DataView(bytes.buffer);
    const read = (i: number) => view.getInt16(44 + 2 * i, true);
    expect([0, 1, 2, 3, 4, 5].map(read)).toEqual([-16384, 32767, -32767, 32767, -32767, 1]);
  });

  it('writes an empty file of just a header', () => {
    const bytes = encodeWav(new Float32Array(0), 44100);
    expect(bytes.length).toBe(44);
    expect(decodeWav(bytes).samples.length).toBe(0);
  });

  it('rejects a bad sample rate, NaN and non-arrays, with their messages', () => {
    expect(() => encodeWav([0], 0)).toThrow(
      'encodeWav: `sampleRate` must be a positive integer below 2^31; received 0.',
    );
    expect(() => encodeWav([0], 44100.5)).toThrow(
      'encodeWav: `sampleRate` must be a positive integer below 2^31; received 44100.5.',
    );
    expect(() => encodeWav([0], 2 ** 31)).toThrow(
      'encodeWav: `sampleRate` must be a positive integer below 2^31; received 2147483648.',
    );
    expect(() => encodeWav([0, 0.5, 1, Number.NaN], 8000)).toThrow(
      'encodeWav: `samples[3]` must be a number, not NaN; received NaN.',
    );
    expect(() => encodeWav(null as unknown as number[], 8000)).toThrow(
      'encodeWav: `samples` must be an array of numbers; received null.',
    );
    expect(() => encodeWav({ length: 2 ** 31 }, 8000)).toThrow(
      'encodeWav: `samples` must be at most 2147483629 samples (the size limit of a WAV file); received 2147483648 samples.',
    );
  });
});

describe('decodeWav', () => {
  it('round trips encodeWav within 1/32767 (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 192000 }),
        (samples, sampleRate) => {
          const decoded = decodeWav(encodeWav(samples, sampleRate));
          expect(decoded.sampleRate).toBe(sampleRate);
          expect(decoded.channels).toBe(1);
          expect(decoded.bitsPerSample).toBe(16);
          expect(decoded.samples.length).toBe(samples.length);
          samples.forEach((s, i) => {
            expect(Math.abs((decoded.samples[i] ?? Number.NaN) - s)).toBeLessThanOrEqual(1 / 32767);
          });
        },
      ),
    );
  });

  it('reads an ArrayBuffer and a Uint8Array that is a view into a larger buffer', () => {
    const file = encodeWav([0.25, -0.25], 8000);
    const padded = new Uint8Array(file.length + 10);
    padded.set(file, 5);
    const fromView = decodeWav(padded.subarray(5, 5 + file.length));
    const fromBuffer = decodeWav(file.slice().buffer);
    for (const decoded of [fromView, fromBuffer]) {
      expect(Array.from(decoded.samples)).toEqual([
        expect.closeTo(0.25, 4),
        expect.closeTo(-0.25, 4),
      ]);
    }
  });

  it('mixes a stereo file down to mono by averaging, and reports 2 channels', () => {
    const bytes = riff([
      fmt({ channels: 2, sampleRate: 44100 }),
      chunk('data', int16s([32767, 0, -32767, -32767, 1000, 3000])),
    ]);
    const decoded = decodeWav(bytes);
    expect(decoded.channels).toBe(2);
    expect(decoded.sampleRate).toBe(44100);
    expect(Array.from(decoded.samples)).toEqual([
      expect.closeTo(0.5, 6),
      expect.closeTo(-1, 6),
      expect.closeTo(2000 / 32767, 6),
    ]);
  });

  it('reads -32768 as -1', () => {
    const decoded = decodeWav(riff([fmt(), chunk('data', int16s([-32768]))]));
    expect(decoded.samples[0]).toBe(-1);
  });

  it('skips a LIST chunk before data, odd-sized chunks with their pad byte, and chunks after data', () => {
    const bytes = riff([
      fmt({ sampleRate: 22050 }),
      chunk('LIST', [...ascii('INFOISFT'), ...u32(3), ...ascii('seq')]), // 15 bytes: padded
      chunk('junk', [1, 2, 3]), // odd again
      chunk('data', int16s([16384, -16384])),
      chunk('LIST', ascii('INFO')),
    ]);
    const decoded = decodeWav(bytes);
    expect(decoded.sampleRate).toBe(22050);
    expect(Array.from(decoded.samples)).toEqual([
      expect.closeTo(16384 / 32767, 6),
      expect.closeTo(-16384 / 32767, 6),
    ]);
  });

  it('reads a data chunk that comes before the fmt chunk, and ignores a wrong RIFF size', () => {
    const bytes = riff([chunk('data', int16s([100])), fmt({ sampleRate: 11025 })]);
    new DataView(bytes.buffer).setUint32(4, 0, true); // as streaming writers leave it
    const decoded = decodeWav(bytes);
    expect(decoded.sampleRate).toBe(11025);
    expect(decoded.samples[0]).toBeCloseTo(100 / 32767, 6);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE with a PCM subformat', () => {
    const decoded = decodeWav(riff([fmtExtensible(1), chunk('data', int16s([32767, 32767]))]));
    expect(decoded.channels).toBe(2);
    expect(decoded.sampleRate).toBe(44100);
    expect(Array.from(decoded.samples)).toEqual([1]);
  });

  it('rejects what is not RIFF/WAVE', () => {
    expectRejected(new Uint8Array(7), '7 bytes, too few for a RIFF header');
    expectRejected(
      new Uint8Array([...ascii('OggS'), ...new Array(12).fill(0)]),
      'a file starting with "OggS"',
    );
    expectRejected(
      new Uint8Array([0xff, 0xfb, 0x90, 0x00, ...new Array(12).fill(0)]),
      'a file starting with bytes ff fb 90 00',
    );
    expectRejected(riff([fmt()], 'WAVE', 'RIFX'), 'a big-endian RIFX file');
    expectRejected(riff([], 'AVI '), 'a RIFF file of type "AVI "');
    expect(() => decodeWav('RIFF' as unknown as Uint8Array)).toThrow(
      'decodeWav: `bytes` must be a Uint8Array or an ArrayBuffer; received "RIFF".',
    );
  });

  it('rejects formats other than PCM, naming them', () => {
    const data = chunk('data', [0, 0, 0, 0]);
    expectRejected(riff([fmt({ format: 3, bits: 32 }), data]), 'IEEE float WAV (format 3)');
    expectRejected(riff([fmt({ format: 6, bits: 8 }), data]), 'A-law WAV (format 6)');
    expectRejected(riff([fmt({ format: 7, bits: 8 }), data]), 'mu-law WAV (format 7)');
    expectRejected(riff([fmt({ format: 0x55 }), data]), 'MPEG Layer 3 WAV (format 85)');
    expectRejected(riff([fmt({ format: 0x1234 }), data]), 'WAV of format 4660');
    expectRejected(riff([fmtExtensible(3), data]), 'extensible IEEE float WAV (format 3)');
  });

  it('rejects PCM of 8, 24 and 32 bits', () => {
    const data = chunk('data', new Array(12).fill(0));
    expectRejected(riff([fmt({ bits: 8 }), data]), '8-bit PCM WAV');
    expectRejected(riff([fmt({ bits: 24 }), data]), '24-bit PCM WAV');
    expectRejected(riff([fmt({ bits: 32 }), data]), '32-bit PCM WAV');
  });

  it('rejects zero channels, a zero sample rate and an inconsistent block align', () => {
    const data = chunk('data', [0, 0]);
    expectRejected(riff([fmt({ channels: 0, blockAlign: 2 }), data]), 'a WAV file of 0 channels');
    expectRejected(riff([fmt({ sampleRate: 0 }), data]), 'a WAV file of sample rate 0');
    expectRejected(
      riff([fmt({ channels: 2, blockAlign: 2 }), data]),
      'a fmt chunk with a block align of 2 bytes for 2 channel(s) of 16 bits',
    );
  });

  it('rejects a short fmt chunk, and files missing fmt or data', () => {
    expectRejected(
      riff([chunk('fmt ', [1, 0, 1, 0]), chunk('data', [0, 0])]),
      'a fmt chunk of 4 bytes, shorter than the 16 of PCM',
    );
    expectRejected(riff([chunk('data', [0, 0])]), 'a WAVE file without a fmt chunk');
    expectRejected(riff([fmt(), chunk('LIST', ascii('INFO'))]), 'a WAVE file without a data chunk');
    expectRejected(riff([]), 'a WAVE file without a fmt chunk');
  });

  it('rejects a truncated data chunk and chunk sizes larger than the file, before allocating', () => {
    const file = encodeWav([0.1, 0.2, 0.3, 0.4], 8000);
    expectRejected(
      file.subarray(0, file.length - 3),
      'a "data" chunk of 8 bytes with only 5 bytes left in the file',
    );
    const huge = encodeWav([0.1], 8000);
    new DataView(huge.buffer).setUint32(40, 0xfffffff0, true);
    expectRejected(huge, 'a "data" chunk of 4294967280 bytes with only 2 bytes left in the file');
    expectRejected(
      riff([fmt(), chunk('LIST', [1, 2], 1000), chunk('data', [0, 0])]),
      'a "LIST" chunk of 1000 bytes with only 12 bytes left in the file',
    );
    expectRejected(
      riff([fmt(), chunk('data', [0, 0, 0])]),
      'a data chunk of 3 bytes, not a whole number of 2-byte frames',
    );
  });
});
