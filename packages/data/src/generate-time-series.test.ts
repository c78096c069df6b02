import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { generateTimeSeries } from './generate-time-series.js';

describe('generateTimeSeries', () => {
  it("gives [batch, steps, 1] series of Géron's form, reproducibly", () => {
    const a = generateTimeSeries(64, 50, { seed: 42 });
    const b = generateTimeSeries(64, 50, { seed: 42 });
    const c = generateTimeSeries(64, 50, { seed: 43 });
    expect(a.shape).toEqual([64, 50, 1]);
    expect(a.dtype).toBe('float32');
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    // Two sines of amplitude 0.5 and 0.2 plus noise in [-0.05, 0.05): |x| < 0.75.
    const max = a.abs().max();
    expect(max.dataSync()[0]).toBeLessThan(0.75);
    // Smooth: consecutive steps differ little next to the amplitude.
    const steps = tf.tidy(() =>
      a
        .slice([0, 1, 0], [-1, 49, 1])
        .sub(a.slice([0, 0, 0], [-1, 49, 1]))
        .abs()
        .mean(),
    );
    expect(steps.dataSync()[0]).toBeLessThan(0.15);
    tf.dispose([a, b, c, max, steps]);
  });

  it('rejects bad sizes', () => {
    expect(() => generateTimeSeries(0, 10)).toThrow(
      'generateTimeSeries: `batchSize` must be a positive integer; received 0.',
    );
    expect(() => generateTimeSeries(1, 2.5)).toThrow(
      'generateTimeSeries: `nSteps` must be a positive integer; received 2.5.',
    );
  });
});
