import { applyMultiHeadAttention } from '@seq/attention';
import { layerNorm } from '@seq/layers';
import { expectTensorsClose, runLayerContract } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { PaddingMask } from './padding-mask.js';
import { PositionEmbedding } from './position-embedding.js';
import { SinePositionEncoding, sinePositionEncoding } from './sine-position-encoding.js';
import { TransformerDecoder } from './transformer-decoder.js';
import { TransformerEncoder } from './transformer-encoder.js';

const x = () => tf.randomNormal([2, 5, 8], 0, 1, 'float32', 1);

describe('the layer contract', () => {
  it('TransformerEncoder (post-norm and pre-norm)', async () => {
    for (const normalizeFirst of [false, true]) {
      await runLayerContract({
        create: () => new TransformerEncoder({ intermediateDim: 16, numHeads: 2, normalizeFirst }),
        input: x,
        expectedWeights: 16,
        expectedOutputShape: [2, 5, 8],
        weightsWithoutGradient: ['self_attention_layer/key/bias'], // shifts all of a query's scores equally
      });
    }
  });

  it('TransformerDecoder, with and without an encoder sequence', async () => {
    await runLayerContract({
      create: () => new TransformerDecoder({ intermediateDim: 16, numHeads: 2 }),
      input: () => [x(), tf.randomNormal([2, 7, 8], 0, 1, 'float32', 2)],
      expectedWeights: 26,
      expectedOutputShape: [2, 5, 8],
      weightsWithoutGradient: ['self_attention/key/bias', 'cross_attention/key/bias'],
    });
    await runLayerContract({
      create: () =>
        new TransformerDecoder({ intermediateDim: 16, numHeads: 2, normalizeFirst: true }),
      input: x,
      expectedWeights: 16,
      expectedOutputShape: [2, 5, 8],
      weightsWithoutGradient: ['self_attention/key/bias'],
    });
  });

  it('PositionEmbedding and SinePositionEncoding', async () => {
    await runLayerContract({
      create: () => new PositionEmbedding({ sequenceLength: 9 }),
      input: x,
      expectedWeights: 1,
      expectedWeightNames: ['embeddings'],
      expectedOutputShape: [2, 5, 8],
    });
    await runLayerContract({
      create: () => new SinePositionEncoding(),
      input: x,
      expectedWeights: 0,
      expectedOutputShape: [2, 5, 8],
    });
    await runLayerContract({
      create: () => new PaddingMask(),
      input: () =>
        tf.tensor2d([
          [3, 0],
          [0, 1],
        ]),
      expectedWeights: 0,
      expectedOutputShape: [2, 2],
    });
    expect(
      (new PaddingMask({ paddingId: 3 }).apply(tf.tensor2d([[3, 0]])) as tf.Tensor).arraySync(),
    ).toEqual([[0, 1]]);
  });
});

