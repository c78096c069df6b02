import type { ChartPoint } from '../chart-point.js';
import type { ForecastData } from './forecast-data.js';

/**
 * The points of one test window, in the series' units: the input window, then the truth and the
 * forecast that follow it (each starting from the last input value, so the lines join), and the
 * naive forecast.
 *
 * @param forecast - The model's `horizon` forecasts of this window (scaled), or `null` before
 *   there is a model.
 */
export function forecastPoints(
  data: ForecastData,
  window: number,
  forecast: ArrayLike<number> | null,
): ChartPoint[] {
  const { inputSteps, horizon, test, std, mean } = data;
  const unscale = (v: number) => v * std + mean;
  const inputs = test.inputs.subarray(window * inputSteps, (window + 1) * inputSteps);
  const future = test.future.subarray(window * horizon, (window + 1) * horizon);
  const last = inputs[inputSteps - 1] as number;
  const points: ChartPoint[] = Array.from(inputs, (v, t) => ({
    x: t,
    y: unscale(v),
    series: 'input',
  }));
  const ahead = (values: ArrayLike<number>, series: string) => [
    { x: inputSteps - 1, y: unscale(last), series },
    ...Array.from(values, (v, i) => ({ x: inputSteps + i, y: unscale(v), series })),
  ];
  points.push(...ahead(future, 'truth'));
  points.push(...ahead(new Float32Array(horizon).fill(last), 'naive'));
  if (forecast) points.push(...ahead(forecast, 'forecast'));
  return points;
}
