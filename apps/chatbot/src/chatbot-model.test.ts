import { BytePairTokenizer } from '@seq/data';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatbotPair } from './chat-pairs.js';
import { buildChatbotModel, logitsModel } from './chatbot-model.js';
import { encodePairs } from './encode-pairs.js';
import { GREEDY, generateReplies } from './generate-reply.js';
import { heldOutPerplexity } from './held-out-perplexity.js';
import { perTokenLoss } from './per-token-loss.js';

const pairs: ChatbotPair[] = [
  { question: '안녕', answer: '안녕하세요.', label: 0 },
  { question: '배고파', answer: '맛있는 거 드세요.', label: 0 },
  { question: '헤어졌어', answer: '많이 힘드시겠어요.', label: 1 },
  { question: '사랑해', answer: '저도 사랑해요.', label: 2 },
];
const tokenizer = BytePairTokenizer.train(
  pairs.flatMap((p) => [p.question, p.answer]),
  { vocabularySize: 300 },
);
const LENGTH = 10;
const encoded = encodePairs(pairs, tokenizer, LENGTH);
const rows = (list: Int32Array[]) =>
  tf.tensor2d(
    list.map((r) => Array.from(r)),
    [list.length, LENGTH],
  ); // [pairs, length]
const x = [rows(encoded.source), rows(encoded.decoderInput)];
const y = tf.tensor3d(
  encoded.labels.map((r) => Array.from(r, (id) => [id])),
  [encoded.labels.length, LENGTH, 1],
); // [pairs, length, 1]
const model = buildChatbotModel({
  vocabularySize: tokenizer.vocabularySize,
  length: LENGTH,
  embeddingDim: 16,
  numHeads: 2,
  intermediateDim: 32,
  numLayers: 1,
  learningRate: 0.01,
  seed: 3,
});
afterAll(() => {
  tf.dispose([...x, y]);
  model.dispose();
});

describe('the chatbot model', () => {
  it('predicts a certain pad token where the decoder input is padding', () => {
    const probabilities = model.predict(x) as tf.Tensor; // [pairs, length, vocabulary]
    const p = probabilities.arraySync() as number[][][];
    probabilities.dispose();
    encoded.decoderInput.forEach((row, b) => {
      row.forEach((id, t) => {
        const dist = p[b]?.[t] as number[];
        if (id === 0) expect(dist[0]).toBe(1);
        else expect(dist.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
      });
    });
  });

  it("turns tfjs' logged loss into the per-token loss that perplexity measures", async () => {
    await model.fit(x, y, { epochs: 3, batchSize: 2, verbose: 0, shuffle: false });
    const logged = model.evaluate(x, y, { batchSize: 4 }) as tf.Scalar;
    const loss = perTokenLoss(logged.dataSync()[0] as number, encoded, tokenizer.vocabularySize);
    logged.dispose();
    const score = heldOutPerplexity(logitsModel(model), encoded, 3);
    expect(score.tokens).toBe(encoded.tokens);
    expect(loss).toBeCloseTo(score.loss, 3);
    expect(score.perplexity).toBeCloseTo(Math.exp(score.loss), 6);
  });

  it('replies in Hangul by greedy, beam and sampled decoding, leaking no tensor', async () => {
    const before = tf.memory().numTensors;
    const questions = ['안녕', '사랑해'];
    for (const options of [
      GREEDY,
      { ...GREEDY, beam: 3 },
      { temperature: 1, topK: 20, topP: 0.9, beam: 1, seed: 5 },
    ]) {
      const replies = await generateReplies(model, tokenizer, questions, LENGTH, options);
      expect(replies).toHaveLength(2);
      for (const reply of replies) {
        expect(reply.length).toBeGreaterThan(0);
        expect(reply).not.toContain('\uFFFD');
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
