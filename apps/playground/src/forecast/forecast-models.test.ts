import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildForecaster, FORECAST_MODELS, forecasterShape } from './forecast-models.js';

describe('buildForecaster', () => {
  for (const name of FORECAST_MODELS) {
    it(`builds ${name}: windows [B, T, 1] in, [B, horizon] out, and trains a step`, async () => {
      const model = buildForecaster(name, {
        inputSteps: 12,
        horizon: 3,
        learningRate: 0.01,
        seed: 1,
      });
      const x = tf.randomNormal([4, 12, 1], 0, 1, 'float32', 1);
      const y = tf.randomNormal([4, 3], 0, 1, 'float32', 2);
      const out = model.predict(x) as tf.Tensor;
      expect(out.shape).toEqual([4, 3]);
      const loss = (await model.trainOnBatch(x, y)) as number;
      expect(Number.isFinite(loss)).toBe(true);
      expect(forecasterShape(model)).toEqual({ inputSteps: 12, horizon: 3, sequenceOutput: false });
      tf.dispose([x, y, out]);
      model.dispose();
    });
  }

  it('gives the same weights for the same seed', () => {
    const a = buildForecaster('gru', { inputSteps: 5, horizon: 1, learningRate: 0.01, seed: 3 });
    const b = buildForecaster('gru', { inputSteps: 5, horizon: 1, learningRate: 0.01, seed: 3 });
    const [wa, wb] = [a.getWeights()[0], b.getWeights()[0]] as tf.Tensor[];
    expect(Array.from((wa as tf.Tensor).dataSync())).toEqual(
      Array.from((wb as tf.Tensor).dataSync()),
    );
    a.dispose();
    b.dispose();
  });
});

describe('forecasterShape', () => {
  it('reads a sequence-to-sequence forecaster', () => {
    const input = tf.input({ shape: [8, 1] });
    const output = tf.layers.dense({ units: 4 }).apply(input) as tf.SymbolicTensor; // [B, 8, 4]
    const model = tf.model({ inputs: input, outputs: output });
    expect(forecasterShape(model)).toEqual({ inputSteps: 8, horizon: 4, sequenceOutput: true });
    model.dispose();
  });

  it('rejects a model that does not read one-feature windows', () => {
    const input = tf.input({ shape: [8, 2] });
    const model = tf.model({
      inputs: input,
      outputs: tf.layers.flatten().apply(input) as tf.SymbolicTensor,
    });
    expect(() => forecasterShape(model)).toThrow(
      'A forecaster reads windows [batch, steps, 1]; this model reads [[null,8,2]].',
    );
    model.dispose();
  });

  it('rejects a model whose output is not a forecast', () => {
    const input = tf.input({ shape: [8, 1] });
    const output = tf.layers.reshape({ targetShape: [2, 2, 2] }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    expect(() => forecasterShape(model)).toThrow(
      'A forecaster outputs [batch, horizon] or [batch, steps, horizon]; this model outputs [null,2,2,2].',
    );
    model.dispose();
  });
});
