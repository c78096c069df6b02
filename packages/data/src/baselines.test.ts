import { SeededRandom } from '@seq/core';
import { describe, expect, it } from 'vitest';
import { fitLinearAutoregression } from './linear-autoregression.js';
import { naiveForecast, seasonalNaiveForecast } from './naive-forecast.js';

describe('naiveForecast and seasonalNaiveForecast', () => {
  it('repeat the last value, or the value one season back, horizon steps ahead', () => {
    expect(Array.from(naiveForecast([1, 2, 3, 4]))).toEqual([1, 2, 3]);
    expect(Array.from(naiveForecast([1, 2, 3, 4], { start: 2 }))).toEqual([2, 3]);
    expect(Array.from(naiveForecast([1, 2, 3, 4, 5], { horizon: 3 }))).toEqual([1, 2]);
    expect(Array.from(seasonalNaiveForecast([1, 5, 2, 6, 3, 7], { period: 2, start: 4 }))).toEqual([
      2, 6,
    ]);
    // A horizon longer than the period looks back whole seasons: ceil(3 / 2) = 2 seasons.
    expect(
      Array.from(seasonalNaiveForecast([1, 5, 2, 6, 3, 7], { period: 2, horizon: 3 })),
    ).toEqual([1, 5]);
  });

  it('reject a start without enough history, and bad periods', () => {
    expect(() => naiveForecast([1, 2, 3], { start: 0 })).toThrow(
      'naiveForecast: `start` must be a step in [1, 3) (enough history before it, and inside the series); received 0.',
    );
    expect(() => naiveForecast([1, 2, 3], { horizon: 0 })).toThrow(
      'naiveForecast: `horizon` must be a positive integer; received 0.',
    );
    expect(() => seasonalNaiveForecast([1, 2, 3], { period: 3 })).toThrow(
      'seasonalNaiveForecast: `start` must be a step in [3, 3) (enough history before it, and inside the series); received 3.',
    );
    expect(() => seasonalNaiveForecast([1, 2, 3], { period: 1.5 })).toThrow(
      'seasonalNaiveForecast: `period` must be a positive integer; received 1.5.',
    );
  });
});

describe('fitLinearAutoregression', () => {
  const series = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7];

  it('matches numpy least squares, with and without an intercept', () => {
    const ar = fitLinearAutoregression(series, { order: 2 });
    expect(ar.coefficients[0]).toBeCloseTo(0.14655884, 7);
    expect(ar.coefficients[1]).toBeCloseTo(0.07014359, 7);
    expect(ar.intercept).toBeCloseTo(4.32101007, 7);
    const noIntercept = fitLinearAutoregression(series, { order: 2, intercept: false });
    expect(noIntercept.coefficients[0]).toBeCloseTo(0.52606957, 7);
    expect(noIntercept.coefficients[1]).toBeCloseTo(0.49203954, 7);
    expect(noIntercept.intercept).toBe(0);
  });

  it('recovers the coefficients of a noisy AR(2) process, and predicts and forecasts with them', () => {
    const random = new SeededRandom(3);
    const y = [0, 0];
    for (let t = 2; t < 5000; t++)
      y.push(
        0.5 + 1.6 * (y[t - 1] as number) - 0.8 * (y[t - 2] as number) + random.nextNormal(0, 0.1),
      );
    const ar = fitLinearAutoregression(y, { order: 2 });
    expect(ar.coefficients[0]).toBeCloseTo(1.6, 1);
    expect(ar.coefficients[1]).toBeCloseTo(-0.8, 1);
    expect(ar.intercept).toBeCloseTo(0.5, 1);
    const oneStep = ar.predict([1, 2, 3]);
    expect(oneStep[0]).toBeCloseTo(
      ar.intercept + (ar.coefficients[0] as number) * 2 + (ar.coefficients[1] as number) * 1,
      12,
    );
    const future = ar.forecast([1, 2], 2);
    const first =
      ar.intercept + (ar.coefficients[0] as number) * 2 + (ar.coefficients[1] as number) * 1;
    expect(future[0]).toBeCloseTo(first, 12);
    expect(future[1]).toBeCloseTo(
      ar.intercept + (ar.coefficients[0] as number) * first + (ar.coefficients[1] as number) * 2,
      12,
    );
  });

  it('fits a series at any scale (the singularity test is relative)', () => {
    const tiny = series.map((v) => v * 1e-7);
    const ar = fitLinearAutoregression(tiny, { order: 2 });
    expect(ar.coefficients[0]).toBeCloseTo(0.14655884, 5);
    expect(ar.intercept).toBeCloseTo(4.32101007e-7, 12);
  });

  it('rejects too short or degenerate series and bad arguments', () => {
    expect(() => fitLinearAutoregression([1, 2, 3, 4], { order: 2 })).toThrow(
      'fitLinearAutoregression: `train` must be at least 5 value(s); received 4.',
    );
    expect(() => fitLinearAutoregression([2, 2, 2, 2, 2, 2], { order: 1 })).toThrow(
      'fitLinearAutoregression: `train` must be a series that determines the coefficients (not constant); received a singular system.',
    );
    expect(() => fitLinearAutoregression(series, { order: 0 })).toThrow(
      'fitLinearAutoregression: `order` must be a positive integer; received 0.',
    );
    const ar = fitLinearAutoregression(series, { order: 2 });
    expect(() => ar.predict([1, 2, 3], 1)).toThrow(
      'LinearAutoregression.predict: `start` must be a step in [2, 3); received 1.',
    );
    expect(() => ar.forecast([1], 3)).toThrow(
      'LinearAutoregression.forecast: `history` must be at least 2 value(s); received 1.',
    );
    expect(() => ar.forecast([1, 2], 0)).toThrow(
      'LinearAutoregression.forecast: `steps` must be a positive integer; received 0.',
    );
  });
});
