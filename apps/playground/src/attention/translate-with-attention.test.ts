import { CharTokenizer } from '@seq/data';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ATTENTION_KINDS, buildDateTranslator } from './date-translator.js';
import { assertAttentionTranslator, translateWithAttention } from './translate-with-attention.js';

const tokenizer = CharTokenizer.fromCorpus(['April 22, 2019', '2019-04-22']);

describe('translateWithAttention', () => {
  for (const kind of ATTENTION_KINDS) {
    it(`translates with ${kind} attention and says where each output token looked`, async () => {
      const model = buildDateTranslator(kind, {
        vocabularySize: tokenizer.vocabularySize,
        sourceLength: 16,
        targetLength: 6,
        embeddingDim: 4,
        units: 8,
        learningRate: 0.01,
        seed: 1,
      });
      assertAttentionTranslator(model);
      const result = await translateWithAttention(model, tokenizer, 'April 22, 2019');
      expect(result.sourceTokens.join('')).toBe('April 22, 2019');
      expect(result.weights).toHaveLength(result.outputTokens.length);
      expect(result.outputTokens.length).toBeGreaterThan(0);
      expect(result.outputTokens.length).toBeLessThanOrEqual(6);
      for (const row of result.weights) {
        expect(row).toHaveLength(14);
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      }
      model.dispose();
    });
  }

  it('rejects a model without the translator’s layers', () => {
    const input = tf.input({ shape: [3] });
    const model = tf.model({
      inputs: input,
      outputs: tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor,
    });
    expect(() => assertAttentionTranslator(model)).toThrow(
      'This is not a translate app model with attention: it has no source_embedding, encoder, target_embedding, decoder, logits layer (train with --model bahdanau or luong).',
    );
    model.dispose();
  });
});
