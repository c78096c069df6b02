import { GRU, LSTM, SimpleRNN } from '@seq/layers';
import { expectNoLeakedTensors } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  beamSearch,
  greedySearch,
  prefixStepper,
  type RecurrentState,
  recurrentStepper,
  type StepResult,
  sample,
} from './index.js';

const V = 10;

/** Counting mod V: each next token is the previous + 1. */
function countingData(n: number, length: number) {
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let i = 0; i < n; i++) {
    const start = i % V;
    const seq = Array.from({ length: length + 1 }, (_, t) => (start + t) % V);
    xs.push(seq.slice(0, length));
    ys.push(seq.slice(1));
  }
  return { x: tf.tensor2d(xs), y: tf.tensor3d(ys.map((row) => row.map((t) => [t]))) };
}

function buildModel(softmax: boolean) {
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: V, outputDim: 8, inputShape: [null] }),
      new GRU({
        units: 24,
        returnSequences: true,
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dropout({ rate: 0.1 }),
      new LSTM({
        units: 16,
        returnSequences: true,
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
      tf.layers.dense({
        units: V,
        activation: softmax ? 'softmax' : 'linear',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
      }),
    ],
  });
  return model;
}

describe('recurrentStepper on a trained GRU + LSTM language model', () => {
  let model: tf.Sequential;
  beforeAll(async () => {
    model = buildModel(true);
    model.compile({ optimizer: tf.train.adam(0.02), loss: 'sparseCategoricalCrossentropy' });
    const { x, y } = countingData(40, 8);
    await model.fit(x, y, { epochs: 60, batchSize: 40, verbose: 0 });
    tf.dispose([x, y]);
  }, 120_000);

  it('knows the vocabulary size from the model', () => {
    expect(recurrentStepper(model).vocabularySize).toBe(V);
    expect(prefixStepper(model).vocabularySize).toBe(V);
  });

  it('has learned to count, and greedy decoding continues the count', async () => {
    const { tokens } = await greedySearch(recurrentStepper(model), [[3], [7, 8]], { maxLength: 6 });
    expect(tokens).toEqual([
      [4, 5, 6, 7, 8, 9],
      [9, 0, 1, 2, 3, 4],
    ]);
  });

  it('gives the full model log-probabilities at every position, step by step', () => {
    const ids = [
      [1, 2, 3, 4, 5, 6],
      [5, 4, 9, 9, 0, 2],
    ];
    const full = tf.tidy(
      () => tf.log(model.predict(tf.tensor2d(ids)) as tf.Tensor).arraySync() as number[][][],
    );
    const next = recurrentStepper(model);
    let state = null;
    for (let t = 0; t < 6; t++) {
      const tokens = tf.tensor2d(
        ids.map((row) => [row[t] as number]),
        [2, 1],
        'int32',
      );
      const step: StepResult<RecurrentState> = next(tokens, state);
      const logits = step.logits.arraySync() as number[][];
      for (let b = 0; b < 2; b++) {
        for (let v = 0; v < V; v++) {
          expect(Math.abs((logits[b]?.[v] as number) - (full[b]?.[t]?.[v] as number))).toBeLessThan(
            1e-4,
          );
        }
      }
      tf.dispose([tokens, step.logits, ...(state?.layers.flat() ?? [])]);
      state = step.state;
    }
    tf.dispose(state?.layers.flat() ?? []);
  });

  it('produces the same tokens as re-feeding the prefix, for greedy, beam and sampling', async () => {
    const prompts = [[0, 1, 2], [6], [4, 9]];
    for (const decode of [
      (next: never) => greedySearch(next, prompts, { maxLength: 8 }),
      (next: never) =>
        beamSearch(next, prompts, { maxLength: 8, beamWidth: 3, numReturnSequences: 3 }),
      (next: never) => sample(next, prompts, { maxLength: 8, seed: 5, temperature: 1.5 }),
    ]) {
      const incremental = await decode(recurrentStepper(model) as never);
      const refed = await decode(prefixStepper(model) as never);
      expect(incremental.tokens).toEqual(refed.tokens);
      for (const [b, lp] of incremental.logProbs.entries())
        expect(lp).toBeCloseTo(refed.logProbs[b] as number, 3);
    }
  });

  it('leaves no tensor behind in a full decode', async () => {
    await expectNoLeakedTensors('beamSearch(recurrentStepper)', () =>
      beamSearch(recurrentStepper(model), [[1], [2, 3]], { maxLength: 5, beamWidth: 2 }),
    );
    await expectNoLeakedTensors('sample(prefixStepper)', () =>
      sample(prefixStepper(model), [[1], [2, 3]], { maxLength: 5, seed: 1 }),
    );
  });
});

