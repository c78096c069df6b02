import { SeqError } from '@seq/core';
import { expectNoLeakedTensors, roundTripModel } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextVectorization, textVectorization } from './text-vectorization.js';

const corpus = ['The cat sat.', 'the dog', 'b a'];

describe('TextVectorization: vocabulary (Keras adapt order)', () => {
  it('orders by descending count, ties by descending token, after the pad and OOV slots', async () => {
    const layer = new TextVectorization();
    await layer.adapt(corpus);
    expect(layer.getVocabulary()).toEqual(['', '[UNK]', 'the', 'sat', 'dog', 'cat', 'b', 'a']);
    expect(layer.getVocabulary({ includeSpecialTokens: false })).toEqual([
      'the',
      'sat',
      'dog',
      'cat',
      'b',
      'a',
    ]);
    expect(layer.vocabularySize()).toBe(8);
  });

  it('breaks ties by code point (UTF-8 byte) order, not UTF-16 order', async () => {
    // U+FF21 sorts after U+1F600's surrogates in UTF-16, but before U+1F600 by code point.
    const layer = new TextVectorization({ standardize: null });
    await layer.adapt(['\uFF21 😀 z']);
    expect(layer.getVocabulary()).toEqual(['', '[UNK]', '😀', '\uFF21', 'z']);
  });

  it('keeps maxTokens tokens, the reserved slots included', async () => {
    const layer = new TextVectorization({ maxTokens: 4 });
    await layer.adapt(corpus);
    expect(layer.getVocabulary()).toEqual(['', '[UNK]', 'the', 'sat']);
    const hot = new TextVectorization({ maxTokens: 4, outputMode: 'multi_hot' });
    await hot.adapt(corpus);
    expect(hot.getVocabulary()).toEqual(['[UNK]', 'the', 'sat', 'dog']);
  });

  it('never learns the reserved tokens, even when the texts contain them', async () => {
    const layer = new TextVectorization({ standardize: null });
    await layer.adapt(['[UNK] [UNK] x']);
    expect(layer.getVocabulary()).toEqual(['', '[UNK]', 'x']);
  });

  it('adapts from iterables, async iterables, datasets and string tensors alike', async () => {
    const expected = ['', '[UNK]', 'the', 'sat', 'dog', 'cat', 'b', 'a'];
    async function* texts() {
      yield* corpus;
    }
    const sources = [
      new Set(corpus),
      texts(),
      tf.data.array(corpus),
      tf.data.array(corpus).map((t) => tf.tensor([t as string])),
    ];
    for (const source of sources) {
      const layer = new TextVectorization();
      await expectNoLeakedTensors('adapt', () => layer.adapt(source));
      expect(layer.getVocabulary()).toEqual(expected);
    }
    const tensor = tf.tensor(corpus);
    const layer = new TextVectorization();
    await layer.adapt(tensor);
    expect(layer.getVocabulary()).toEqual(expected);
    expect(tensor.isDisposed).toBe(false);
    tensor.dispose();
  });

  it('has the vocabulary as soon as adapt returns for an array, without awaiting', () => {
    const layer = new TextVectorization();
    void layer.adapt(corpus);
    expect(layer.vocabularySize()).toBe(8);
  });
});

