import { describe, expect, it } from 'vitest';
import { fft, spectrogram } from './spectrogram.js';
import { spectrogramCells, spectrogramChart } from './spectrogram-chart.js';

const tone = (hz: number, amplitude: number, length: number, sampleRate: number) =>
  Float32Array.from(
    { length },
    (_, t) => amplitude * Math.sin((2 * Math.PI * hz * t) / sampleRate),
  );

describe('fft', () => {
  it('agrees with the direct DFT', () => {
    const n = 16;
    const x = Array.from({ length: n }, (_, i) => Math.sin(i * 1.3) + 0.5 * Math.cos(i * 0.2));
    const re = Float64Array.from(x);
    const im = new Float64Array(n);
    fft(re, im);
    for (let k = 0; k < n; k++) {
      let dr = 0;
      let di = 0;
      for (let t = 0; t < n; t++) {
        dr += (x[t] as number) * Math.cos((-2 * Math.PI * k * t) / n);
        di += (x[t] as number) * Math.sin((-2 * Math.PI * k * t) / n);
      }
      expect(re[k]).toBeCloseTo(dr, 10);
      expect(im[k]).toBeCloseTo(di, 10);
    }
  });
});

describe('spectrogram', () => {
  it('a pure tone peaks at its frequency bin, at its level in dB', () => {
    const sampleRate = 8000;
    const frameSize = 256;
    const bin = 16; // 16 * 8000 / 256 = 500 Hz
    const spec = spectrogram(tone(500, 0.5, 4000, sampleRate), sampleRate, { frameSize });
    expect(spec.bins).toBe(129);
    expect(spec.hop).toBe(64);
    expect(spec.frames).toBe(Math.floor((4000 - 256) / 64) + 1);
    expect(spec.db.length).toBe(spec.frames * spec.bins);
    for (let f = 0; f < spec.frames; f++) {
      const row = spec.db.subarray(f * spec.bins, (f + 1) * spec.bins);
      const peak = row.indexOf(Math.max(...row));
      expect(peak).toBe(bin);
      expect(row[bin]).toBeCloseTo(20 * Math.log10(0.5), 1); // -6 dB
      expect(row[bin + 4]).toBeLessThan(-60); // the Hann window leaks little
    }
  });

  it('silence reads the floor; a clip shorter than a frame gives one frame', () => {
    const spec = spectrogram(new Float32Array(100), 8000, { frameSize: 128, floorDb: -90 });
    expect(spec.frames).toBe(1);
    expect(Array.from(spec.db).every((v) => v === -90)).toBe(true);
  });

  it('rejects a frame size that is not a power of two', () => {
    expect(() => spectrogram(new Float32Array(10), 8000, { frameSize: 100 })).toThrow(
      /power of two/,
    );
  });
});

describe('spectrogramChart', () => {
  it('averages frames and bins into at most the given cells, on a heatmap of rects', () => {
    const spec = spectrogram(tone(1000, 1, 8000, 8000), 8000, { frameSize: 256, hop: 64 });
    const { cells, framesPerColumn, binsPerRow } = spectrogramCells(spec, 40, 33);
    expect(framesPerColumn).toBe(Math.ceil(spec.frames / 40));
    expect(binsPerRow).toBe(4);
    expect(cells.length).toBe(Math.ceil(spec.frames / framesPerColumn) * 33);
    const loudest = cells.reduce((a, b) => (b.db > a.db ? b : a));
    expect(loudest.r0).toBe(Math.floor(32 / binsPerRow)); // 1000 Hz is bin 32
    const chart = spectrogramChart(spec, { title: 'tone' }) as unknown as {
      mark: { type: string };
      encoding: { color: { scale: { domain: number[] } } };
      width: number;
    };
    expect(chart.mark.type).toBe('rect');
    expect(chart.encoding.color.scale.domain).toEqual([spec.floorDb, 0]);
    expect(chart.width).toBeLessThanOrEqual(640);
  });
});
