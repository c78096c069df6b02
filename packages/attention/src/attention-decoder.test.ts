import '@tensorflow/tfjs-backend-wasm';
import { gruCell, lstmCell } from '@seq/layers';
import { expectTensorsClose, roundTripModel, runLayerContract } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { AdditiveAttention } from './additive-attention.js';
import { Attention } from './attention.js';
import { AttentionDecoder, attentionDecoder } from './attention-decoder.js';
import { bahdanauAttention } from './bahdanau-attention.js';

const initial = tf.getBackend();
afterAll(async () => {
  await tf.setBackend(initial);
});

const inputs = () => [
  tf.randomNormal([2, 4, 3], 0, 1, 'float32', 1),
  tf.randomNormal([2, 6, 5], 0, 1, 'float32', 2),
];

describe('AttentionDecoder', () => {
  it.each([
    [
      'LSTM + Luong general',
      () =>
        attentionDecoder({
          cell: lstmCell({ units: 4 }),
          attention: new Attention({ scoreMode: 'general' }),
        }),
      5,
    ],
    [
      'GRU + Bahdanau',
      () =>
        attentionDecoder({
          cell: gruCell({ units: 4 }),
          attention: bahdanauAttention({ units: 3 }),
        }),
      7,
    ],
    [
      'GRU + additive, no attention layer',
      () =>
        attentionDecoder({
          cell: gruCell({ units: 5 }),
          attention: new AdditiveAttention(),
          attentionLayerSize: null,
        }),
      4,
    ],
  ] as const)('%s meets the layer contract', async (_, create, weights) => {
    const probe = create();
    const size = probe.attentionLayerSize ?? 5;
    await runLayerContract({
      create,
      input: inputs,
      expectedWeights: weights,
      expectedOutputShape: [2, 4, size],
    });
  });

  it('step by step equals the whole-sequence call, alignments included', () => {
    const decoder = attentionDecoder({
      cell: lstmCell({ units: 4 }),
      attention: bahdanauAttention({ units: 3 }),
    });
    const [x, memory] = inputs() as [tf.Tensor, tf.Tensor];
    const memoryMask = tf.tensor2d([
      [1, 1, 1, 1, 1, 1],
      [1, 1, 1, 0, 0, 0],
    ]);
    const h0 = [
      tf.randomNormal([2, 4], 0, 1, 'float32', 3),
      tf.randomNormal([2, 4], 0, 1, 'float32', 4),
    ];
    const [whole, alignments] = decoder.apply([x, memory], {
      memoryMask,
      initialState: h0,
      returnAlignments: true,
    }) as tf.Tensor[];
    let state = { ...decoder.getInitialState(2), cellStates: h0 };
    const outs: tf.Tensor[] = [];
    const aligns: tf.Tensor[] = [];
    for (const xt of tf.unstack(x, 1)) {
      const step = decoder.step(xt, state, memory, memoryMask);
      outs.push(step.output);
      aligns.push(step.alignment);
      state = step.state;
    }
    expectTensorsClose(tf.stack(outs, 1), whole as tf.Tensor, { atol: 1e-5 });
    expectTensorsClose(tf.stack(aligns, 1), alignments as tf.Tensor, { atol: 1e-5 });
    // Masked encoder steps get no attention.
    expect(
      Math.max(
        ...((alignments as tf.Tensor).slice([1, 0, 3], [1, 4, 3]).dataSync() as Float32Array),
      ),
    ).toBeLessThan(1e-6);
  });

  it.each(['cpu', 'wasm'])(
    'learns to copy a sequence through attention on %s (teacher forcing), and saves and loads',
    async (backend) => {
      await tf.setBackend(backend);
      const n = 5;
      const ids = tf.randomUniform([128, n], 1, 6, 'int32', 5);
      const source = tf.oneHot(ids, 6).toFloat(); // [128, 5, 6]
      const shifted = tf.concat(
        [tf.zeros([128, 1, 6]), source.slice([0, 0, 0], [128, n - 1, 6])],
        1,
      ); // teacher forcing
      // The encoder sees each token with its position, so that attention can find step t by position.
      const positions = tf
        .oneHot(tf.range(0, n, 1, 'int32'), n)
        .expandDims(0)
        .tile([128, 1, 1]); // [128, 5, 5]
      const encoded = tf.concat([source, positions], 2); // [128, 5, 11]
      const encoderIn = tf.input({ shape: [n, 6 + n] });
      const decoderIn = tf.input({ shape: [n, 6 + n] });
      const decoderFeed = tf.concat([shifted, positions], 2); // the previous token and this step's position
      const memory = tf.layers
        .dense({ units: 8, activation: 'tanh' })
        .apply(encoderIn) as tf.SymbolicTensor;
      const decoded = attentionDecoder({
        cell: gruCell({ units: 16 }),
        attention: new Attention({ scoreMode: 'general' }),
      }).apply([decoderIn, memory]) as tf.SymbolicTensor;
      const probs = tf.layers
        .dense({ units: 6, activation: 'softmax' })
        .apply(decoded) as tf.SymbolicTensor;
      const model = tf.model({ inputs: [encoderIn, decoderIn], outputs: probs });
      const optimizer = tf.train.adam(0.02);
      model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      const history = await model.fit([encoded, decoderFeed], source, {
        epochs: 40,
        batchSize: 64,
        verbose: 0,
      });
      expect(history.history.acc?.at(-1)).toBeGreaterThan(0.95);
      const loaded = await roundTripModel(model);
      expectTensorsClose(
        loaded.predict([encoded, decoderFeed]) as tf.Tensor,
        model.predict([encoded, decoderFeed]) as tf.Tensor,
        { atol: 1e-5 },
      );
      optimizer.dispose();
    },
    120_000,
  );

  it('with seeds, builds the same weights every time, saves the seeds, and refuses a bad one', () => {
    const weightsOf = (seed: number) => {
      const decoder = attentionDecoder({
        cell: gruCell({
          units: 4,
          kernelInitializer: tf.initializers.glorotUniform({ seed }),
          recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1 }),
        }),
        attention: bahdanauAttention({ units: 3, seed: seed + 2 }),
        seed: seed + 5,
      });
      const [x, memory] = inputs();
      tf.dispose(decoder.apply([x as tf.Tensor, memory as tf.Tensor]) as tf.Tensor);
      const values = decoder.getWeights().map((w) => Array.from(w.dataSync()));
      const config = decoder.getConfig();
      tf.dispose([x as tf.Tensor, memory as tf.Tensor]);
      decoder.dispose();
      return { values, config };
    };
    const a = weightsOf(10);
    expect(weightsOf(10).values).toEqual(a.values);
    expect(weightsOf(11).values).not.toEqual(a.values);
    expect(a.config.seed).toBe(15);
    expect((a.config.attention as { config: { seed: number } }).config.seed).toBe(12);
    const general = (seed: number | null) => {
      const layer = new Attention({ scoreMode: 'general', seed });
      const [q, v] = inputs();
      tf.dispose(layer.apply([q as tf.Tensor, v as tf.Tensor]) as tf.Tensor);
      const values = Array.from(layer.getWeights()[0]?.dataSync() ?? []);
      tf.dispose([q as tf.Tensor, v as tf.Tensor]);
      return values;
    };
    expect(general(3)).toEqual(general(3));
    expect(general(null)).not.toEqual(general(null));
    expect(() => bahdanauAttention({ units: 3, seed: -1 })).toThrow(
      /BahdanauAttention: `seed` must be a non-negative integer/,
    );
    expect(() =>
      attentionDecoder({
        cell: gruCell({ units: 4 }),
        attention: new AdditiveAttention(),
        seed: 0.5,
      }),
    ).toThrow(/AttentionDecoder: `seed` must be a non-negative integer/);
  });

  it('two decoders and two attention layers in one model need no names', () => {
    const memory = tf.input({ shape: [6, 5] });
    const x = tf.input({ shape: [4, 3] });
    const first = attentionDecoder({ cell: gruCell({ units: 4 }), attention: new Attention() });
    const second = attentionDecoder({ cell: gruCell({ units: 4 }), attention: new Attention() });
    expect(first.name).not.toBe(second.name);
    expect(first.attention.name).not.toBe(second.attention.name);
    const y = second.apply([first.apply([x, memory]) as tf.SymbolicTensor, memory]);
    const model = tf.model({ inputs: [x, memory], outputs: y as tf.SymbolicTensor });
    expect(model.outputs[0]?.shape).toEqual([null, 4, 4]);
    model.dispose();
  });

  it('rejects a missing cell or attention, and step before build', () => {
    expect(() =>
      attentionDecoder({ cell: undefined as never, attention: new Attention() }),
    ).toThrow(/^AttentionDecoder: `cell` must be a seq recurrent cell/);
    expect(() =>
      attentionDecoder({
        cell: gruCell({ units: 2 }),
        attention: tf.layers.dense({ units: 2 }) as never,
      }),
    ).toThrow(/^AttentionDecoder: `attention` must be a seq attention layer/);
    const decoder = new AttentionDecoder({
      cell: gruCell({ units: 2 }),
      attention: new Attention(),
    });
    expect(() =>
      decoder.step(
        tf.zeros([1, 2]),
        { cellStates: [], attention: tf.zeros([1, 2]) },
        tf.zeros([1, 3, 2]),
      ),
    ).toThrow(
      'AttentionDecoder: `this` must be a built decoder (call it once, or build it, before step); received an unbuilt decoder.',
    );
  });
});
