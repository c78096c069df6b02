import '@tensorflow/tfjs-backend-wasm';
import { gruCell } from '@seq/layers';
import { expectTensorsClose, roundTripModel, runLayerContract } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { AdditiveAttention } from './additive-attention.js';
import { Attention } from './attention.js';
import { attentionDecoder } from './attention-decoder.js';
import { bahdanauAttention } from './bahdanau-attention.js';
import { MultiHeadAttention, multiHeadAttention } from './multi-head-attention.js';

const initial = tf.getBackend();
afterAll(async () => {
  await tf.setBackend(initial);
});

const pair = () => [
  tf.randomNormal([2, 4, 6], 0, 1, 'float32', 1),
  tf.randomNormal([2, 5, 6], 0, 1, 'float32', 2),
];

describe('the layer contract', () => {
  it('MultiHeadAttention', async () => {
    await runLayerContract({
      create: () => multiHeadAttention({ numHeads: 2, keyDim: 3, outputShape: 7 }),
      input: pair,
      expectedWeights: 8,
      expectedWeightNames: [
        'query/kernel',
        'query/bias',
        'key/kernel',
        'key/bias',
        'value/kernel',
        'value/bias',
        'attention_output/kernel',
        'attention_output/bias',
      ],
      expectedOutputShape: [2, 4, 7],
      // q (k + b) = q k + q b: the key bias shifts all of a query's scores equally, softmax ignores it.
      weightsWithoutGradient: ['key/bias'],
    });
  });

  it.each([
    ['Attention (dot, scaled)', () => new Attention({ useScale: true }), ['scale']],
    ['Attention (concat)', () => new Attention({ scoreMode: 'concat' }), ['concat_score_weight']],
    ['Attention (general)', () => new Attention({ scoreMode: 'general' }), ['general_kernel']],
    ['AdditiveAttention', () => new AdditiveAttention(), ['scale']],
    [
      'BahdanauAttention',
      () => bahdanauAttention({ units: 5 }),
      ['query_kernel', 'key_kernel', 'attention_v'],
    ],
  ] as const)('%s', async (_, create, names) => {
    await runLayerContract({
      create,
      input: pair,
      expectedWeights: names.length,
      expectedWeightNames: [...names],
      expectedOutputShape: [2, 4, 6],
    });
  });
});

describe('gradients', () => {
  it.each([
    ['MultiHeadAttention', () => new MultiHeadAttention({ numHeads: 2, keyDim: 2 })],
    ['Attention (general)', () => new Attention({ scoreMode: 'general', useScale: true })],
    ['AdditiveAttention', () => new AdditiveAttention()],
    ['BahdanauAttention', () => bahdanauAttention({ units: 3 })],
    ['Attention (concat)', () => new Attention({ scoreMode: 'concat', useScale: true })],
    [
      'AttentionDecoder',
      () =>
        attentionDecoder({
          cell: gruCell({ units: 3 }),
          attention: bahdanauAttention({ units: 2 }),
        }),
    ],
  ] as const)('%s: analytic gradients equal numerical ones', (_, create) => {
    const layer = create();
    const [q, v] = [
      tf.randomNormal([1, 3, 4], 0, 1, 'float32', 3),
      tf.randomNormal([1, 4, 4], 0, 1, 'float32', 4),
    ] as [tf.Tensor, tf.Tensor];
    const projection = tf.randomNormal(
      (layer.apply([q, v]) as tf.Tensor).shape,
      0,
      1,
      'float32',
      5,
    );
    const loss = (a: tf.Tensor) => tf.sum(tf.mul(layer.apply([a, v]) as tf.Tensor, projection));
    const analytic = tf.grad(loss)(q).dataSync();
    const base = q.dataSync().slice();
    const eps = 1e-2;
    for (const i of [0, 5, 11]) {
      const plus = base.slice();
      const minus = base.slice();
      plus[i] = (plus[i] as number) + eps;
      minus[i] = (minus[i] as number) - eps;
      const f = (d: Float32Array) => loss(tf.tensor(d, q.shape)).dataSync()[0] as number;
      const numeric = (f(plus as Float32Array) - f(minus as Float32Array)) / (2 * eps);
      expect(Math.abs(numeric - (analytic[i] as number))).toBeLessThan(5e-3);
    }
  });

  it('causal multi-head self-attention never looks ahead, checked by gradient', () => {
    const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 3 });
    const x = tf.randomNormal([1, 6, 4], 0, 1, 'float32', 6);
    for (const t of [0, 2, 5]) {
      const g = tf.grad((a: tf.Tensor) =>
        tf.sum(
          (layer.apply([a, a], { useCausalMask: true }) as tf.Tensor).slice([0, t, 0], [1, 1, 4]),
        ),
      )(x);
      const perStep = tf.sum(tf.abs(g), [0, 2]).arraySync() as number[];
      expect(perStep.slice(t + 1).every((v) => v === 0)).toBe(true);
    }
  });
});

