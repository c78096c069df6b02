import { assertNonNegativeInteger, assertPositiveInteger, SeqError } from '@seq/core';
import { readValues, type Values } from './read-values.js';

/** Options of {@link naiveForecast} and {@link seasonalNaiveForecast}. */
export interface NaiveForecastOptions {
  /** Forecast steps ahead: the value at `t` is forecast from what was known at `t - horizon`. @defaultValue `1` */
  horizon?: number;
  /** First step forecast (forecasts cover `start .. end`). @defaultValue the first step with enough history */
  start?: number;
}

function forecastFromLag(
  owner: string,
  series: Values,
  lag: number,
  options: NaiveForecastOptions,
): Float64Array {
  const y = readValues(owner, 'series', series);
  const start = assertNonNegativeInteger(owner, 'start', options.start ?? lag);
  if (start < lag || start >= y.length) {
    throw new SeqError({
      owner,
      argument: 'start',
      expected: `a step in [${lag}, ${y.length}) (enough history before it, and inside the series)`,
      received: start,
    });
  }
  return y.subarray(start - lag, y.length - lag).slice();
}

/**
 * The naive forecast, the baseline every model must beat: the value `horizon` steps ahead is the
 * last value seen, `ŷ[t] = y[t - horizon]`.
 *
 * @param series - `[time]`, the whole series (history and the part to forecast).
 * @returns the forecasts of steps `start .. series.length - 1`.
 * @throws {@link @seq/core!index.SeqError} for a bad `horizon`, a `start` without enough history, or a non-finite series.
 * @example
 * ```ts
 * naiveForecast([1, 2, 3, 4], { start: 2 }); // Float64Array [2, 3]
 * ```
 */
export function naiveForecast(series: Values, options: NaiveForecastOptions = {}): Float64Array {
  const horizon = assertPositiveInteger('naiveForecast', 'horizon', options.horizon ?? 1);
  return forecastFromLag('naiveForecast', series, horizon, options);
}

/** Options of {@link seasonalNaiveForecast}. */
export interface SeasonalNaiveForecastOptions extends NaiveForecastOptions {
  /** The season's length in steps (12 for monthly data with a yearly cycle, 24 for hourly data with a daily one). */
  period: number;
}

/**
 * The seasonal naive forecast: the value at `t` is the value one season earlier that was already
 * known `horizon` steps before, `ŷ[t] = y[t - m * ceil(horizon / m)]`.
 *
 * @returns the forecasts of steps `start .. series.length - 1`.
 * @throws {@link @seq/core!index.SeqError} as {@link naiveForecast}, and for a `period` that is not a positive integer.
 * @example
 * ```ts
 * seasonalNaiveForecast([1, 5, 2, 6, 3, 7], { period: 2, start: 4 }); // Float64Array [2, 6]
 * ```
 */
export function seasonalNaiveForecast(
  series: Values,
  options: SeasonalNaiveForecastOptions,
): Float64Array {
  const period = assertPositiveInteger('seasonalNaiveForecast', 'period', options?.period);
  const horizon = assertPositiveInteger('seasonalNaiveForecast', 'horizon', options.horizon ?? 1);
  return forecastFromLag(
    'seasonalNaiveForecast',
    series,
    period * Math.ceil(horizon / period),
    options,
  );
}
