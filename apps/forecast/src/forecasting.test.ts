import { SeededRandom } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  estimateSeason,
  type ForecastData,
  syntheticData,
  type WindowSet,
} from './forecast-data.js';
import { buildModel, MODEL_NAMES, outputSteps, SEQUENCE_MODELS } from './forecast-models.js';
import { forecastHorizon, naiveHorizon, seasonalNaiveHorizon, targetsOf } from './forecasting.js';

/** Windows of a series with period `period`: [count, steps + horizon] rows cut from one long series. */
function periodic(period: number, steps: number, horizon: number, count: number): ForecastData {
  const random = new SeededRandom(3);
  const rows = steps + horizon;
  const inputs = new Float32Array(count * steps);
  const future = new Float32Array(count * horizon);
  for (let w = 0; w < count; w++) {
    for (let t = 0; t < rows; t++) {
      const v = Math.sin((2 * Math.PI * (w + t)) / period) + 0.05 * random.nextNormal();
      if (t < steps) inputs[w * steps + t] = v;
      else future[w * horizon + t - steps] = v;
    }
  }
  const set: WindowSet = { inputs, future, count };
  return {
    source: 'test',
    inputSteps: steps,
    horizon,
    train: set,
    valid: set,
    test: set,
    std: 1,
    mean: 0,
  };
}

describe('baselines and season', () => {
  it('estimates the period of a seasonal series, and 1 for a trend', () => {
    expect(estimateSeason(periodic(12, 50, 10, 40).train, 50)).toBe(12);
    expect(estimateSeason(periodic(7, 30, 5, 40).train, 30)).toBe(7);
    const trend: WindowSet = {
      inputs: Float32Array.from({ length: 200 }, (_, i) => i % 50),
      future: new Float32Array(40),
      count: 4,
    };
    expect(estimateSeason(trend, 50)).toBe(1);
  });

  it('the naive forecast repeats the last value; the seasonal one repeats the last season', () => {
    const data = periodic(4, 8, 6, 1);
    const x = Array.from(data.test.inputs);
    expect(Array.from(naiveHorizon(data.test, data))).toEqual(Array(6).fill(x[7]));
    // x[T + k - 4 ceil(k / 4)] for k = 1..6: x[4], x[5], x[6], x[7], x[4], x[5]
    expect(Array.from(seasonalNaiveHorizon(data.test, data, 4))).toEqual([
      x[4],
      x[5],
      x[6],
      x[7],
      x[4],
      x[5],
    ]);
  });
});

describe('targets and forecasts', () => {
  it('sequence-to-sequence targets hold the horizon after every output step (cnn-gru: after 2j + 3)', () => {
    const data = syntheticData({ series: 3, inputSteps: 12, horizon: 3, seed: 1 });
    const whole = (i: number) => [
      ...data.train.inputs.subarray(i * 12, (i + 1) * 12),
      ...data.train.future.subarray(i * 3, (i + 1) * 3),
    ];
    const gru = targetsOf(data.train, data, 'seq2seq', 'gru');
    expect(gru.shape).toEqual([2, 12, 3]);
    expect(Array.from(gru.arraySync() as number[][][])[1]?.[4]).toEqual(whole(1).slice(5, 8));
    const cnn = targetsOf(data.train, data, 'seq2seq', 'cnn-gru');
    expect(cnn.shape).toEqual([2, outputSteps('cnn-gru', 12), 3]);
    expect((cnn.arraySync() as number[][][])[0]?.[2]).toEqual(whole(0).slice(8, 11)); // j = 2: after step 7
    expect(targetsOf(data.train, data, 'one-step', 'gru').shape).toEqual([2, 1]);
    expect(targetsOf(data.train, data, 'direct', 'gru').shape).toEqual([2, 3]);
    tf.dispose([gru, cnn]);
  });

  it('every model builds for every strategy it supports, with the right output shape, and is reproducible', () => {
    for (const name of MODEL_NAMES) {
      for (const strategy of ['one-step', 'direct', 'seq2seq'] as const) {
        if (strategy === 'seq2seq' && !SEQUENCE_MODELS.includes(name)) continue;
        const outputs = strategy === 'one-step' ? 1 : 5;
        const options = {
          inputSteps: 16,
          outputs,
          sequenceOutput: strategy === 'seq2seq',
          seed: 7,
          learningRate: 0.01,
        };
        const a = buildModel(name, options);
        const b = buildModel(name, options);
        const expected =
          strategy === 'seq2seq' ? [null, outputSteps(name, 16), outputs] : [null, outputs];
        expect(a.outputs[0]?.shape, `${name} ${strategy}`).toEqual(expected);
        const wa = a.getWeights().map((w) => Array.from(w.dataSync()));
        expect(
          b.getWeights().map((w) => Array.from(w.dataSync())),
          `${name} ${strategy} seeded`,
        ).toEqual(wa);
        a.dispose();
        b.dispose();
      }
    }
  });

  it('the iterative forecast feeds each forecast back as the newest input, and leaks nothing', () => {
    const data = syntheticData({ series: 4, inputSteps: 6, horizon: 3, seed: 2 });
    const model = buildModel('linear', {
      inputSteps: 6,
      outputs: 1,
      sequenceOutput: false,
      seed: 1,
      learningRate: 0.01,
    });
    const before = tf.memory().numTensors;
    const forecasts = forecastHorizon(model, 'one-step', data.train, data);
    expect(tf.memory().numTensors).toBe(before);
    const [w, b] = model.getWeights().map((t) => Array.from(t.dataSync())) as [number[], number[]];
    const window = Array.from(data.train.inputs.subarray(6, 12)); // second window
    const expected: number[] = [];
    for (let k = 0; k < 3; k++) {
      const next = window.reduce((sum, v, i) => sum + v * (w[i] as number), b[0] as number);
      expected.push(next);
      window.shift();
      window.push(next);
    }
    for (const [k, v] of Array.from(forecasts.subarray(3, 6)).entries()) {
      expect(v).toBeCloseTo(expected[k] as number, 4);
    }
    model.dispose();
  });
});
