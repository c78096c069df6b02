import { describe, expect, it } from 'vitest';
import type { ForecastData } from './forecast-data.js';
import { formatScore, lastValueForecasts, scoreForecasts } from './forecast-scores.js';

/** Two test windows of 3 steps, 2 ahead, scaled by 2 around 10. */
const data: ForecastData = {
  source: 'test',
  inputSteps: 3,
  horizon: 2,
  train: { inputs: new Float32Array(), future: new Float32Array(), count: 0 },
  valid: { inputs: new Float32Array(), future: new Float32Array(), count: 0 },
  test: {
    inputs: Float32Array.from([0, 1, 2, 5, 4, 3]),
    future: Float32Array.from([3, 4, 2, 1]),
    count: 2,
  },
  std: 2,
  mean: 10,
};

describe('lastValueForecasts', () => {
  it('repeats each window’s last value', () => {
    expect(Array.from(lastValueForecasts(data.test, 3, 2))).toEqual([2, 2, 3, 3]);
  });
});

describe('scoreForecasts', () => {
  it('scores the model and the naive forecast in the series’ units', () => {
    const scores = scoreForecasts(data, Float32Array.from([3, 4, 2, 2]));
    // Errors (scaled): model 0, 0, 0, 1; naive 1, 2, 1, 2; times std 2.
    expect(scores.modelMse).toBeCloseTo((1 / 4) * 4, 10);
    expect(scores.modelMae).toBeCloseTo((1 / 4) * 2, 10);
    expect(scores.naiveMse).toBeCloseTo((10 / 4) * 4, 10);
    expect(scores.naiveMae).toBeCloseTo((6 / 4) * 2, 10);
  });
});

describe('formatScore', () => {
  it('keeps four significant digits', () => {
    expect(formatScore(0.0123456)).toBe('0.01235');
    expect(formatScore(Number.NaN)).toBe('NaN');
  });
});
