import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { type BuildOptions, buildModel, encodeTargets, encodeWindows } from './nabiya-model.js';

const options: BuildOptions = {
  model: 'lstm',
  units: 6,
  window: 4,
  encoding: 'scaled',
  seed: 7,
  learningRate: 0.001,
};

function weightsOf(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

describe('buildModel', () => {
  it('is one LSTM layer and a softmax over the 14 notes, seeded: the same seed, the same weights', () => {
    const a = buildModel(options);
    const b = buildModel(options);
    const c = buildModel({ ...options, seed: 8 });
    expect(a.layers.map((l) => l.getClassName())).toEqual(['seq.LSTM', 'Dense']);
    expect(a.outputs[0]?.shape).toEqual([null, 14]);
    // LSTM: 4 gates x (1 input + 6 recurrent + 1 bias) x 6 units; dense: (6 + 1) x 14.
    expect(a.countParams()).toBe(4 * 6 * (1 + 6 + 1) + 7 * 14);
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(weightsOf(a)).not.toEqual(weightsOf(c));
    for (const m of [a, b, c]) m.dispose();
  });

  it('builds the stateful model with a batch of 1 and one-hot inputs', () => {
    const model = buildModel({ ...options, model: 'stateful', encoding: 'one-hot' });
    expect(model.inputs[0]?.shape).toEqual([1, 4, 14]);
    expect(model.layers[0]?.stateful).toBe(true);
    model.dispose();
  });
});

describe('encodeWindows and encodeTargets', () => {
  it('scale the indices by 13, or one-hot them: [batch, time, features]', () => {
    const before = tf.memory().numTensors;
    const scaled = encodeWindows(
      [
        [11, 9, 2, 10],
        [0, 13, 1, 2],
      ],
      'scaled',
    );
    expect(scaled.shape).toEqual([2, 4, 1]);
    expect(Array.from(scaled.dataSync())).toEqual(
      [11, 9, 2, 10, 0, 13, 1, 2].map((i) => Math.fround(i / 13)),
    );
    const oneHot = encodeWindows([[11, 9, 2, 10]], 'one-hot');
    expect(oneHot.shape).toEqual([1, 4, 14]);
    expect(tf.tidy(() => Array.from(oneHot.argMax(-1).dataSync()))).toEqual([11, 9, 2, 10]);
    const targets = encodeTargets([8, 2]);
    expect(targets.shape).toEqual([2, 14]);
    expect(targets.arraySync()[0]?.[8]).toBe(1);
    tf.dispose([scaled, oneHot, targets]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
