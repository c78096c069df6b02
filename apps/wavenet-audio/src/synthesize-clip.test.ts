import { describe, expect, it } from 'vitest';
import { spectrogram } from './spectrogram.js';
import { SOUNDS, SYNTH_PEAK, synthesizeClip } from './synthesize-clip.js';

describe('synthesizeClip', () => {
  it.each(SOUNDS)('%s: the requested length, in [-1, 1] with the set peak, seeded', (sound) => {
    const clip = synthesizeClip({ sound, seconds: 1.5, sampleRate: 8000, seed: 7 });
    expect(clip).toBeInstanceOf(Float32Array);
    expect(clip.length).toBe(12_000);
    expect(clip.every(Number.isFinite)).toBe(true);
    const peak = clip.reduce((most, v) => Math.max(most, Math.abs(v)), 0);
    expect(peak).toBeCloseTo(SYNTH_PEAK, 5);
    expect(synthesizeClip({ sound, seconds: 1.5, sampleRate: 8000, seed: 7 })).toEqual(clip);
    const other = synthesizeClip({ sound, seconds: 1.5, sampleRate: 8000, seed: 8 });
    expect(other).not.toEqual(clip);
  });

  it('chords: the first chord (C) has its energy at the notes of C, not at C sharp', () => {
    const clip = synthesizeClip({ sound: 'chords', seconds: 0.5, sampleRate: 8000, seed: 1 });
    const spec = spectrogram(clip.subarray(1000, 3048), 8000, { frameSize: 2048, hop: 2048 });
    const level = (hz: number) => spec.db[Math.round((hz * 2048) / 8000)] as number;
    for (const [note, sharp] of [
      [261.63, 277.18], // C4, C#4
      [329.63, 349.23], // E4, F4
      [392.0, 415.3], // G4, G#4
    ] as const) {
      expect(level(note)).toBeGreaterThan(level(sharp) + 20);
    }
  });

  it('chirp: sweeps from low to high frequencies in the first half second', () => {
    const clip = synthesizeClip({ sound: 'chirp', seconds: 1, sampleRate: 8000, seed: 1 });
    const peakHz = (start: number) => {
      const spec = spectrogram(clip.subarray(start, start + 512), 8000, {
        frameSize: 512,
        hop: 512,
      });
      let best = 1;
      for (let b = 1; b < spec.bins; b++)
        if ((spec.db[b] as number) > (spec.db[best] as number)) best = b;
      return (best * 8000) / 512;
    };
    expect(peakHz(0)).toBeLessThan(300);
    expect(peakHz(3300)).toBeGreaterThan(1200);
  });
});
