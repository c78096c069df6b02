import { describe, expect, it } from 'vitest';
import type { ForecastData } from './forecast-data.js';
import { forecastPoints } from './forecast-points.js';

const data: ForecastData = {
  source: 'test',
  inputSteps: 2,
  horizon: 1,
  train: { inputs: new Float32Array(), future: new Float32Array(), count: 0 },
  valid: { inputs: new Float32Array(), future: new Float32Array(), count: 0 },
  test: { inputs: Float32Array.from([1, 2, 3, 4]), future: Float32Array.from([3, 5]), count: 2 },
  std: 10,
  mean: 100,
};

describe('forecastPoints', () => {
  it('draws a window, the truth, the naive forecast and the model’s, unscaled and joined', () => {
    expect(forecastPoints(data, 1, [6])).toEqual([
      { x: 0, y: 130, series: 'input' },
      { x: 1, y: 140, series: 'input' },
      { x: 1, y: 140, series: 'truth' },
      { x: 2, y: 150, series: 'truth' },
      { x: 1, y: 140, series: 'naive' },
      { x: 2, y: 140, series: 'naive' },
      { x: 1, y: 140, series: 'forecast' },
      { x: 2, y: 160, series: 'forecast' },
    ]);
  });

  it('has no forecast line before there is a model', () => {
    expect(forecastPoints(data, 0, null).some((p) => p.series === 'forecast')).toBe(false);
  });
});
