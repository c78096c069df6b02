import { SeededRandom } from '@seq/core';
import { conv1d, gru, layerNormSimpleRNNCell, lstm, rnn, simpleRNN } from '@seq/layers';
import { SinePositionEncoding, TransformerDecoder } from '@seq/transformer';
import { simpleWaveNet } from '@seq/wavenet';
import * as tf from '@tensorflow/tfjs';

/** The models the app trains, in the order of the book. */
export const MODEL_NAMES = [
  'linear',
  'simple-rnn',
  'deep-rnn',
  'lstm',
  'gru',
  'ln-rnn',
  'cnn-gru',
  'wavenet',
  'transformer',
] as const;
/** One of {@link MODEL_NAMES}. */
export type ModelName = (typeof MODEL_NAMES)[number];

/** What each model is, for `--help` and the README. */
export const MODEL_DESCRIPTIONS: Record<ModelName, string> = {
  linear: 'one dense layer over the flattened window',
  'simple-rnn': 'SimpleRNN(20), dense head',
  'deep-rnn': 'SimpleRNN(20) x2, dense head (the book deep RNN)',
  lstm: 'LSTM(20) x2, dense head',
  gru: 'GRU(20) x2 (Keras GRU, resetAfter), dense head',
  'ln-rnn': 'layer-normalised SimpleRNN(20) cells x2, dense head',
  'cnn-gru': 'Conv1D(20, kernel 4, stride 2) then GRU(20) x2',
  wavenet: "the book's WaveNet: causal Conv1D(20) with dilations 1,2,4,8 x2",
  transformer: 'a causal Transformer decoder block (32 wide, 4 heads) over sine positions',
};

/** How a model forecasts `horizon` steps. */
export type Strategy = 'one-step' | 'direct' | 'seq2seq';
/** The strategies, in the order of the book. */
export const STRATEGIES: readonly Strategy[] = ['one-step', 'direct', 'seq2seq'];

/** Models that produce an output at every step, and so train sequence-to-sequence. */
export const SEQUENCE_MODELS: readonly ModelName[] = [
  'deep-rnn',
  'lstm',
  'gru',
  'ln-rnn',
  'cnn-gru',
  'wavenet',
  'transformer',
];

/** Options of {@link buildModel}. */
export interface BuildOptions {
  /** Steps in each input window. */
  inputSteps: number;
  /** Values forecast per output step: 1 (one step) or the horizon. */
  outputs: number;
  /** An output at every step (`[batch, time, outputs]`) instead of one (`[batch, outputs]`). */
  sequenceOutput: boolean;
  /** Seed of every initializer. */
  seed: number;
  learningRate: number;
}

/** Time steps a model outputs in sequence mode: the convolution of `cnn-gru` halves them. */
export function outputSteps(name: ModelName, inputSteps: number): number {
  return name === 'cnn-gru' ? Math.floor((inputSteps - 4) / 2) + 1 : inputSteps;
}

/**
 * The input step whose future the `j`-th output step of a sequence model forecasts: itself, or for
 * `cnn-gru` (kernel 4, stride 2) the last step its window covers, `2j + 3`.
 */
export function outputStepSource(name: ModelName, j: number): number {
  return name === 'cnn-gru' ? 2 * j + 3 : j;
}

/**
 * Builds and compiles one of the book's forecasting models (Adam, MSE), with every initializer
 * seeded from `seed`: the same seed gives the same weights.
 */
