import { describe, expect, it } from 'vitest';
import { encodeMidi, TICKS_PER_BEAT } from './encode-midi.js';

/** Reads a variable-length quantity at `at`; returns it and the offset after it. */
function readVariable(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let i = at;
  for (;;) {
    const byte = bytes[i++] as number;
    value = (value << 7) | (byte & 0x7f);
    if ((byte & 0x80) === 0) return [value, i];
  }
}

/** The notes of a format-0 file written by encodeMidi: key and length in ticks. */
function readNotes(bytes: Uint8Array): { key: number; ticks: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const trackLength = view.getUint32(18);
  expect(22 + trackLength).toBe(bytes.length);
  const notes: { key: number; ticks: number }[] = [];
  let time = 0;
  const started = new Map<number, number>();
  let i = 22;
  while (i < bytes.length) {
    const [delta, next] = readVariable(bytes, i);
    time += delta;
    i = next;
    const status = bytes[i] as number;
    if (status === 0xff) {
      const [length, data] = readVariable(bytes, i + 2);
      i = data + length;
    } else if (status === 0xc0) {
      i += 2;
    } else {
      const key = bytes[i + 1] as number;
      if (status === 0x90) started.set(key, time);
      else notes.push({ key, ticks: time - (started.get(key) as number) });
      i += 3;
    }
  }
  return notes;
}

describe('encodeMidi', () => {
  it('writes a Standard MIDI File, format 0, one track, that reads back note for note', () => {
    const bytes = encodeMidi(['g8', 'e8', 'e4', 'c8'], { bpm: 100 });
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('MThd');
    expect(Array.from(bytes.subarray(4, 14))).toEqual([0, 0, 0, 6, 0, 0, 0, 1, 1, 224]);
    expect(new TextDecoder().decode(bytes.subarray(14, 18))).toBe('MTrk');
    expect(readNotes(bytes)).toEqual([
      { key: 67, ticks: TICKS_PER_BEAT / 2 },
      { key: 64, ticks: TICKS_PER_BEAT / 2 },
      { key: 64, ticks: TICKS_PER_BEAT },
      { key: 60, ticks: TICKS_PER_BEAT / 2 },
    ]);
    // Tempo 100 bpm: 600,000 microseconds a quarter note.
    const tempo = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0x51);
    expect(Array.from(bytes.subarray(tempo + 3, tempo + 6))).toEqual([0x09, 0x27, 0xc0]);
    expect(Array.from(bytes.subarray(-3))).toEqual([0xff, 0x2f, 0x00]);
  });
});