describe('masks in the Keras layers', () => {
  it('zero the outputs of masked queries, and ignore masked values', () => {
    const [q, v] = pair() as [tf.Tensor, tf.Tensor];
    const layer = new Attention();
    const queryMask = tf.tensor2d([
      [1, 1, 0, 1],
      [1, 1, 1, 1],
    ]);
    const valueMask = tf.tensor2d([
      [1, 1, 1, 0, 0],
      [1, 1, 1, 1, 1],
    ]);
    const [out, scores] = layer.apply([q, v], {
      mask: [queryMask, valueMask],
      returnAttentionScores: true,
    }) as tf.Tensor[];
    expectTensorsClose((out as tf.Tensor).slice([0, 2, 0], [1, 1, 6]), [[[0, 0, 0, 0, 0, 0]]], {
      atol: 0,
    });
    expectTensorsClose((scores as tf.Tensor).slice([0, 0, 3], [1, 1, 2]), [[[0, 0]]], { atol: 0 });
  });
});

describe('MultiHeadAttention in a functional model', () => {
  it.each(['cpu', 'wasm'])(
    'learns to reverse a sequence on %s, saves, loads and predicts identically',
    async (backend) => {
      await tf.setBackend(backend);
      // Reverse 6 tokens over a vocabulary of 5: each output position must attend to its mirror.
      const n = 6;
      const ids = tf.randomUniform([256, n], 0, 5, 'int32', 7);
      const x = tf.oneHot(ids, 5).toFloat(); // [256, 6, 5]
      const y = tf.oneHot(tf.reverse(ids, 1), 5).toFloat();
      const positions = tf
        .oneHot(tf.range(0, n, 1, 'int32'), n)
        .expandDims(0)
        .tile([256, 1, 1]); // [256, 6, 6]
      const input = tf.input({ shape: [n, 5] });
      const position = tf.input({ shape: [n, n] });
      const keys = tf.layers.concatenate().apply([input, position]) as tf.SymbolicTensor; // tokens + positions
      const attended = multiHeadAttention({ numHeads: 2, keyDim: 16 }).apply([
        position,
        keys,
      ]) as tf.SymbolicTensor;
      const output = tf.layers
        .dense({ units: 5, activation: 'softmax' })
        .apply(attended) as tf.SymbolicTensor;
      const model = tf.model({ inputs: [input, position], outputs: output });
      const optimizer = tf.train.adam(0.02);
      model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      const history = await model.fit([x, positions], y, { epochs: 60, batchSize: 64, verbose: 0 });
      expect(history.history.acc?.at(-1)).toBeGreaterThan(0.98);
      const loaded = await roundTripModel(model);
      expectTensorsClose(
        loaded.predict([x, positions]) as tf.Tensor,
        model.predict([x, positions]) as tf.Tensor,
        { atol: 1e-6 },
      );
      optimizer.dispose();
    },
    120_000,
  );
});

describe('bad arguments', () => {
  it('are rejected with clear messages', () => {
    expect(() => multiHeadAttention({ numHeads: 0, keyDim: 2 })).toThrow(
      'MultiHeadAttention: `numHeads` must be a positive integer; received 0.',
    );
    expect(() => multiHeadAttention({ numHeads: 2, keyDim: 2, dropout: 1 })).toThrow(
      'MultiHeadAttention: `dropout` must be a number in [0, 1); received 1.',
    );
    expect(() => new Attention({ scoreMode: 'luong' as never })).toThrow(
      'Attention: `scoreMode` must be one of "dot", "concat", "general"; received "luong".',
    );
    const mha = multiHeadAttention({ numHeads: 1, keyDim: 2 });
    const [q, v] = pair() as [tf.Tensor, tf.Tensor];
    expect(() => mha.apply([q, v], { attentionMask: tf.ones([2, 4, 4]) })).toThrow(
      'MultiHeadAttention: `attentionMask` must be a tensor of shape [batch, 4, 5] ([batch, Tq, Tv]); received a float32 tensor of shape [2, 4, 4].',
    );
    expect(() => mha.apply(q)).toThrow(
      /MultiHeadAttention: `inputs` must be \[query, value\] or \[query, value, key\]/,
    );
  });
});
