import '@tensorflow/tfjs-backend-wasm';
import * as attention from '@seq/attention';
import * as layers from '@seq/layers';
import * as transformer from '@seq/transformer';
import * as wavenet from '@seq/wavenet';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Kernel coverage: every public layer and model builder takes one training step (forward pass,
 * gradients of every trainable weight) on wasm and on cpu from the same weights and inputs, and
 * both give the same numbers to 1e-4. A kernel the wasm backend lacks (forward or gradient) fails
 * here, not in a user's training run.
 */

type Inputs = Array<{ shape: number[]; dtype: 'float32' | 'int32'; max?: number }>;

interface Case {
  name: string;
  /** A fresh, unbuilt layer or model (called once per backend). */
  create: () => tf.layers.Layer | tf.LayersModel;
  inputs: Inputs;
}

const f32 = (...shape: number[]) => ({ shape, dtype: 'float32' as const });
const ids = (max: number, ...shape: number[]) => ({ shape, dtype: 'int32' as const, max });

const cases: Case[] = [
  // @seq/layers
  {
    name: 'LSTM',
    create: () => layers.lstm({ units: 4, returnSequences: true }),
    inputs: [f32(2, 5, 3)],
  },
  { name: 'GRU (resetAfter)', create: () => layers.gru({ units: 4 }), inputs: [f32(2, 5, 3)] },
  {
    name: 'GRU (resetBefore)',
    create: () => layers.gru({ units: 4, resetAfter: false }),
    inputs: [f32(2, 5, 3)],
  },
  {
    name: 'SimpleRNN',
    create: () => layers.simpleRNN({ units: 4, returnSequences: true }),
    inputs: [f32(2, 5, 3)],
  },
  {
    name: 'RNN(LayerNormLSTMCell)',
    create: () =>
      layers.rnn({ cell: layers.layerNormLSTMCell({ units: 4 }), returnSequences: true }),
    inputs: [f32(2, 5, 3)],
  },
  {
    name: 'RNN(LayerNormSimpleRNNCell)',
    create: () => layers.rnn({ cell: layers.layerNormSimpleRNNCell({ units: 4 }) }),
    inputs: [f32(2, 5, 3)],
  },
  {
    name: 'Conv1D (causal, dilated)',
    create: () => layers.conv1d({ filters: 3, kernelSize: 2, padding: 'causal', dilationRate: 2 }),
    inputs: [f32(2, 8, 3)],
  },
  {
    name: "char-RNN: tf Embedding + seq GRU x2 + Dense (the book's)",
    create: () =>
      tf.sequential({
        layers: [
          tf.layers.embedding({ inputDim: 12, outputDim: 4, inputShape: [6] }),
          layers.gru({ units: 5, returnSequences: true }),
          layers.gru({ units: 5, returnSequences: true }),
          tf.layers.dense({ units: 12 }),
        ],
      }),
    inputs: [ids(12, 2, 6)],
  },
  {
    name: "1D CNN: tf Embedding + tf conv1d + max pooling (the book's)",
    create: () =>
      tf.sequential({
        layers: [
          tf.layers.embedding({ inputDim: 12, outputDim: 4, inputShape: [8] }),
          tf.layers.conv1d({ filters: 3, kernelSize: 3, activation: 'relu' }),
          tf.layers.globalMaxPooling1d(),
          tf.layers.dense({ units: 1 }),
        ],
      }),
    inputs: [ids(12, 2, 8)],
  },
  // @seq/attention
  {
    name: 'Attention (general)',
    create: () => attention.attention({ scoreMode: 'general' }),
    inputs: [f32(2, 5, 3), f32(2, 4, 3)],
  },
  {
    name: 'AdditiveAttention',
    create: () => attention.additiveAttention(),
    inputs: [f32(2, 5, 3), f32(2, 4, 3)],
  },
  {
    name: 'BahdanauAttention',
    create: () => attention.bahdanauAttention({ units: 3 }),
    inputs: [f32(2, 5, 3), f32(2, 4, 3)],
  },
  {
    name: 'MultiHeadAttention',
    create: () => attention.multiHeadAttention({ numHeads: 2, keyDim: 2 }),
    inputs: [f32(2, 5, 3), f32(2, 4, 3)],
  },
  {
    name: 'AttentionDecoder',
    create: () =>
      attention.attentionDecoder({
        cell: layers.gruCell({ units: 4 }),
        attention: attention.attention(),
      }),
    inputs: [f32(2, 5, 3), f32(2, 4, 4)],
  },
  // @seq/transformer
  {
    name: 'TransformerEncoder',
    create: () => new transformer.TransformerEncoder({ intermediateDim: 8, numHeads: 2 }),
    inputs: [f32(2, 5, 4)],
  },
  {
    name: 'TransformerDecoder',
    create: () => new transformer.TransformerDecoder({ intermediateDim: 8, numHeads: 2 }),
    inputs: [f32(2, 5, 4), f32(2, 4, 4)],
  },
  {
    name: 'PositionEmbedding',
    create: () => new transformer.PositionEmbedding({ sequenceLength: 8 }),
    inputs: [f32(2, 5, 4)],
  },
  {
    name: 'TokenAndPositionEmbedding',
    create: () =>
      new transformer.TokenAndPositionEmbedding({
        vocabularySize: 9,
        sequenceLength: 8,
        embeddingDim: 4,
      }),
    inputs: [ids(9, 2, 6)],
  },
  {
    name: 'transformerSeq2Seq',
    create: () =>
      transformer.transformerSeq2Seq({
        vocabularySize: 9,
        sequenceLength: 5,
        embeddingDim: 8,
        numHeads: 2,
        intermediateDim: 8,
      }),
    inputs: [ids(9, 2, 5), ids(9, 2, 5)],
  },
  {
    name: 'transformerCausalLM',
    create: () =>
      transformer.transformerCausalLM({
        vocabularySize: 9,
        sequenceLength: 5,
        embeddingDim: 8,
        numHeads: 2,
        intermediateDim: 8,
      } as never),
    inputs: [ids(9, 2, 5)],
  },
  {
    name: 'transformerClassifier',
    create: () =>
      transformer.transformerClassifier({
        vocabularySize: 9,
        sequenceLength: 5,
        embeddingDim: 8,
        numHeads: 2,
        intermediateDim: 8,
        numClasses: 3,
      } as never),
    inputs: [ids(9, 2, 5)],
  },
  // @seq/wavenet
  {
    name: 'WaveNetResidualBlock',
    create: () => wavenet.wavenetResidualBlock({ filters: 3, dilationRate: 2, skipChannels: 2 }),
    inputs: [f32(2, 8, 3)],
  },
  {
    name: 'simpleWaveNet',
    create: () => wavenet.simpleWaveNet({ dilations: [1, 2, 4], filters: 4 }),
    inputs: [f32(2, 10, 1)],
  },
  {
    name: 'wavenet (mu-law softmax)',
    create: () =>
      wavenet.wavenet({
        dilations: [1, 2],
        residualChannels: 4,
        filters: 4,
        skipChannels: 4,
        classes: 16,
      }),
    inputs: [ids(16, 2, 6)],
  },
];

