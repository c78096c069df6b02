import { describe, expect, it } from 'vitest';
import { resample } from './resample.js';
import { spectrogram } from './spectrogram.js';

const tone = (hz: number, length: number, sampleRate: number) =>
  Float32Array.from({ length }, (_, t) => 0.5 * Math.sin((2 * Math.PI * hz * t) / sampleRate));

function peakHz(samples: Float32Array, sampleRate: number): { hz: number; db: number } {
  const spec = spectrogram(samples.subarray(200, 200 + 1024), sampleRate, { frameSize: 1024 });
  let best = 0;
  for (let b = 1; b < spec.bins; b++)
    if ((spec.db[b] as number) > (spec.db[best] as number)) best = b;
  return { hz: (best * sampleRate) / 1024, db: spec.db[best] as number };
}

describe('resample', () => {
  it('keeps a tone below the new Nyquist frequency, at its level', () => {
    const out = resample(tone(500, 44_100, 44_100), 44_100, 8000);
    expect(out.length).toBe(8000);
    const { hz, db } = peakHz(out, 8000);
    expect(Math.abs(hz - 500)).toBeLessThan(8);
    expect(db).toBeCloseTo(20 * Math.log10(0.5), 0);
  });

  it('filters out a tone above the new Nyquist frequency instead of folding it back', () => {
    const out = resample(tone(6000, 22_050, 22_050), 22_050, 8000);
    let peak = 0;
    for (const v of out.subarray(100, -100)) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeLessThan(0.01);
  });

  it('upsamples, and returns the input at the same rate', () => {
    const input = tone(300, 4000, 4000);
    expect(resample(input, 4000, 4000)).toBe(input);
    const out = resample(input, 4000, 8000);
    expect(out.length).toBe(8000);
    expect(Math.abs(peakHz(out, 8000).hz - 300)).toBeLessThan(8);
  });
});