describe('recurrentStepper on other models', () => {
  it('accepts a SimpleRNN with logits (no softmax) and a functional chain', () => {
    const input = tf.input({ shape: [null] });
    const embedded = tf.layers
      .embedding({ inputDim: 5, outputDim: 3 })
      .apply(input) as tf.SymbolicTensor;
    const h = new SimpleRNN({ units: 4, returnSequences: true }).apply(
      embedded,
    ) as tf.SymbolicTensor;
    const out = tf.layers
      .timeDistributed({ layer: tf.layers.dense({ units: 5 }) })
      .apply(h) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const ids = [[1, 2, 3]];
    const full = tf.tidy(
      () => (model.predict(tf.tensor2d(ids)) as tf.Tensor).arraySync() as number[][][],
    );
    const tokens = tf.tensor2d(ids, [1, 3], 'int32');
    const step = recurrentStepper(model)(tokens, null); // a prompt of 3 tokens in one call
    const logits = step.logits.arraySync() as number[][];
    for (let v = 0; v < 5; v++) expect(logits[0]?.[v]).toBeCloseTo(full[0]?.[2]?.[v] as number, 5);
    tf.dispose([tokens, step.logits, ...step.state.layers.flat()]);
  });

  it('names the layer it cannot step through', () => {
    const tfLstm = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 5, outputDim: 3, inputShape: [null] }),
        tf.layers.lstm({ units: 4, returnSequences: true, name: 'tfjs_lstm' }),
        tf.layers.dense({ units: 5 }),
      ],
    });
    expect(() => recurrentStepper(tfLstm)).toThrow(
      "recurrentStepper: `model` must be layers that act on each step alone, or recurrent layers with a one-step API (@seq/layers SimpleRNN, LSTM, GRU, RNN); use prefixStepper for other models; received layer 'tfjs_lstm' (LSTM).",
    );
    const a = tf.input({ shape: [null] });
    const e = tf.layers.embedding({ inputDim: 5, outputDim: 3 }).apply(a) as tf.SymbolicTensor;
    const left = tf.layers.dense({ units: 3 }).apply(e) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'merge' }).apply([e, left]) as tf.SymbolicTensor;
    const branched = tf.model({
      inputs: a,
      outputs: tf.layers.dense({ units: 5 }).apply(sum) as tf.SymbolicTensor,
    });
    expect(() => recurrentStepper(branched)).toThrow(
      "received layer 'merge' (Add) called 1 time(s), fed by 2 layer(s).",
    );
    expect(() => recurrentStepper('model' as never)).toThrow(
      'recurrentStepper: `model` must be a tf.LayersModel; received "model".',
    );
    expect(() => recurrentStepper(buildModel(false), { output: 'probs' as never })).toThrow(
      'recurrentStepper: `output` must be one of',
    );
  });

  it('keeps the states over id 0 when the embedding masks it, as the full pass does', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 6, outputDim: 4, inputShape: [null], maskZero: true }),
        new GRU({ units: 5, returnSequences: true }),
        new LSTM({ units: 5, returnSequences: true }),
        tf.layers.dense({ units: 6, activation: 'softmax' }),
        tf.layers.dropout({ rate: 0.2 }), // inert at inference: the softmax is still detected
      ],
    });
    const prompts = [
      [1, 0, 3, 4],
      [2, 2, 0, 0],
    ];
    const stepped = await beamSearch(recurrentStepper(model), prompts, {
      maxLength: 4,
      beamWidth: 2,
    });
    const refed = await beamSearch(prefixStepper(model), prompts, { maxLength: 4, beamWidth: 2 });
    expect(stepped.tokens).toEqual(refed.tokens);
    for (const [b, lp] of stepped.logProbs.entries())
      expect(lp).toBeCloseTo(refed.logProbs[b] as number, 4);
  });

  it('rejects backward layers, Masking and layers called twice', () => {
    const backward = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 5, outputDim: 3, inputShape: [null] }),
        new GRU({ units: 4, returnSequences: true, goBackwards: true, name: 'backward_gru' }),
      ],
    });
    expect(() => recurrentStepper(backward)).toThrow(
      "recurrentStepper: `model` must be recurrent layers that run forwards (a backward layer needs the whole sequence first); received layer 'backward_gru' (seq.GRU) with goBackwards.",
    );
    const masking = tf.sequential({
      layers: [
        tf.layers.masking({ inputShape: [null, 3], name: 'mask' }),
        new GRU({ units: 4, returnSequences: true }),
      ],
    });
    expect(() => recurrentStepper(masking)).toThrow("received layer 'mask' (Masking).");
    const input = tf.input({ shape: [null] });
    const dense = tf.layers.dense({ units: 3, name: 'twice' });
    const e = tf.layers.embedding({ inputDim: 5, outputDim: 3 }).apply(input) as tf.SymbolicTensor;
    const twice = tf.model({
      inputs: input,
      outputs: dense.apply(dense.apply(e)) as tf.SymbolicTensor,
    });
    expect(() => recurrentStepper(twice)).toThrow(
      "received layer 'twice' (Dense) called 2 time(s), fed by 1 layer(s).",
    );
  });
});