/** Deterministic inputs: values from a sine, ids in `[1, max)` (0 is padding for some layers). */
function makeInputs(spec: Inputs): tf.Tensor[] {
  return spec.map(({ shape, dtype, max }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: size }, (_, i) =>
      dtype === 'int32' ? 1 + ((i * 7 + 3) % ((max as number) - 1)) : Math.sin(i * 1.3 + 0.5),
    );
    return tf.tensor(values, shape, dtype);
  });
}

interface StepResult {
  outputs: number[][];
  grads: number[][];
}

/** Builds the layer, sets `weights` (if given), and takes the gradients of a fixed projection of its outputs. */
function trainStep(c: Case, weights: number[][] | null): StepResult & { weights: number[][] } {
  const layer = c.create();
  const inputs = makeInputs(c.inputs);
  const call = (): tf.Tensor[] => {
    const out = layer.apply(inputs.length === 1 ? (inputs[0] as tf.Tensor) : inputs) as
      | tf.Tensor
      | tf.Tensor[];
    return Array.isArray(out) ? out : [out];
  };
  tf.dispose(call()); // builds the weights
  if (weights)
    layer.setWeights(weights.map((w, i) => tf.tensor(w, layer.getWeights()[i]?.shape, 'float32')));
  const initial = layer.getWeights().map((w) => Array.from(w.dataSync()));
  const variables = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const outputs: number[][] = [];
  const { grads } = tf.variableGrads(() => {
    const outs = call();
    let loss = tf.scalar(0);
    for (const out of outs) {
      outputs.push(Array.from(out.dataSync()));
      const projection = tf.sin(tf.range(0, out.size).mul(0.37).add(0.1)).reshape(out.shape);
      loss = loss.add(tf.sum(tf.mul(out.toFloat(), projection)));
    }
    return loss as tf.Scalar;
  }, variables);
  const gradValues = variables.map((v) => Array.from((grads[v.name] as tf.Tensor).dataSync()));
  tf.dispose([...inputs, ...Object.values(grads)]);
  (layer as { dispose?: () => void }).dispose?.();
  return { outputs, grads: gradValues, weights: initial };
}

/** The largest magnitude among the values, at least 1. */
function scaleOf(values: number[][]): number {
  let m = 1;
  for (const row of values) for (const v of row) m = Math.max(m, Math.abs(v));
  return m;
}

function maxDifference(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((row, i) => {
    row.forEach((v, j) => {
      m = Math.max(m, Math.abs(v - (b[i]?.[j] ?? Number.NaN)));
    });
  });
  return m;
}

const initial = tf.getBackend();
afterAll(async () => {
  await tf.setBackend(initial);
});

describe('kernel coverage: one training step on wasm equals cpu', () => {
  for (const c of cases) {
    it(c.name, async () => {
      await tf.setBackend('cpu');
      const cpu = trainStep(c, null);
      await tf.setBackend('wasm');
      const wasm = trainStep(c, cpu.weights);
      expect(wasm.grads.length).toBe(cpu.grads.length);
      expect(cpu.grads.length).toBeGreaterThan(0);
      // Float32 with different summation orders: 1e-4 of the largest magnitude (at least 1). The
      // weights are drawn afresh each run; a layer norm over a near-constant row has large gradients.
      expect(maxDifference(wasm.outputs, cpu.outputs)).toBeLessThan(1e-4 * scaleOf(cpu.outputs));
      expect(maxDifference(wasm.grads, cpu.grads)).toBeLessThan(1e-4 * scaleOf(cpu.grads));
    });
  }
});
