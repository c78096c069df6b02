import { expectTensorsClose } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  type AttentionCache,
  applyCachedMultiHeadAttention,
  applyMultiHeadAttention,
  type MultiHeadAttentionWeights,
} from './apply-multi-head-attention.js';
import { causalMask } from './masks.js';
import { MultiHeadAttention } from './multi-head-attention.js';

const weights = (): MultiHeadAttentionWeights => {
  const r = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 0.5, 'float32', seed);
  return {
    queryKernel: r([8, 2, 4], 1),
    queryBias: r([2, 4], 2),
    keyKernel: r([8, 2, 4], 3),
    keyBias: r([2, 4], 4),
    valueKernel: r([8, 2, 4], 5),
    valueBias: r([2, 4], 6),
    outputKernel: r([2, 4, 8], 7),
    outputBias: r([8], 8),
  };
};

describe('applyCachedMultiHeadAttention', () => {
  it('step by step with a KV cache equals the full causal pass, at every step', () => {
    const w = weights();
    const x = tf.randomNormal([2, 6, 8], 0, 1, 'float32', 9);
    const full = applyMultiHeadAttention(w, x, x, x, { mask: causalMask(6) }).output; // [2, 6, 8]
    let cache: AttentionCache | null = null;
    for (let t = 0; t < 6; t++) {
      const xt = x.slice([0, t, 0], [2, 1, 8]);
      const step = applyCachedMultiHeadAttention(w, xt, xt, cache);
      if (cache) tf.dispose([cache.key, cache.value]);
      cache = step.cache;
      expect(cache.key.shape).toEqual([2, 2, t + 1, 4]);
      expectTensorsClose(step.output, full.slice([0, t, 0], [2, 1, 8]), {
        atol: 1e-5,
        label: `step ${t}`,
      });
    }
  });

  it('takes several new steps at once (a prompt), then continues one by one', () => {
    const w = weights();
    const x = tf.randomNormal([1, 5, 8], 0, 1, 'float32', 10);
    const full = applyMultiHeadAttention(w, x, x, x, { mask: causalMask(5) }).output;
    const prompt = x.slice([0, 0, 0], [1, 3, 8]);
    const first = applyCachedMultiHeadAttention(w, prompt, prompt, null);
    expectTensorsClose(first.output, full.slice([0, 0, 0], [1, 3, 8]), { atol: 1e-5 });
    const x3 = x.slice([0, 3, 0], [1, 1, 8]);
    const next = applyCachedMultiHeadAttention(w, x3, x3, first.cache);
    expectTensorsClose(next.output, full.slice([0, 3, 0], [1, 1, 8]), { atol: 1e-5 });
  });

  it('one query over padded keys (cross-attention) equals the full pass and ignores the padding', () => {
    const w = weights();
    const query = tf.randomNormal([2, 1, 8], 0, 1, 'float32', 12);
    const encoder = tf.randomNormal([2, 5, 8], 0, 1, 'float32', 13);
    const padding = tf.tensor2d([
      [1, 1, 1, 0, 0],
      [1, 1, 1, 1, 1],
    ]); // [batch, steps], 1 = real step
    const full = applyMultiHeadAttention(w, query, encoder, encoder, {
      mask: tf.expandDims(padding, 1), // [2, 1, 5]
    }).output;
    const cached = applyCachedMultiHeadAttention(w, query, encoder, null, {
      causal: false,
      keyPaddingMask: padding,
    });
    expectTensorsClose(cached.output, full, { atol: 1e-5 });
    // Other values at the padded steps of row 0 change nothing.
    const changed = tf.add(encoder, tf.mul(tf.sub(1, tf.expandDims(padding, 2)), 5));
    const again = applyCachedMultiHeadAttention(w, query, changed, null, {
      causal: false,
      keyPaddingMask: padding,
    });
    expectTensorsClose(again.output, cached.output, { atol: 1e-6 });
  });

  it('MultiHeadAttention.callWithCache equals causal self-attention with the layer, step by step', () => {
    const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 4 });
    const x = tf.randomNormal([2, 5, 8], 0, 1, 'float32', 11);
    const full = mha.apply([x, x], { useCausalMask: true }) as tf.Tensor;
    let cache: AttentionCache | null = null;
    for (let t = 0; t < 5; t++) {
      const xt = x.slice([0, t, 0], [2, 1, 8]);
      const step = mha.callWithCache(xt, xt, cache);
      cache = step.cache;
      expectTensorsClose(step.output, full.slice([0, t, 0], [2, 1, 8]), { atol: 1e-5 });
    }
    expect(() =>
      new MultiHeadAttention({ numHeads: 1, keyDim: 2 }).callWithCache(x, x, null),
    ).toThrow(
      'MultiHeadAttention: `this` must be a built layer (call it once first); received an unbuilt layer.',
    );
  });
});
