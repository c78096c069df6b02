import { CharTokenizer } from '@seq/data';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { statefulWindows, windows } from './char-data.js';
import { buildCharModel } from './char-models.js';
import { generateText } from './generate-text.js';
import { unigramEntropy } from './run-char-rnn.js';

describe('windows', () => {
  it('pairs each window with the next characters; stride = length reads the text once', () => {
    const ids = Int32Array.from({ length: 11 }, (_, i) => i);
    const { x, y } = windows(ids, 3, 3);
    expect(x.arraySync()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
    expect(y.squeeze([2]).arraySync()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    tf.dispose([x, y]);
  });

  it('stacks stateful batches so that fit feeds row i of batch k + 1 right after row i of batch k', async () => {
    const ids = Int32Array.from({ length: 20 }, (_, i) => i);
    const { x, y } = await statefulWindows(ids, 3, 2);
    // streams [0..9] and [10..19]: batch 0 = rows 0-1, batch 1 = rows 2-3, ...
    expect(x.arraySync()).toEqual([
      [0, 1, 2],
      [10, 11, 12],
      [3, 4, 5],
      [13, 14, 15],
      [6, 7, 8],
      [16, 17, 18],
    ]);
    expect((y.arraySync() as number[][][])[3]?.map((v) => v[0])).toEqual([14, 15, 16]);
    tf.dispose([x, y]);
  });

  it('the unigram entropy of n equally frequent characters is log2 n', () => {
    expect(unigramEntropy(Int32Array.from([4, 5, 6, 7, 4, 5, 6, 7]))).toBeCloseTo(2, 12);
  });
});

describe('generateText', () => {
  it('a Transformer generates past its window by sliding it, deterministically, leaving no tensor behind', async () => {
    const tokenizer = CharTokenizer.fromCorpus(['abcdefgh']);
    const model = buildCharModel({
      kind: 'transformer',
      vocabularySize: tokenizer.vocabularySize,
      units: 16,
      length: 8,
      batchSize: 1,
      learningRate: 0.01,
      seed: 1,
    });
    const options = { length: 20, temperature: 1, topK: 0, topP: 1, beam: 1, seed: 3 };
    const before = tf.memory().numTensors;
    const pieces: string[] = [];
    const text = await generateText(model, 'transformer', tokenizer, 'abc', {
      ...options,
      onText: (p) => pieces.push(p),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(text)).toHaveLength(20);
    expect(pieces.join('')).toBe(text);
    expect(await generateText(model, 'transformer', tokenizer, 'abc', options)).toBe(text);
    model.dispose();
  });

  it('an RNN generates through its recurrent step function, equal to re-running the model (greedy)', async () => {
    const tokenizer = CharTokenizer.fromCorpus(['abcdefgh']);
    const model = buildCharModel({
      kind: 'gru',
      vocabularySize: tokenizer.vocabularySize,
      units: 8,
      length: 8,
      batchSize: 1,
      learningRate: 0.01,
      seed: 2,
    });
    const text = await generateText(model, 'gru', tokenizer, 'ab', {
      length: 6,
      temperature: 0,
      topK: 0,
      topP: 1,
      beam: 1,
      seed: 1,
    });
    // The reference: feed the whole prefix each time and take the most likely next character.
    let ids = tokenizer.encode('ab');
    for (let i = 0; i < 6; i++) {
      const next = tf.tidy(() => {
        const probabilities = model.predict(
          tf.tensor2d([ids], [1, ids.length], 'int32'),
        ) as tf.Tensor3D;
        return probabilities
          .slice([0, ids.length - 1, 0], [1, 1, -1])
          .argMax(-1)
          .dataSync()[0] as number;
      });
      ids = [...ids, next];
    }
    expect(text).toBe(tokenizer.decode(ids.slice(2)));
    model.dispose();
  });
});
