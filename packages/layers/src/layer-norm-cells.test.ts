import { expectTensorsClose, goldenTensor, readGolden, runLayerContract } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { layerNorm } from './layer-norm.js';
import { layerNormLSTMCell } from './layer-norm-lstm-cell.js';
import { layerNormSimpleRNNCell } from './layer-norm-simple-rnn-cell.js';
import { rnn } from './rnn.js';

describe('layerNorm', () => {
  it('normalises the last axis with the population variance', () => {
    const y = layerNorm(
      tf.tensor2d([
        [1, 2, 3],
        [0, 0, 6],
      ]),
      tf.tensor1d([1, 2, 1]),
      tf.tensor1d([0, 0, 1]),
      0,
    );
    const s = Math.sqrt(2 / 3);
    expectTensorsClose(
      y,
      [
        [-1 / s, 0, 1 / s + 1],
        [-1 / Math.SQRT2, -2 / Math.SQRT2, Math.SQRT2 + 1],
      ],
      { atol: 1e-5 },
    );
  });
});

describe('LayerNormSimpleRNNCell', () => {
  it('matches the reference h = tanh(LayerNorm(x W + h U + b))', () => {
    const golden = readGolden(
      new URL('../test/fixtures/layer_norm_simple_rnn.json', import.meta.url),
    );
    const layer = rnn({
      cell: layerNormSimpleRNNCell({ units: 4, epsilon: golden.config.epsilon as number }),
      returnSequences: true,
      returnState: true,
    });
    const x = goldenTensor(golden.inputs.x);
    layer.apply(x);
    layer.setWeights(golden.weights.map((w) => goldenTensor(w)));
    const [sequences, h] = layer.apply(x) as tf.Tensor[];
    expectTensorsClose(sequences as tf.Tensor, goldenTensor(golden.expected.sequences), {
      atol: golden.tolerance,
    });
    expectTensorsClose(h as tf.Tensor, goldenTensor(golden.expected.lastH), {
      atol: golden.tolerance,
    });
    expect(layer.weights.map((w) => w.originalName.split('/').slice(1).join('/'))).toEqual([
      'kernel',
      'recurrent_kernel',
      'bias',
      'layer_norm/gamma',
      'layer_norm/beta',
    ]);
  });

  it('meets the layer contract inside seq.RNN', async () => {
    await runLayerContract({
      create: () => rnn({ cell: layerNormSimpleRNNCell({ units: 4 }), returnSequences: true }),
      input: () => tf.randomNormal([2, 5, 3], 0, 1, 'float32', 1),
      expectedWeights: 5,
      expectedWeightNames: [
        'kernel',
        'recurrent_kernel',
        'bias',
        'layer_norm/gamma',
        'layer_norm/beta',
      ],
      expectedOutputShape: [2, 5, 4],
    });
  });
});

describe('LayerNormLSTMCell', () => {
  it("meets the layer contract, and runs the same in tfjs' tf.layers.rnn", async () => {
    await runLayerContract({
      create: () => rnn({ cell: layerNormLSTMCell({ units: 3 }) }),
      input: () => tf.randomNormal([2, 5, 2], 0, 1, 'float32', 2),
      expectedWeights: 9,
      expectedWeightNames: [
        'kernel',
        'recurrent_kernel',
        'bias',
        'kernel_norm/gamma',
        'kernel_norm/beta',
        'recurrent_norm/gamma',
        'recurrent_norm/beta',
        'state_norm/gamma',
        'state_norm/beta',
      ],
      expectedOutputShape: [2, 3],
    });
    const x = tf.randomNormal([2, 5, 2], 0, 1, 'float32', 3);
    const ours = rnn({ cell: layerNormLSTMCell({ units: 3 }), returnSequences: true });
    const expected = ours.apply(x) as tf.Tensor;
    const theirs = tf.layers.rnn({
      cell: layerNormLSTMCell({ units: 3 }) as never,
      returnSequences: true,
    });
    theirs.apply(x);
    theirs.setWeights(ours.getWeights());
    expectTensorsClose(theirs.apply(x) as tf.Tensor, expected, { atol: 1e-5 });
  });

  it('keeps its states normalised: the cell state has zero mean and unit variance per sample', () => {
    const layer = rnn({ cell: layerNormLSTMCell({ units: 6 }), returnState: true });
    const [, , c] = layer.apply(tf.randomNormal([3, 7, 4], 0, 5, 'float32', 4)) as tf.Tensor[];
    const { mean, variance } = tf.moments(c as tf.Tensor, -1);
    expectTensorsClose(mean, [0, 0, 0], { atol: 1e-5 });
    expectTensorsClose(variance, [1, 1, 1], { atol: 1e-2 });
  });

  it('rejects a bad epsilon', () => {
    expect(() => layerNormLSTMCell({ units: 2, epsilon: 0 })).toThrow(
      'LayerNormLSTMCell: `epsilon` must be a number > 0; received 0.',
    );
    expect(() => layerNormSimpleRNNCell({ units: 2, epsilon: -1 })).toThrow(
      'LayerNormSimpleRNNCell: `epsilon` must be a number > 0; received -1.',
    );
  });
});
