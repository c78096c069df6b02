import { SeededRandom } from '@seq/core';

/** The test clips {@link synthesizeClip} makes. */
export const SOUNDS = ['chords', 'chirp'] as const;
/** One of {@link SOUNDS}. */
export type Sound = (typeof SOUNDS)[number];

/** Options of {@link synthesizeClip}. */
export interface SynthesizeOptions {
  sound: Sound;
  seconds: number;
  sampleRate: number;
  seed: number | string;
}

/** Peak amplitude of a synthesised clip. */
export const SYNTH_PEAK = 0.8;

/** MIDI notes of the chords C, G, Am and F (I-V-vi-IV), each a bass note and a triad. */
const PROGRESSION = [
  [48, 60, 64, 67],
  [43, 59, 62, 67],
  [45, 60, 64, 69],
  [41, 60, 65, 69],
];
/** Seconds each chord lasts. */
const CHORD_SECONDS = 0.5;

/** The frequency of a MIDI note, in Hz (A4 = note 69 = 440 Hz). */
function midiFrequency(note: number): number {
  return 440 * 2 ** ((note - 69) / 12);
}

/**
 * A test clip, seeded (the same seed gives the same samples), mono, `[time]` in `[-1, 1]` with a
 * peak of {@link SYNTH_PEAK}:
 *
 * - `chords`: the progression C, G, Am, F, half a second each, repeated; every note has three
 *   harmonics (below the Nyquist frequency), a random phase and a slight random detuning, and
 *   each chord a 10 ms attack, an exponential decay and a 10 ms release;
 * - `chirp`: a tone whose frequency sweeps up and down between 150 Hz and 2.5 kHz (at most 0.4
 *   times the sample rate), geometrically, once a second, with its second harmonic.
 *
 * Both have a little seeded noise (at -50 dB), as a recording would.
 */
export function synthesizeClip(options: SynthesizeOptions): Float32Array {
  const { sound, seconds, sampleRate } = options;
  const random = new SeededRandom(`${options.seed}/${sound}`);
  const length = Math.max(1, Math.round(seconds * sampleRate));
  const samples =
    sound === 'chords' ? chords(length, sampleRate, random) : chirp(length, sampleRate, random);
  for (let t = 0; t < length; t++) {
    samples[t] = (samples[t] as number) + 0.003 * random.nextNormal();
  }
  let peak = 0;
  for (const v of samples) peak = Math.max(peak, Math.abs(v));
  const gain = peak > 0 ? SYNTH_PEAK / peak : 0;
  return samples.map((v) => v * gain);
}

function chords(length: number, sampleRate: number, random: SeededRandom): Float32Array {
  const out = new Float32Array(length);
  const chordLength = Math.round(CHORD_SECONDS * sampleRate);
  const ramp = Math.max(1, Math.round(0.01 * sampleRate));
  for (let start = 0, index = 0; start < length; start += chordLength, index++) {
    const notes = PROGRESSION[index % PROGRESSION.length] as number[];
    const voices = notes.map((note, n) => ({
      frequency: midiFrequency(note) * 2 ** ((random.next() - 0.5) * (6 / 1200)), // +-3 cents
      phase: random.next() * 2 * Math.PI,
      gain: n === 0 ? 0.8 : 0.5,
    }));
    const end = Math.min(length, start + chordLength);
    for (let t = start; t < end; t++) {
      const local = t - start;
      const envelope =
        Math.min(1, local / ramp, (chordLength - local) / ramp) *
        Math.exp(-local / (0.6 * sampleRate));
      let value = 0;
      for (const voice of voices) {
        for (let h = 1; h <= 3; h++) {
          if (voice.frequency * h >= sampleRate / 2) break;
          const angle = (2 * Math.PI * voice.frequency * h * local) / sampleRate + voice.phase * h;
          value += (voice.gain / h ** 1.5) * Math.sin(angle);
        }
      }
      out[t] = envelope * value;
    }
  }
  return out;
}

function chirp(length: number, sampleRate: number, random: SeededRandom): Float32Array {
  const out = new Float32Array(length);
  const low = 150;
  const high = Math.max(low * 2, Math.min(2500, 0.4 * sampleRate));
  let phase = random.next() * 2 * Math.PI;
  for (let t = 0; t < length; t++) {
    const cycle = (t / sampleRate) % 1; // one sweep up and down a second
    const position = cycle < 0.5 ? 2 * cycle : 2 - 2 * cycle;
    const frequency = low * (high / low) ** position;
    phase += (2 * Math.PI * frequency) / sampleRate;
    const second = 2 * frequency < sampleRate / 2 ? 0.3 * Math.sin(2 * phase) : 0;
    out[t] = Math.sin(phase) + second;
  }
  return out;
}
