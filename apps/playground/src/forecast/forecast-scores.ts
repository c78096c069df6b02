import { mae, mse } from '@seq/data';
import type { ForecastData, WindowSet } from './forecast-data.js';

/** The naive forecasts of windows: each window's last value, repeated over the horizon. */
export function lastValueForecasts(windows: WindowSet, inputSteps: number, horizon: number) {
  const out = new Float32Array(windows.count * horizon);
  for (let w = 0; w < windows.count; w++) {
    out.fill(windows.inputs[(w + 1) * inputSteps - 1] as number, w * horizon, (w + 1) * horizon);
  }
  return out;
}

/** Errors of a forecaster and of the naive forecast on the test windows, in the series' units. */
export interface ForecastScores {
  modelMse: number;
  modelMae: number;
  naiveMse: number;
  naiveMae: number;
}

/**
 * Scores forecasts `[count, horizon]` (scaled, as the model outputs them) of the test windows
 * against the truth, next to the naive forecast, with `@seq/data`'s `mse` and `mae`, in the units
 * of the series (the scaling undone).
 */
export function scoreForecasts(data: ForecastData, forecasts: Float32Array): ForecastScores {
  const { test, inputSteps, horizon, std } = data;
  const naive = lastValueForecasts(test, inputSteps, horizon);
  return {
    modelMse: mse(test.future, forecasts) * std * std,
    modelMae: mae(test.future, forecasts) * std,
    naiveMse: mse(test.future, naive) * std * std,
    naiveMae: mae(test.future, naive) * std,
  };
}

/** Formats a number with four significant digits, for the page. */
export function formatScore(value: number): string {
  return Number.isFinite(value) ? value.toPrecision(4) : String(value);
}