describe('TextVectorization: output modes', () => {
  it("'int' pads each batch to its longest text, unknown tokens are 1", async () => {
    const layer = new TextVectorization();
    await layer.adapt(corpus);
    const out = layer.vectorize(['the bird sat', 'dog']);
    expect(out.dtype).toBe('int32');
    expect(out.arraySync()).toEqual([
      [2, 1, 3],
      [4, 0, 0],
    ]);
    out.dispose();
  });

  it("'int' handles batches too large to spread into Math.max", async () => {
    const layer = new TextVectorization();
    await layer.adapt(['a b c']);
    const out = layer.vectorize(new Array(200_000).fill('a b'));
    expect(out.shape).toEqual([200_000, 2]);
    out.dispose();
  });

  it("'int' with outputSequenceLength pads and truncates at the end", async () => {
    const layer = new TextVectorization({ outputSequenceLength: 2 });
    await layer.adapt(corpus);
    const out = layer.vectorize(['the bird sat', 'dog']);
    expect(out.arraySync()).toEqual([
      [2, 1],
      [4, 0],
    ]);
    out.dispose();
  });

  it("'multi_hot' and 'count' have one column per token, [UNK] first", async () => {
    const hot = new TextVectorization({ outputMode: 'multi_hot' });
    await hot.adapt(corpus);
    const count = new TextVectorization({ outputMode: 'count' });
    await count.adapt(corpus);
    const texts = ['the the bird', 'a'];
    expect(hot.vectorize(texts).arraySync()).toEqual([
      [1, 1, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 1],
    ]);
    expect(count.vectorize(texts).arraySync()).toEqual([
      [1, 2, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 1],
    ]);
  });

  it("'multi_hot' with padToMaxTokens is maxTokens wide", async () => {
    const layer = new TextVectorization({
      outputMode: 'multi_hot',
      maxTokens: 10,
      padToMaxTokens: true,
    });
    await layer.adapt(['x y']);
    expect(layer.vectorize('y').shape).toEqual([1, 10]);
  });

  it("'tf_idf' weights counts by log(1 + documents / (1 + document count)), [UNK] by the mean", async () => {
    const layer = new TextVectorization({ outputMode: 'tf_idf' });
    await layer.adapt(corpus);
    const idfThe = Math.log(1 + 3 / 3);
    const idfOnce = Math.log(1 + 3 / 2);
    const mean = (idfThe + 5 * idfOnce) / 6;
    const [row] = layer.vectorize('the the bird a').arraySync() as number[][];
    expect(row?.[0]).toBeCloseTo(mean, 6);
    expect(row?.[1]).toBeCloseTo(2 * idfThe, 6);
    expect(row?.[6]).toBeCloseTo(idfOnce, 6);
    expect(row?.[2]).toBe(0);
  });

  it("'tf_idf' setVocabulary without reserved tokens gives [UNK] the mean weight (Keras)", () => {
    const layer = new TextVectorization({ outputMode: 'tf_idf', standardize: null });
    layer.setVocabulary(['earth', 'wind', 'and', 'fire'], [0.5, 0.25, 0.2, 0.125]);
    const out = layer
      .vectorize(['earth wind and', 'ohio and earth fire'])
      .arraySync() as number[][];
    const expected = [
      [0, 0.5, 0.25, 0.2, 0],
      [0.26875, 0.5, 0, 0.2, 0.125],
    ];
    out.forEach((row, i) => {
      row.forEach((v, j) => {
        expect(v).toBeCloseTo(expected[i]?.[j] as number, 6);
      });
    });
  });

  it('ngrams: widths 1..n, all of one width before the next', () => {
    const layer = new TextVectorization({ ngrams: 2 });
    expect(layer.tokenize('The cat sat.')).toEqual(['the', 'cat', 'sat', 'the cat', 'cat sat']);
    expect(new TextVectorization({ ngrams: [3] }).tokenize('a b')).toEqual([]);
  });

  it("split 'character' keeps Hangul syllables and emoji whole", async () => {
    const layer = textVectorization({ split: 'character', standardize: 'lower' });
    await layer.adapt(['나비야 나비야 👍🏽']);
    const vocabulary = layer.getVocabulary();
    expect(vocabulary).toContain('👍');
    expect(vocabulary).toContain('🏽');
    expect(vocabulary.slice(2, 5)).toEqual(['야', '비', '나']);
  });

  it('lowercases ASCII only by default, as TensorFlow; every script with lowercase: unicode', () => {
    expect(new TextVectorization().tokenize('Été ÀB')).toEqual(['Été', 'Àb']);
    expect(new TextVectorization({ lowercase: 'unicode' }).tokenize('Été ÀB')).toEqual([
      'été',
      'àb',
    ]);
  });

  it('custom standardize and split functions', () => {
    const layer = new TextVectorization({
      standardize: (t) => t.toUpperCase(),
      split: (t) => t.split('-'),
    });
    expect(layer.tokenize('a-b')).toEqual(['A', 'B']);
  });

  it('accepts "[UNK]" inside a given vocabulary, as Keras does, and looks it up there', () => {
    const layer = new TextVectorization({ standardize: null, vocabulary: ['a', '[UNK]', 'b'] });
    expect(layer.getVocabulary()).toEqual(['', '[UNK]', 'a', '[UNK]', 'b']);
    expect(layer.vectorize(['a [UNK] b zzz']).arraySync()).toEqual([[2, 3, 4, 1]]);
  });

  it('split null keeps each text whole; an empty text is the padding id in int mode', async () => {
    const layer = new TextVectorization({ split: null, standardize: null });
    layer.setVocabulary(['yes', 'no']);
    expect(layer.vectorize(['no', '', 'maybe']).arraySync()).toEqual([[3], [0], [1]]);
  });
});

