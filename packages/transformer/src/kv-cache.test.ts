import { expectTensorsClose } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { TransformerDecoder, type TransformerDecoderCache } from './transformer-decoder.js';

const dispose = (cache: TransformerDecoderCache) => {
  for (const c of [cache.selfAttention, cache.crossAttention]) if (c) tf.dispose([c.key, c.value]);
};

describe('TransformerDecoder with a KV cache', () => {
  it.each([
    ['decoder-only, post-norm', false, false],
    ['decoder-only, pre-norm', true, false],
    ['with cross-attention and an encoder padding mask', false, true],
  ] as const)(
    '%s: cached step-by-step decoding equals the full causal pass at every step',
    (_, normalizeFirst, withEncoder) => {
      const decoder = new TransformerDecoder({ intermediateDim: 16, numHeads: 2, normalizeFirst });
      const x = tf.randomNormal([2, 7, 8], 0, 1, 'float32', 1);
      const encoderSequence = withEncoder
        ? tf.randomNormal([2, 5, 8], 0, 1, 'float32', 2)
        : undefined;
      const encoderPaddingMask = withEncoder
        ? tf.tensor2d([
            [1, 1, 1, 1, 1],
            [1, 1, 1, 0, 0],
          ])
        : undefined;
      const full = (
        withEncoder
          ? decoder.apply([x, encoderSequence as tf.Tensor], { encoderPaddingMask })
          : decoder.apply(x)
      ) as tf.Tensor; // [2, 7, 8]
      const before = tf.memory().numTensors;
      let cache: TransformerDecoderCache = { selfAttention: null, crossAttention: null };
      // A prompt of 3 steps, then one step at a time.
      const starts = [0, 3, 4, 5, 6];
      const lengths = [3, 1, 1, 1, 1];
      starts.forEach((start, i) => {
        const xt = x.slice([0, start, 0], [2, lengths[i] as number, 8]);
        const step = decoder.callWithCache(xt, cache, { encoderSequence, encoderPaddingMask });
        dispose(cache);
        cache = step.cache;
        const expected = full.slice([0, start, 0], [2, lengths[i] as number, 8]);
        expectTensorsClose(step.output, expected, { atol: 1e-5, label: `from step ${start}` });
        tf.dispose([xt, step.output, expected]);
      });
      expect(cache.selfAttention?.key.shape).toEqual([2, 2, 7, 4]);
      dispose(cache);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('needs a built decoder and, with cross-attention, the encoder sequence', () => {
    const decoder = new TransformerDecoder({ intermediateDim: 8, numHeads: 2 });
    const x = tf.zeros([1, 1, 4]);
    expect(() => decoder.callWithCache(x, { selfAttention: null, crossAttention: null })).toThrow(
      'TransformerDecoder: `this` must be a built decoder (call it once first); received an unbuilt decoder.',
    );
    decoder.apply([tf.zeros([1, 2, 4]), tf.zeros([1, 3, 4])]);
    expect(() => decoder.callWithCache(x, { selfAttention: null, crossAttention: null })).toThrow(
      'TransformerDecoder: `options.encoderSequence` must be the encoder sequence (this decoder has cross-attention); received undefined.',
    );
  });
});
