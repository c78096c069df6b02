import { midiKey, noteBeats } from './melody.js';

/** Ticks per quarter note of the files {@link encodeMidi} writes. */
export const TICKS_PER_BEAT = 480;

/** A MIDI variable-length quantity: 7 bits a byte, most significant first. */
function variableLength(value: number): number[] {
  const bytes = [value & 0x7f];
  for (let rest = value >>> 7; rest > 0; rest >>>= 7) bytes.unshift((rest & 0x7f) | 0x80);
  return bytes;
}

function uint32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0) & 0x7f);
}

/** Options of {@link encodeMidi}. */
export interface MidiOptions {
  /** Quarter notes per minute. @defaultValue `120` */
  bpm?: number;
  /** Track name. @defaultValue `'nabiya'` */
  name?: string;
  /** General MIDI program (0 = piano, 73 = flute). @defaultValue `0` */
  program?: number;
}

/**
 * A song as a Standard MIDI File (format 0, one track, 480 ticks a quarter note): tempo, program,
 * then each note on and off for its duration, on channel 1.
 */
export function encodeMidi(notes: readonly string[], options: MidiOptions = {}): Uint8Array {
  const bpm = options.bpm ?? 120;
  const microsPerBeat = Math.round(60_000_000 / bpm);
  const track: number[] = [
    ...[0x00, 0xff, 0x03, ...variableLength((options.name ?? 'nabiya').length)],
    ...ascii(options.name ?? 'nabiya'),
    ...[0x00, 0xff, 0x51, 0x03, ...uint32(microsPerBeat).slice(1)],
    ...[0x00, 0xc0, (options.program ?? 0) & 0x7f],
  ];
  for (const note of notes) {
    const key = midiKey(note);
    const ticks = Math.round(noteBeats(note) * TICKS_PER_BEAT);
    track.push(0x00, 0x90, key, 80, ...variableLength(ticks), 0x80, key, 0);
  }
  track.push(0x00, 0xff, 0x2f, 0x00);
  return Uint8Array.from([
    ...ascii('MThd'),
    ...uint32(6),
    ...[0x00, 0x00, 0x00, 0x01, (TICKS_PER_BEAT >> 8) & 0xff, TICKS_PER_BEAT & 0xff],
    ...ascii('MTrk'),
    ...uint32(track.length),
    ...track,
  ]);
}
