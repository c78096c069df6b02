import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { predictWindows } from './predict-windows.js';

const windows = {
  inputs: Float32Array.from([1, 2, 3, 4, 5, 6]),
  future: new Float32Array(),
  count: 3,
};

describe('predictWindows', () => {
  it('predicts every window in batches', () => {
    // A model that forecasts the sum of the window, twice.
    const input = tf.input({ shape: [2, 1] });
    const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
    const dense = tf.layers.dense({ units: 2, useBias: false, kernelInitializer: 'ones' });
    const model = tf.model({ inputs: input, outputs: dense.apply(flat) as tf.SymbolicTensor });
    expect(Array.from(predictWindows(model, windows, 2, 2, 2))).toEqual([3, 3, 7, 7, 11, 11]);
    model.dispose();
  });

  it('reads a sequence-to-sequence model at its last step', () => {
    const input = tf.input({ shape: [2, 1] });
    const dense = tf.layers.dense({ units: 1, useBias: false, kernelInitializer: 'ones' });
    const model = tf.model({ inputs: input, outputs: dense.apply(input) as tf.SymbolicTensor });
    expect(Array.from(predictWindows(model, windows, 2, 1))).toEqual([2, 4, 6]);
    model.dispose();
  });
});