describe('TextVectorization: as a layer', () => {
  it('runs in a model on raw strings, and saves and loads with its vocabulary', async () => {
    const vectorizer = new TextVectorization({ maxTokens: 20, outputSequenceLength: 5 });
    await vectorizer.adapt(corpus);
    const input = tf.input({ shape: [1], dtype: 'string' });
    const ids = vectorizer.apply(input) as tf.SymbolicTensor;
    expect(ids.shape).toEqual([null, 5]);
    const embedded = tf.layers.embedding({ inputDim: 20, outputDim: 3 }).apply(ids);
    const pooled = tf.layers.globalAveragePooling1d().apply(embedded);
    const output = tf.layers
      .dense({ units: 1, activation: 'sigmoid' })
      .apply(pooled) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    const texts = tf.tensor2d([['the cat'], ['a dog sat'], ['nothing known']], [3, 1], 'string');
    // tfjs' predict and fit slice inputs with numeric-only ops, so string inputs go through apply.
    expect(() => model.predict(texts)).toThrow(/must be numeric tensor, but got string tensor/);
    const before = model.apply(texts) as tf.Tensor;
    const loaded = await roundTripModel(model);
    const after = loaded.apply(texts) as tf.Tensor;
    expect(after.arraySync()).toEqual(before.arraySync());
    const restored = loaded.layers[1] as TextVectorization;
    expect(restored).toBeInstanceOf(TextVectorization);
    expect(restored.getVocabulary()).toEqual(vectorizer.getVocabulary());
    tf.dispose([texts, before, after]);
    model.dispose();
    loaded.dispose();
  });

  it('saves tokens that tfjs would rewrite (capitals, underscores, %) unchanged', async () => {
    const tokens = ['Hello_World', 'É', '%41', '_', 'ǅ', 'Σσς', 'İ', '한국어', '😀'];
    const vectorizer = new TextVectorization({ standardize: null, vocabulary: tokens });
    const input = tf.input({ shape: [1], dtype: 'string' });
    const model = tf.model({
      inputs: input,
      outputs: vectorizer.apply(input) as tf.SymbolicTensor,
    });
    const loaded = await roundTripModel(model);
    expect((loaded.layers[1] as TextVectorization).getVocabulary()).toEqual([
      '',
      '[UNK]',
      ...tokens,
    ]);
    model.dispose();
    loaded.dispose();
  });

  it('round-trips its config in every mode', async () => {
    const tfIdf = new TextVectorization({
      outputMode: 'tf_idf',
      ngrams: [1, 2],
      maxTokens: 8,
      padToMaxTokens: true,
    });
    await tfIdf.adapt(corpus);
    const copy = TextVectorization.fromConfig(
      TextVectorization,
      tfIdf.getConfig(),
    ) as TextVectorization;
    expect(copy.getVocabulary()).toEqual(tfIdf.getVocabulary());
    expect(copy.getIdfWeights()).toEqual(tfIdf.getIdfWeights());
    expect(copy.vectorize('the cat').arraySync()).toEqual(tfIdf.vectorize('the cat').arraySync());
  });

  it('leaves no tensors behind', async () => {
    const layer = new TextVectorization({ outputMode: 'count' });
    await layer.adapt(corpus);
    const input = tf.tensor(['the cat']);
    await expectNoLeakedTensors('TextVectorization.apply', () => layer.apply(input));
    await expectNoLeakedTensors('TextVectorization.vectorize', () => layer.vectorize(['a b']));
    input.dispose();
  });
});

