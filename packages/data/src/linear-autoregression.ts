import {
  assertBoolean,
  assertNonNegativeInteger,
  assertPositiveInteger,
  SeqError,
} from '@seq/core';
import { readValues, type Values } from './read-values.js';

const OWNER = 'fitLinearAutoregression';

/** Options of {@link fitLinearAutoregression}. */
export interface LinearAutoregressionOptions {
  /** How many past values each forecast uses (`p` in AR(p)). */
  order: number;
  /** Whether to fit a constant term. @defaultValue `true` */
  intercept?: boolean;
}

/** A fitted AR(p) model, `ŷ[t] = c + a1 y[t-1] + ... + ap y[t-p]`. */
export interface LinearAutoregression {
  /** `p`. */
  readonly order: number;
  /** `[a1, ..., ap]`: the weight of the value 1, ..., p steps back. */
  readonly coefficients: readonly number[];
  /** `c` (0 without an intercept). */
  readonly intercept: number;
  /**
   * One-step forecasts of steps `start .. series.length - 1`, each from the `p` true values before it.
   * @param start - First step forecast. @defaultValue `order`
   */
  predict(series: Values, start?: number): Float64Array;
  /** Forecasts `steps` values after `history`, feeding each forecast back as the next input. */
  forecast(history: Values, steps: number): Float64Array;
}

/** Solves `A x = b` (A square, row-major) by Gaussian elimination with partial pivoting. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  // Scale rows and columns to a unit diagonal (Jacobi), so that a series' scale does not matter:
  // A' = D^-1/2 A D^-1/2, b' = D^-1/2 b, and x = D^-1/2 x'.
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const diagonal = a[i * n + i] as number;
    if (!(diagonal > 0)) return null;
    d[i] = Math.sqrt(diagonal);
  }
  for (let i = 0; i < n; i++) {
    b[i] = (b[i] as number) / (d[i] as number);
    for (let j = 0; j < n; j++)
      a[i * n + j] = (a[i * n + j] as number) / ((d[i] as number) * (d[j] as number));
  }
  const tolerance = 1e-10;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(a[r * n + col] as number) > Math.abs(a[pivot * n + col] as number)) pivot = r;
    if (!(Math.abs(a[pivot * n + col] as number) > tolerance)) return null;
    if (pivot !== col) {
      for (let c = 0; c < n; c++) {
        const tmp = a[col * n + c] as number;
        a[col * n + c] = a[pivot * n + c] as number;
        a[pivot * n + c] = tmp;
      }
      const tmp = b[col] as number;
      b[col] = b[pivot] as number;
      b[pivot] = tmp;
    }
    for (let r = col + 1; r < n; r++) {
      const f = (a[r * n + col] as number) / (a[col * n + col] as number);
      for (let c = col; c < n; c++)
        a[r * n + c] = (a[r * n + c] as number) - f * (a[col * n + c] as number);
      b[r] = (b[r] as number) - f * (b[col] as number);
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r] as number;
    for (let c = r + 1; c < n; c++) s -= (a[r * n + c] as number) * (x[c] as number);
    x[r] = s / (a[r * n + r] as number);
  }
  for (let i = 0; i < n; i++) x[i] = (x[i] as number) / (d[i] as number);
  return x;
}

/**
 * Fits a linear autoregression AR(p) to a training series by ordinary least squares (the normal
 * equations, solved in float64): the "linear model" baseline of chapter 15, which an RNN should beat
 * before it is worth its cost.
 *
 * @param train - The training part of the series, `[time]`.
 * @throws {@link @seq/core!index.SeqError} for a bad `order`, a series too short to fit it (at least `2p + 1` values),
 *   non-finite values, or a degenerate (e.g. constant) series.
 * @example
 * ```ts
 * const ar = fitLinearAutoregression(train, { order: 2 });
 * ar.coefficients; // [a1, a2]
 * const oneStep = ar.predict(test); // forecasts of test[2..]
 * ```
 */
export function fitLinearAutoregression(
  train: Values,
  options: LinearAutoregressionOptions,
): LinearAutoregression {
  const order = assertPositiveInteger(OWNER, 'order', options?.order);
  const withIntercept = assertBoolean(OWNER, 'intercept', options.intercept ?? true);
  const y = readValues(OWNER, 'train', train, 2 * order + 1);
  const k = order + (withIntercept ? 1 : 0);
  // Normal equations: (X^T X) beta = X^T y, with rows x_t = [y[t-1], ..., y[t-p], 1].
  const xtx = new Float64Array(k * k);
  const xty = new Float64Array(k);
  const row = new Float64Array(k);
  for (let t = order; t < y.length; t++) {
    for (let i = 0; i < order; i++) row[i] = y[t - 1 - i] as number;
    if (withIntercept) row[order] = 1;
    for (let i = 0; i < k; i++) {
      xty[i] = (xty[i] as number) + (row[i] as number) * (y[t] as number);
      for (let j = 0; j < k; j++)
        xtx[i * k + j] = (xtx[i * k + j] as number) + (row[i] as number) * (row[j] as number);
    }
  }
  const beta = solve(xtx, xty, k);
  if (beta === null) {
    throw new SeqError({
      owner: OWNER,
      argument: 'train',
      expected: 'a series that determines the coefficients (not constant)',
      receivedDescription: 'a singular system',
    });
  }
  const coefficients = Array.from(beta.subarray(0, order));
  const intercept = withIntercept ? (beta[order] as number) : 0;
  const next = (history: ArrayLike<number>, t: number) => {
    let s = intercept;
    for (let i = 0; i < order; i++)
      s += (coefficients[i] as number) * (history[t - 1 - i] as number);
    return s;
  };
  return {
    order,
    coefficients,
    intercept,
    predict(series: Values, start = order): Float64Array {
      const values = readValues('LinearAutoregression.predict', 'series', series, order + 1);
      assertNonNegativeInteger('LinearAutoregression.predict', 'start', start);
      if (start < order || start >= values.length) {
        throw new SeqError({
          owner: 'LinearAutoregression.predict',
          argument: 'start',
          expected: `a step in [${order}, ${values.length})`,
          received: start,
        });
      }
      return Float64Array.from({ length: values.length - start }, (_, i) =>
        next(values, start + i),
      );
    },
    forecast(history: Values, steps: number): Float64Array {
      const values = readValues('LinearAutoregression.forecast', 'history', history, order);
      assertPositiveInteger('LinearAutoregression.forecast', 'steps', steps);
      const buffer = new Float64Array(values.length + steps);
      buffer.set(values);
      for (let t = values.length; t < buffer.length; t++) buffer[t] = next(buffer, t);
      return buffer.slice(values.length);
    },
  };
}