describe('behaviour', () => {
  it('pre-norm encoder equals x + MHA(LN(x)), then + FFN(LN(.)), written out', () => {
    const layer = new TransformerEncoder({
      intermediateDim: 16,
      numHeads: 2,
      normalizeFirst: true,
      activation: 'gelu',
    });
    const input = x();
    layer.apply(input);
    const w = layer.getWeights();
    const at = (i: number) => w[i] as tf.Tensor;
    const attention = applyMultiHeadAttention(
      {
        queryKernel: at(0),
        queryBias: at(1),
        keyKernel: at(2),
        keyBias: at(3),
        valueKernel: at(4),
        valueBias: at(5),
        outputKernel: at(6),
        outputBias: at(7),
      },
      layerNorm(input, at(8), at(9), 1e-5),
      layerNorm(input, at(8), at(9), 1e-5),
      layerNorm(input, at(8), at(9), 1e-5),
    ).output;
    const y = tf.add(input, attention);
    const normed = tf.reshape(layerNorm(y, at(10), at(11), 1e-5), [10, 8]);
    const inner = tf.matMul(normed, at(12)).add(at(13));
    const gelu = tf.mul(tf.mul(inner, 0.5), tf.add(1, tf.erf(tf.div(inner, Math.SQRT2))));
    const expected = tf.add(y, tf.reshape(tf.matMul(gelu, at(14)).add(at(15)), [2, 5, 8]));
    expectTensorsClose(layer.apply(input) as tf.Tensor, expected, { atol: 1e-5 });
  });

  it('padding never changes a real position: the encoder ignores what padded steps hold', () => {
    const layer = new TransformerEncoder({ intermediateDim: 16, numHeads: 2 });
    const input = x();
    const paddingMask = tf.tensor2d([
      [1, 1, 1, 1, 1],
      [1, 1, 1, 0, 0],
    ]);
    const a = layer.apply(input, { paddingMask }) as tf.Tensor;
    const noise = tf.mul(
      tf.randomNormal([2, 5, 8], 0, 5, 'float32', 3),
      tf.sub(1, tf.expandDims(paddingMask, 2)),
    );
    const b = layer.apply(tf.add(input, noise), { paddingMask }) as tf.Tensor;
    expectTensorsClose(
      tf.mul(a, tf.expandDims(paddingMask, 2)),
      tf.mul(b, tf.expandDims(paddingMask, 2)),
      { atol: 1e-5 },
    );
  });

  it('the decoder is causal, checked by gradient', () => {
    const layer = new TransformerDecoder({ intermediateDim: 16, numHeads: 2 });
    const input = x();
    layer.apply(input);
    for (const t of [0, 2, 4]) {
      // A random projection, not a plain sum: the features of a layer-normalised row always sum the same.
      const projection = tf.randomNormal([1, 1, 8], 0, 1, 'float32', 10 + t);
      const g = tf.grad((a: tf.Tensor) =>
        tf.sum(tf.mul((layer.apply(a) as tf.Tensor).slice([0, t, 0], [1, 1, 8]), projection)),
      )(input);
      const perStep = tf.sum(tf.abs(g.slice([0, 0, 0], [1, 5, 8])), [0, 2]).arraySync() as number[];
      expect(perStep.slice(t + 1).every((v) => v === 0)).toBe(true);
      expect(perStep[t]).toBeGreaterThan(0);
    }
  });

  it("the sine encoding layer returns the function's encoding for every sample, from startIndex", () => {
    const layer = new SinePositionEncoding({ maxWavelength: 100 });
    const out = layer.apply(tf.zeros([3, 4, 6]), { startIndex: 2 }) as tf.Tensor;
    expectTensorsClose(
      out.slice([2, 0, 0], [1, 4, 6]).squeeze([0]),
      sinePositionEncoding(4, 6, { maxWavelength: 100, startIndex: 2 }),
      { atol: 1e-6 },
    );
  });

  it('rejects bad arguments and shapes clearly', () => {
    expect(() => new TransformerEncoder({ intermediateDim: 0, numHeads: 2 })).toThrow(
      'TransformerEncoder: `intermediateDim` must be a positive integer; received 0.',
    );
    expect(
      () => new TransformerDecoder({ intermediateDim: 8, numHeads: 2, layerNormEpsilon: 0 }),
    ).toThrow('TransformerDecoder: `layerNormEpsilon` must be a number > 0; received 0.');
    expect(() => new TransformerEncoder({ intermediateDim: 8, numHeads: 3 }).apply(x())).toThrow(
      'TransformerEncoder: `inputs` must be a shape [batch, time, hidden] with hidden divisible by numHeads (3); received [2, 5, 8].',
    );
    const decoder = new TransformerDecoder({ intermediateDim: 8, numHeads: 2 });
    decoder.apply(x());
    expect(() => decoder.apply([x(), x()])).toThrow(
      'TransformerDecoder: `inputs` must be the decoder sequence alone, as when the layer was built; received [decoderSequence, encoderSequence].',
    );
    expect(() => new PositionEmbedding({ sequenceLength: 3 }).apply(x())).toThrow(
      'PositionEmbedding: `inputs` must be at most 3 time steps (sequenceLength 3, startIndex 0); received a float32 tensor of shape [2, 5, 8].',
    );
    expect(() => sinePositionEncoding(0, 4)).toThrow(
      'sinePositionEncoding: `sequenceLength` must be a positive integer; received 0.',
    );
  });
});

describe('default names', () => {
  it('are Keras-style and unique, so two unnamed blocks can share a model (and their weight names differ)', () => {
    const a = new TransformerEncoder({ intermediateDim: 8, numHeads: 2 });
    const b = new TransformerEncoder({ intermediateDim: 8, numHeads: 2 });
    expect(a.name).toMatch(/^transformer_encoder(_\d+)?$/);
    expect(b.name).not.toBe(a.name);
    expect(new TransformerDecoder({ intermediateDim: 8, numHeads: 2 }).name).toMatch(
      /^transformer_decoder(_\d+)?$/,
    );
    expect(new PositionEmbedding({ sequenceLength: 4 }).name).toMatch(
      /^position_embedding(_\d+)?$/,
    );
    expect(new SinePositionEncoding({}).name).toMatch(/^sine_position_encoding(_\d+)?$/);
    const x = tf.input({ shape: [4, 8] });
    const model = tf.model({ inputs: x, outputs: b.apply(a.apply(x)) as tf.SymbolicTensor });
    const names = model.weights.map((w) => w.originalName);
    expect(new Set(names).size).toBe(names.length);
    model.dispose();
  });
});