describe('TextVectorization: bad input', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    [
      'maxTokens below the reserved slots',
      () => new TextVectorization({ maxTokens: 1 }),
      /TextVectorization: `maxTokens` must be null or an integer of at least 2 \(it counts the reserved padding and OOV slots\); received 1\./,
    ],
    [
      'unknown standardize',
      () => new TextVectorization({ standardize: 'upper' as never }),
      /`standardize` must be one of "lower_and_strip_punctuation", "lower", "strip_punctuation", null; received "upper"/,
    ],
    [
      'unknown split',
      () => new TextVectorization({ split: 'word' as never }),
      /`split` must be one of/,
    ],
    [
      'bad ngrams',
      () => new TextVectorization({ ngrams: 0 }),
      /`ngrams` must be a positive integer or a non-empty list/,
    ],
    [
      'outputSequenceLength outside int mode',
      () => new TextVectorization({ outputMode: 'count', outputSequenceLength: 3 }),
      /`outputSequenceLength` must be null when outputMode is 'count'/,
    ],
    [
      'padToMaxTokens without maxTokens',
      () => new TextVectorization({ outputMode: 'count', padToMaxTokens: true }),
      /`maxTokens` must be an integer when padToMaxTokens is true; received null/,
    ],
    [
      'repeated vocabulary token',
      () => new TextVectorization({ vocabulary: ['a', 'b', 'a'] }),
      /`vocabulary\[2\]` must be a token that is not repeated and not the mask token ""/,
    ],
    [
      'the mask token inside the vocabulary',
      () => new TextVectorization({ vocabulary: ['a', ''] }),
      /`vocabulary\[1\]` must be a token that is not repeated and not the mask token "" \(the reserved tokens may only open the vocabulary, in this order: "", "\[UNK\]"\); received ""/,
    ],
    [
      'vocabulary larger than maxTokens',
      () => new TextVectorization({ maxTokens: 3, vocabulary: ['a', 'b'] }),
      /`vocabulary` must be at most maxTokens = 3 tokens, the reserved ones included; received 4 tokens/,
    ],
    [
      'tf_idf vocabulary without weights',
      () => new TextVectorization({ outputMode: 'tf_idf', vocabulary: ['a'] }),
      /`idfWeights` must be 1 finite numbers, one per vocabulary entry/,
    ],
    [
      'vectorize before adapt',
      () => new TextVectorization().vectorize('a'),
      /TextVectorization.vectorize: `vocabulary` must be set first/,
    ],
    [
      'non-string text',
      () => new TextVectorization().tokenize(3 as never),
      /TextVectorization.tokenize: `text` must be a string; received 3/,
    ],
  ];
  for (const [what, make, message] of cases) {
    it(what, () => {
      expect(make).toThrow(SeqError);
      expect(make).toThrow(message);
    });
  }

  it('adapt on an empty corpus or non-strings', async () => {
    await expect(new TextVectorization().adapt([])).rejects.toThrow(
      /TextVectorization.adapt: `data` must be a corpus with at least one text; received no texts/,
    );
    await expect(new TextVectorization().adapt(['a', 7] as never)).rejects.toThrow(
      /TextVectorization.adapt: `data\[1\]` must be a string; received 7/,
    );
  });

  it('a non-string tensor given to the layer', async () => {
    const layer = new TextVectorization({ vocabulary: ['a'] });
    const numbers = tf.tensor([1, 2]);
    expect(() => layer.apply(numbers)).toThrow(
      /`inputs` must be a string tensor of shape \[batch\] or \[batch, 1\]/,
    );
    numbers.dispose();
  });

  it('saving a layer with a function standardize', () => {
    const layer = new TextVectorization({ standardize: (t) => t });
    expect(() => layer.getConfig()).toThrow(
      /`standardize` must be one of the named modes \(or null\) to save the layer/,
    );
  });
});

describe('TextVectorization: properties', () => {
  const texts = fc.array(fc.string({ unit: 'binary', maxLength: 30 }), {
    minLength: 1,
    maxLength: 6,
  });
  const settings = fc.record({
    standardize: fc.constantFrom('lower_and_strip_punctuation', 'lower', 'strip_punctuation', null),
    split: fc.constantFrom('whitespace', 'character', null),
    lowercase: fc.constantFrom('ascii', 'unicode'),
    ngrams: fc.constantFrom(null, 2),
  });

  it('on arbitrary Unicode: ids in range, texts seen in adapt have no unknown tokens, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        texts,
        settings,
        fc.string({ unit: 'binary', maxLength: 30 }),
        async (corpus, options, other) => {
          const layer = new TextVectorization(options as never);
          await layer.adapt(corpus);
          const size = layer.vocabularySize();
          const ids = layer.vectorize([...corpus, other]);
          const rows = ids.arraySync() as number[][];
          ids.dispose();
          for (const row of rows)
            for (const id of row) expect(Number.isInteger(id) && id >= 0 && id < size).toBe(true);
          rows.slice(0, corpus.length).forEach((row) => {
            expect(row).not.toContain(1);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('count mode sums to the number of non-empty tokens of each text', async () => {
    await fc.assert(
      fc.asyncProperty(texts, async (corpus) => {
        const layer = new TextVectorization({
          outputMode: 'count',
          split: 'character',
          standardize: null,
        });
        await layer.adapt(corpus);
        const counts = layer.vectorize(corpus);
        const sums = counts.sum(1).arraySync() as number[];
        counts.dispose();
        corpus.forEach((text, i) => {
          expect(sums[i]).toBe(Array.from(text).length);
        });
      }),
      { numRuns: 40 },
    );
  });
});
