import { expectTensorsClose, goldenTensor, readGolden } from '@seq/testing';
import type * as tf from '@tensorflow/tfjs';
import { describe, it } from 'vitest';
import { AdditiveAttention } from './additive-attention.js';
import { Attention } from './attention.js';
import { MultiHeadAttention } from './multi-head-attention.js';

const fixture = (name: string) =>
  readGolden(new URL(`../test/fixtures/${name}.json`, import.meta.url));

describe('attention layers match the reference implementation (Keras layout)', () => {
  it.each([
    ['luong_dot_attention', () => new Attention({ useScale: false, scoreMode: 'dot' })],
    ['additive_attention', () => new AdditiveAttention({ useScale: true })],
  ] as const)('%s: output and scores, with a value mask', (name, create) => {
    const golden = fixture(name);
    const [query, value, key, valueMask] = ['query', 'value', 'key', 'valueMask'].map((k) =>
      goldenTensor(golden.inputs[k]),
    ) as tf.Tensor[];
    const layer = create();
    layer.apply([query as tf.Tensor, value as tf.Tensor, key as tf.Tensor]);
    if (golden.weights.length > 0) layer.setWeights(golden.weights.map((w) => goldenTensor(w)));
    const [output, scores] = layer.apply(
      [query as tf.Tensor, value as tf.Tensor, key as tf.Tensor],
      {
        mask: [null, valueMask],
        returnAttentionScores: true,
      },
    ) as tf.Tensor[];
    expectTensorsClose(output as tf.Tensor, goldenTensor(golden.expected.output), {
      atol: golden.tolerance,
    });
    expectTensorsClose(scores as tf.Tensor, goldenTensor(golden.expected.scores), {
      atol: golden.tolerance,
    });
  });

  it('MultiHeadAttention, causal self-attention', () => {
    const golden = fixture('mha_causal_self');
    const x = goldenTensor(golden.inputs.x);
    const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 4, valueDim: 4 });
    layer.apply([x, x]);
    layer.setWeights(golden.weights.map((w) => goldenTensor(w)));
    const [output, scores] = layer.apply([x, x], {
      useCausalMask: true,
      returnAttentionScores: true,
    }) as tf.Tensor[];
    expectTensorsClose(output as tf.Tensor, goldenTensor(golden.expected.output), {
      atol: golden.tolerance,
    });
    expectTensorsClose(scores as tf.Tensor, goldenTensor(golden.expected.scores), {
      atol: golden.tolerance,
    });
  });

  it('MultiHeadAttention, cross-attention with an attention mask', () => {
    const golden = fixture('mha_cross');
    const [query, value, attentionMask] = ['query', 'value', 'attentionMask'].map((k) =>
      goldenTensor(golden.inputs[k]),
    ) as tf.Tensor[];
    const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 4, valueDim: 4 });
    layer.apply([query as tf.Tensor, value as tf.Tensor]);
    layer.setWeights(golden.weights.map((w) => goldenTensor(w)));
    const [output, scores] = layer.apply([query as tf.Tensor, value as tf.Tensor], {
      attentionMask,
      returnAttentionScores: true,
    }) as tf.Tensor[];
    expectTensorsClose(output as tf.Tensor, goldenTensor(golden.expected.output), {
      atol: golden.tolerance,
    });
    expectTensorsClose(scores as tf.Tensor, goldenTensor(golden.expected.scores), {
      atol: golden.tolerance,
    });
  });
});
