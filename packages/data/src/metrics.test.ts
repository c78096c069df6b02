import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mae, mape, mase, mse, rmse, smape } from './metrics.js';

// References computed with numpy from the definitions (scikit-learn's documented example data).
const yTrue = [3, -0.5, 2, 7];
const yPred = [2.5, 0.0, 2, 8];
const train = [1, 3, 2, 5, 4, 6, 5, 8];

describe('metrics', () => {
  it('match numpy references', () => {
    expect(mae(yTrue, yPred)).toBeCloseTo(0.5, 12);
    expect(mse(yTrue, yPred)).toBeCloseTo(0.375, 12);
    expect(rmse(yTrue, yPred)).toBeCloseTo(0.6123724356957945, 12);
    expect(mape(yTrue, yPred)).toBeCloseTo(32.73809523809524, 10);
    expect(smape(yTrue, yPred)).toBeCloseTo(57.878787878787875, 10);
    expect(mase(yTrue, yPred, { train })).toBeCloseTo(0.2692307692307692, 12);
    expect(mase(yTrue, yPred, { train, period: 2 })).toBeCloseTo(1 / 3, 12);
  });

  it('take tensors and typed arrays, and are zero for perfect forecasts', () => {
    const t = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    expect(mae(t, new Float32Array([1, 2, 3, 5]))).toBe(0.25);
    expect(rmse([1, 2], [1, 2])).toBe(0);
    expect(smape([0, 1], [0, 1])).toBe(0); // 0/0 steps count as 0
    t.dispose();
  });

  it('reject mismatched, empty or non-finite input, zeros for MAPE and a constant MASE scale', () => {
    expect(() => mae([1, 2], [1])).toThrow(
      'mae: `yPred` must be as many values as yTrue (2); received 1.',
    );
    expect(() => mse([], [])).toThrow('mse: `yTrue` must be at least 1 value(s); received 0.');
    expect(() => rmse([1, Number.NaN], [1, 2])).toThrow(
      'rmse: `yTrue` must be finite numbers; received NaN at index 1.',
    );
    expect(() => smape('12' as never, [1])).toThrow(
      'smape: `yTrue` must be an array, a typed array or a tensor of numbers; received "12".',
    );
    expect(() => mape([1, 0], [1, 1])).toThrow(
      'mape: `yTrue` must be non-zero values (use smape or mase where the series touches 0); received 0 at index 1.',
    );
    expect(() => mase([1], [1], { train: [2, 2, 2] })).toThrow(
      'mase: `train` must be a series whose naive forecast makes some error (not constant); received a naive-forecast MAE of 0.',
    );
    expect(() => mase([1], [1], { train: [1, 2], period: 2 })).toThrow(
      'mase: `train` must be at least 3 value(s); received 2.',
    );
    expect(() => mase([1], [1], { train: [1, 2, 3], period: 0 })).toThrow(
      'mase: `period` must be a positive integer; received 0.',
    );
  });
});
