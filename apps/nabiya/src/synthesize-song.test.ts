import { decodeWav, encodeWav } from '@seq/wavenet';
import { describe, expect, it } from 'vitest';
import { NABIYA } from './melody.js';
import { noteSamples, synthesizeSong } from './synthesize-song.js';

describe('synthesizeSong', () => {
  it('lasts the sum of the notes: 32 beats of the melody are 16 s at 120 bpm', () => {
    const wave = synthesizeSong(NABIYA, { sampleRate: 16000, bpm: 120 });
    const sum = NABIYA.reduce((total, note) => total + noteSamples(note, 16000, 120), 0);
    expect(wave.length).toBe(sum);
    expect(wave.length).toBe(32 * 8000);
    expect(noteSamples('e4', 16000, 120)).toBe(8000);
    expect(noteSamples('e8', 16000, 120)).toBe(4000);
    // Rounded per note when a note is not a whole number of samples.
    expect(synthesizeSong(['c8', 'c8', 'c4'], { sampleRate: 22050, bpm: 120 })).toHaveLength(
      5513 + 5513 + 11025,
    );
  });

  it('stays in [-1, 1], sounds, and fades each note in and out', () => {
    const wave = synthesizeSong(['g8', 'e8', 'e4'], { sampleRate: 16000 });
    const peak = wave.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    expect(peak).toBeGreaterThan(0.2);
    expect(peak).toBeLessThanOrEqual(1);
    for (const boundary of [0, 4000, 8000])
      expect(Math.abs(wave[boundary] as number)).toBeLessThan(1e-6);
    for (const end of [3999, 7999, 15999]) expect(Math.abs(wave[end] as number)).toBeLessThan(1e-6);
  });

  it('becomes a WAV file with a RIFF header that reads back', () => {
    const wave = synthesizeSong(['c8', 'd8'], { sampleRate: 8000 });
    const bytes = encodeWav(wave, 8000);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('RIFF');
    expect(new TextDecoder().decode(bytes.subarray(8, 12))).toBe('WAVE');
    expect(decodeWav(bytes).samples).toHaveLength(4000);
  });
});
