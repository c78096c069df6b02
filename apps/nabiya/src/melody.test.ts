import { describe, expect, it } from 'vitest';
import {
  decodeNotes,
  encodeNotes,
  midiKey,
  NABIYA,
  NOTES,
  noteBeats,
  noteFrequency,
  PHRASE_LENGTHS,
  UnknownNoteError,
} from './melody.js';
import { noteWindows, windowAccuracyBound } from './note-windows.js';

describe('the melody', () => {
  it('has the 54 notes of the tutorial in four phrases, with its counts of each note', () => {
    expect(NABIYA).toHaveLength(54);
    expect(PHRASE_LENGTHS.reduce((a, b) => a + b, 0)).toBe(54);
    const counts: Record<string, number> = {};
    for (const note of NABIYA) counts[note] = (counts[note] ?? 0) + 1;
    expect(counts).toEqual({ g8: 9, e8: 18, e4: 4, f8: 5, d8: 9, d4: 3, c8: 3, g4: 2, f4: 1 });
    expect(NABIYA.slice(0, 4)).toEqual(['g8', 'e8', 'e4', 'f8']);
  });

  it("encodes notes with the tutorial's dictionary and decodes them back", () => {
    expect(NOTES).toHaveLength(14);
    expect(encodeNotes(['c4', 'g4', 'b4', 'c8', 'g8', 'b8'])).toEqual([0, 4, 6, 7, 11, 13]);
    expect(decodeNotes(encodeNotes(NABIYA))).toEqual(NABIYA);
    expect(() => encodeNotes(['g8', 'h4'])).toThrow(UnknownNoteError);
    expect(() => encodeNotes(['g8', 'h4'])).toThrow('note 2 must be one of c4 d4');
  });

  it('makes the 50 windows of 4 notes and the next, as the tutorial prints them', () => {
    const rows = noteWindows(encodeNotes(NABIYA), 4);
    expect(rows).toHaveLength(50);
    expect(rows[0]).toEqual([11, 9, 2, 10, 8]);
    expect(rows[49]).toEqual([11, 11, 9, 9, 2]);
    expect(noteWindows([1, 2, 3], 3)).toEqual([]);
    expect(noteWindows([1, 2, 3, 4], 2)).toEqual([
      [1, 2, 3],
      [2, 3, 4],
    ]);
  });

  it('bounds what a model of 4 notes can learn: 4 windows recur with another next note', () => {
    expect(windowAccuracyBound(noteWindows(encodeNotes(NABIYA), 4))).toBe(0.92);
    expect(windowAccuracyBound(noteWindows(encodeNotes(NABIYA), 8))).toBeGreaterThan(0.92);
    expect(
      windowAccuracyBound([
        [1, 2, 3],
        [1, 2, 4],
        [1, 2, 4],
        [5, 5, 5],
      ]),
    ).toBe(0.75);
  });

  it('gives pitches, MIDI keys and durations', () => {
    expect(midiKey('c4')).toBe(60);
    expect(midiKey('b8')).toBe(71);
    expect(noteFrequency('a4')).toBe(440);
    expect(noteFrequency('c8')).toBeCloseTo(261.63, 2);
    expect(noteBeats('e4')).toBe(1);
    expect(noteBeats('e8')).toBe(0.5);
    expect(() => noteBeats('e2')).toThrow(UnknownNoteError);
    expect(() => midiKey('x8')).toThrow(UnknownNoteError);
  });
});