export function buildModel(name: ModelName, options: BuildOptions): tf.LayersModel {
  const { inputSteps, outputs, sequenceOutput } = options;
  const seeds = new SeededRandom(`${options.seed}/${name}`);
  const glorot = () => tf.initializers.glorotUniform({ seed: seeds.nextSeed() });
  const orthogonal = () => tf.initializers.orthogonal({ seed: seeds.nextSeed() });
  const recurrent = (returnSequences: boolean) => ({
    units: 20,
    returnSequences,
    kernelInitializer: glorot(),
    recurrentInitializer: orthogonal(),
  });
  const head = () => tf.layers.dense({ units: outputs, kernelInitializer: glorot() });
  const input = tf.input({ shape: [inputSteps, 1] }); // [batch, time, 1]
  let x: tf.SymbolicTensor;
  switch (name) {
    case 'linear':
      x = tf.layers.flatten().apply(input) as tf.SymbolicTensor; // [batch, time]
      break;
    case 'simple-rnn':
      x = simpleRNN(recurrent(false)).apply(input) as tf.SymbolicTensor;
      break;
    case 'deep-rnn':
      x = simpleRNN(recurrent(true)).apply(input) as tf.SymbolicTensor;
      x = simpleRNN(recurrent(sequenceOutput)).apply(x) as tf.SymbolicTensor;
      break;
    case 'lstm':
      x = lstm(recurrent(true)).apply(input) as tf.SymbolicTensor;
      x = lstm(recurrent(sequenceOutput)).apply(x) as tf.SymbolicTensor;
      break;
    case 'gru':
      x = gru(recurrent(true)).apply(input) as tf.SymbolicTensor;
      x = gru(recurrent(sequenceOutput)).apply(x) as tf.SymbolicTensor;
      break;
    case 'ln-rnn': {
      const cell = () =>
        layerNormSimpleRNNCell({
          units: 20,
          kernelInitializer: glorot(),
          recurrentInitializer: orthogonal(),
        });
      x = rnn({ cell: cell(), returnSequences: true }).apply(input) as tf.SymbolicTensor;
      x = rnn({ cell: cell(), returnSequences: sequenceOutput }).apply(x) as tf.SymbolicTensor;
      break;
    }
    case 'cnn-gru':
      x = conv1d({
        filters: 20,
        kernelSize: 4,
        strides: 2,
        padding: 'valid',
        kernelInitializer: glorot(),
      }).apply(input) as tf.SymbolicTensor; // [batch, (time - 4) / 2 + 1, 20]
      x = gru(recurrent(true)).apply(x) as tf.SymbolicTensor;
      x = gru(recurrent(sequenceOutput)).apply(x) as tf.SymbolicTensor;
      break;
    case 'wavenet': {
      // The book's WaveNet as a whole ([batch, time, outputs]); the last step for one output.
      const net = simpleWaveNet({ outputUnits: outputs, seed: seeds.nextSeed() % 2 ** 30 });
      x = net.apply(input) as tf.SymbolicTensor;
      if (!sequenceOutput) x = lastStep(x, inputSteps);
      return compile(tf.model({ inputs: input, outputs: x }), options.learningRate);
    }
    case 'transformer': {
      x = tf.layers
        .dense({ units: 32, kernelInitializer: glorot() })
        .apply(input) as tf.SymbolicTensor;
      const positions = new SinePositionEncoding({}).apply(x) as tf.SymbolicTensor;
      x = tf.layers.add().apply([x, positions]) as tf.SymbolicTensor; // [batch, time, 32]
      // A decoder block without cross-attention: causal self-attention, so step t sees steps <= t.
      x = new TransformerDecoder({
        intermediateDim: 64,
        numHeads: 4,
        seed: seeds.nextSeed() % 2 ** 30,
      }).apply(x) as tf.SymbolicTensor;
      if (!sequenceOutput) x = lastStep(x, inputSteps);
      break;
    }
  }
  return compile(
    tf.model({ inputs: input, outputs: head().apply(x) as tf.SymbolicTensor }),
    options.learningRate,
  );
}

/**
 * `[batch, time, units]` -> `[batch, units]`, the last step, with tfjs' own serializable layers
 * (tfjs has no `Cropping1D`): as an image `[time, units, 1]`, crop all rows but the last.
 */
function lastStep(x: tf.SymbolicTensor, steps: number): tf.SymbolicTensor {
  const units = x.shape[2] as number;
  let y = tf.layers.reshape({ targetShape: [steps, units, 1] }).apply(x);
  y = tf.layers
    .cropping2D({
      cropping: [
        [steps - 1, 0],
        [0, 0],
      ],
    })
    .apply(y); // [batch, 1, units, 1]
  return tf.layers.flatten().apply(y) as tf.SymbolicTensor; // [batch, units]
}

function compile(model: tf.LayersModel, learningRate: number): tf.LayersModel {
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'meanSquaredError' });
  return model;
}
