import { noteBeats, noteFrequency } from './melody.js';

/** Options of {@link synthesizeSong}. */
export interface SynthesisOptions {
  /** Samples per second. @defaultValue `16000` */
  sampleRate?: number;
  /** Quarter notes per minute. @defaultValue `120` */
  bpm?: number;
}

/** Samples a note lasts: its beats at `bpm`, rounded to a whole sample. */
export function noteSamples(note: string, sampleRate: number, bpm: number): number {
  return Math.round((noteBeats(note) * 60 * sampleRate) / bpm);
}

/** Relative strengths of the first three harmonics: a soft, slightly hollow tone. */
const HARMONICS = [1, 0.3, 0.1];
const PEAK = 0.45 / HARMONICS.reduce((a, b) => a + b, 0);
/** Fade-in and fade-out, in seconds, so notes start and stop without clicks. */
const ATTACK = 0.008;
const RELEASE = 0.04;

/**
 * A song as a mono waveform in `[-1, 1]`, `[time]`: each note a soft tone (a sine and two quiet
 * harmonics) at its pitch that decays gently, fades in over 8 ms and out over the last 40 ms of
 * its duration, so repeated notes are heard apart. Its length is the sum of the notes' lengths
 * ({@link noteSamples}).
 */
export function synthesizeSong(
  notes: readonly string[],
  options: SynthesisOptions = {},
): Float32Array {
  const sampleRate = options.sampleRate ?? 16000;
  const bpm = options.bpm ?? 120;
  const lengths = notes.map((note) => noteSamples(note, sampleRate, bpm));
  const samples = new Float32Array(lengths.reduce((a, b) => a + b, 0));
  const attack = Math.max(1, Math.round(ATTACK * sampleRate));
  const release = Math.max(1, Math.round(RELEASE * sampleRate));
  let offset = 0;
  notes.forEach((note, n) => {
    const length = lengths[n] as number;
    const step = (2 * Math.PI * noteFrequency(note)) / sampleRate;
    for (let i = 0; i < length; i++) {
      const fade = Math.min(1, i / attack, (length - 1 - i) / release);
      const envelope = Math.max(0, fade) * Math.exp((-2 * i) / sampleRate);
      let tone = 0;
      HARMONICS.forEach((strength, h) => {
        tone += strength * Math.sin((h + 1) * step * i);
      });
      samples[offset + i] = PEAK * envelope * tone;
    }
    offset += length;
  });
  return samples;
}
