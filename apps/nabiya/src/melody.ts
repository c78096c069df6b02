/**
 * '나비야' (the German folk tune "Hänschen klein", public domain) as Kim Tae-young's Keras RNN
 * tutorial (2017) writes it: 54 notes, each a pitch letter (`c d e f g a b` = 도 레 미 파 솔 라 시,
 * the octave of middle C) and a duration (`4` a quarter note, `8` an eighth note), in four phrases.
 */
export const NABIYA: readonly string[] = [
  ...'g8 e8 e4 f8 d8 d4 c8 d8 e8 f8 g8 g8 g4'.split(' '),
  ...'g8 e8 e8 e8 f8 d8 d4 c8 e8 g8 g8 e8 e8 e4'.split(' '),
  ...'d8 d8 d8 d8 d8 e8 f4 e8 e8 e8 e8 e8 f8 g4'.split(' '),
  ...'g8 e8 e4 f8 d8 d4 c8 e8 g8 g8 e8 e8 e4'.split(' '),
];

/** Notes in each of the melody's four phrases (as the tutorial's lines break it): 13, 14, 14, 13. */
export const PHRASE_LENGTHS: readonly number[] = [13, 14, 14, 13];

/**
 * The tutorial's index of every note: the seven quarter notes, then the seven eighth notes. The
 * model's outputs are these 14 classes (the melody uses 9 of them).
 */
export const NOTES: readonly string[] = [
  'c4',
  'd4',
  'e4',
  'f4',
  'g4',
  'a4',
  'b4',
  'c8',
  'd8',
  'e8',
  'f8',
  'g8',
  'a8',
  'b8',
];

/** Thrown for a token that is not one of {@link NOTES}; the caller decides how to report it. */
export class UnknownNoteError extends Error {
  override name = 'UnknownNoteError';
}

/**
 * The index of each note in {@link NOTES} (`g8` is 11).
 * @throws {@link UnknownNoteError} naming the first token that is not a note.
 */
export function encodeNotes(tokens: readonly string[]): number[] {
  return tokens.map((token, i) => {
    const index = NOTES.indexOf(token);
    if (index < 0) {
      throw new UnknownNoteError(
        `note ${i + 1} must be one of ${NOTES.join(' ')}; received ${JSON.stringify(token)}`,
      );
    }
    return index;
  });
}

/** The notes of indices into {@link NOTES}. */
export function decodeNotes(indices: readonly number[]): string[] {
  return indices.map((index) => NOTES[index] ?? '?');
}

/** Semitones above C of each pitch letter. */
const SEMITONES: Record<string, number> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 };

/** A note's MIDI key: `c` is middle C (60), up to `b` (71). */
export function midiKey(note: string): number {
  const semitone = SEMITONES[note[0] ?? ''];
  if (semitone === undefined) throw new UnknownNoteError(`no pitch in ${JSON.stringify(note)}`);
  return 60 + semitone;
}

/** A note's frequency in Hz (equal temperament, A4 = 440 Hz). */
export function noteFrequency(note: string): number {
  return 440 * 2 ** ((midiKey(note) - 69) / 12);
}

/** A note's length in beats (quarter notes): `4` is 1, `8` is 0.5. */
export function noteBeats(note: string): number {
  const kind = note.slice(1);
  if (kind === '4') return 1;
  if (kind === '8') return 0.5;
  throw new UnknownNoteError(`no duration in ${JSON.stringify(note)}`);
}
