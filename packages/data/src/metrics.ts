import { assertPositiveInteger, SeqError } from '@seq/core';
import { readPair, readValues, type Values } from './read-values.js';

/**
 * Mean absolute error, `mean |y - ŷ|`.
 * @throws {@link @seq/core!index.SeqError} for lists of different lengths, empty lists or non-finite values.
 * @example
 * ```ts
 * mae([1, 2, 3], [1, 2, 5]); // 0.667
 * ```
 */
export function mae(yTrue: Values, yPred: Values): number {
  const [t, p] = readPair('mae', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < t.length; i++) sum += Math.abs((t[i] as number) - (p[i] as number));
  return sum / t.length;
}

/**
 * Mean squared error, `mean (y - ŷ)^2`.
 * @throws {@link @seq/core!index.SeqError} as {@link mae}.
 * @example
 * ```ts
 * mse([1, 2, 3], [1, 2, 5]); // 1.333
 * ```
 */
export function mse(yTrue: Values, yPred: Values): number {
  const [t, p] = readPair('mse', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < t.length; i++) sum += ((t[i] as number) - (p[i] as number)) ** 2;
  return sum / t.length;
}

/**
 * Root mean squared error, `sqrt(mse)`, in the units of the series.
 * @throws {@link @seq/core!index.SeqError} as {@link mae}.
 * @example
 * ```ts
 * rmse([1, 2, 3], [1, 2, 5]); // 1.155
 * ```
 */
export function rmse(yTrue: Values, yPred: Values): number {
  const [t, p] = readPair('rmse', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < t.length; i++) sum += ((t[i] as number) - (p[i] as number)) ** 2;
  return Math.sqrt(sum / t.length);
}

/**
 * Mean absolute percentage error, `100 mean |(y - ŷ) / y|`, in percent.
 * @throws {@link @seq/core!index.SeqError} as {@link mae}, and when a true value is 0 (MAPE is undefined there:
 *   use {@link smape} or {@link mase}).
 * @example
 * ```ts
 * mape([100, 200], [110, 180]); // 10
 * ```
 */
export function mape(yTrue: Values, yPred: Values): number {
  const [t, p] = readPair('mape', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < t.length; i++) {
    const y = t[i] as number;
    if (y === 0) {
      throw new SeqError({
        owner: 'mape',
        argument: 'yTrue',
        expected: 'non-zero values (use smape or mase where the series touches 0)',
        receivedDescription: `0 at index ${i}`,
      });
    }
    sum += Math.abs((y - (p[i] as number)) / y);
  }
  return (100 * sum) / t.length;
}

/**
 * Symmetric mean absolute percentage error, `100 mean 2|y - ŷ| / (|y| + |ŷ|)`, in percent, from 0 to
 * 200 (Hyndman and Koehler, 2006); a step where both are 0 counts as 0.
 * @throws {@link @seq/core!index.SeqError} as {@link mae}.
 * @example
 * ```ts
 * smape([100, 200], [110, 180]); // 10.03
 * ```
 */
export function smape(yTrue: Values, yPred: Values): number {
  const [t, p] = readPair('smape', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < t.length; i++) {
    const y = t[i] as number;
    const f = p[i] as number;
    const denominator = Math.abs(y) + Math.abs(f);
    if (denominator > 0) sum += (2 * Math.abs(y - f)) / denominator;
  }
  return (100 * sum) / t.length;
}

/** Options of {@link mase}. */
export interface MaseOptions {
  /** The training series, whose in-sample (seasonal) naive forecast error is the scale. */
  train: Values;
  /** The seasonal period `m` of the naive forecast in the scale (1: the previous value). @defaultValue `1` */
  period?: number;
}

/**
 * Mean absolute scaled error (Hyndman and Koehler, 2006): the MAE of the forecasts divided by the MAE
 * of the in-sample (seasonal) naive forecast on the training series. Below 1, the forecasts beat
 * the naive method on average.
 * @throws {@link @seq/core!index.SeqError} as {@link mae}, and when the training series is shorter than `period + 1`
 *   or constant (its naive error, the scale, is 0).
 * @example
 * ```ts
 * mase([5, 6], [5.5, 6.5], { train: [1, 2, 3, 4] }); // 0.5
 * ```
 */
export function mase(yTrue: Values, yPred: Values, options: MaseOptions): number {
  const [t, p] = readPair('mase', yTrue, yPred);
  const period = assertPositiveInteger('mase', 'period', options?.period ?? 1);
  const train = readValues('mase', 'train', options?.train, period + 1);
  let scale = 0;
  for (let i = period; i < train.length; i++)
    scale += Math.abs((train[i] as number) - (train[i - period] as number));
  scale /= train.length - period;
  if (scale === 0) {
    throw new SeqError({
      owner: 'mase',
      argument: 'train',
      expected: 'a series whose naive forecast makes some error (not constant)',
      receivedDescription: 'a naive-forecast MAE of 0',
    });
  }
  let sum = 0;
  for (let i = 0; i < t.length; i++) sum += Math.abs((t[i] as number) - (p[i] as number));
  return sum / t.length / scale;
}
