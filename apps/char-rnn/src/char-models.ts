import { SeededRandom } from '@seq/core';
import { gru, lstm } from '@seq/layers';
import { transformerCausalLM } from '@seq/transformer';
import * as tf from '@tensorflow/tfjs';

/** The language models the app trains. */
export const MODEL_KINDS = ['gru', 'lstm', 'stateful-gru', 'stateful-lstm', 'transformer'] as const;
/** One of {@link MODEL_KINDS}. */
export type ModelKind = (typeof MODEL_KINDS)[number];

/** What each model is, for `--help` and the README. */
export const MODEL_DESCRIPTIONS: Record<ModelKind, string> = {
  gru: "the book's char-RNN: embedding(16), GRU(units), dense softmax; shuffled windows",
  lstm: 'the same with an LSTM',
  'stateful-gru': 'a stateful GRU: windows follow each other, the state carries over (16.1.5)',
  'stateful-lstm': 'the same with an LSTM',
  transformer: 'a small GPT-style Transformer: 2 causal decoder blocks, width units/2, 4 heads',
};

/** Whether a model kind keeps its state from batch to batch. */
export function isStateful(kind: ModelKind): boolean {
  return kind.startsWith('stateful');
}

/** Options of {@link buildCharModel}. */
export interface CharModelOptions {
  kind: ModelKind;
  /** Token ids, padding (0) and special ids included. */
  vocabularySize: number;
  /** Recurrent units (the Transformer's feed-forward width; its model width is half). */
  units: number;
  /** Steps per training window. */
  length: number;
  /** The fixed batch size of a stateful model (its number of streams). */
  batchSize: number;
  learningRate: number;
  seed: number;
}

/**
 * Builds and compiles a character language model: ids `[batch, time]` in, next-character
 * probabilities `[batch, time, vocabulary]` out (a softmax after a `logits` layer, so that the
 * loss is tfjs' own sparse cross-entropy, saved with the model, and a resumed run keeps its
 * optimizer state). Every initializer is seeded.
 */
export function buildCharModel(options: CharModelOptions): tf.LayersModel {
  const { kind, vocabularySize, units, length, batchSize, seed } = options;
  const seeds = new SeededRandom(`${seed}/${kind}`);
  const glorot = () => tf.initializers.glorotUniform({ seed: seeds.nextSeed() });
  let logits: tf.SymbolicTensor;
  let input: tf.SymbolicTensor;
  if (kind === 'transformer') {
    const lm = transformerCausalLM({
      vocabularySize,
      sequenceLength: length,
      embeddingDim: Math.max(4, Math.floor(units / 8) * 4),
      numHeads: 4,
      intermediateDim: units,
      numLayers: 2,
      seed: seeds.nextSeed() % 2 ** 30,
    });
    input = lm.inputs[0] as tf.SymbolicTensor;
    logits = lm.outputs[0] as tf.SymbolicTensor; // [batch, time, vocabulary]
  } else {
    const stateful = isStateful(kind);
    input = stateful
      ? tf.input({ batchShape: [batchSize, length], dtype: 'int32' })
      : tf.input({ shape: [null], dtype: 'int32' }); // [batch, time]
    let x = tf.layers
      .embedding({
        inputDim: vocabularySize,
        outputDim: 16,
        embeddingsInitializer: tf.initializers.randomUniform({
          minval: -0.05,
          maxval: 0.05,
          seed: seeds.nextSeed(),
        }),
      })
      .apply(input) as tf.SymbolicTensor; // [batch, time, 16]
    const recurrent = kind.endsWith('gru') ? gru : lstm;
    x = recurrent({
      units,
      returnSequences: true,
      stateful,
      kernelInitializer: glorot(),
      recurrentInitializer: tf.initializers.orthogonal({ seed: seeds.nextSeed() }),
    }).apply(x) as tf.SymbolicTensor; // [batch, time, units]
    logits = tf.layers
      .dense({ units: vocabularySize, name: 'logits', kernelInitializer: glorot() })
      .apply(x) as tf.SymbolicTensor;
  }
  const probabilities = tf.layers
    .activation({ activation: 'softmax', name: 'probabilities' })
    .apply(logits) as tf.SymbolicTensor;
  const model = tf.model({
    inputs: input,
    outputs: probabilities,
    name: `char_${kind.replace('-', '_')}`,
  });
  model.compile({
    optimizer: tf.train.adam(options.learningRate),
    loss: 'sparseCategoricalCrossentropy',
  });
  return model;
}

/**
 * The same model without its final softmax: ids in, next-character logits out, sharing the
 * weights; what the decoding step functions (`recurrentStepper`) drive.
 */
export function logitsModel(model: tf.LayersModel): tf.LayersModel {
  return tf.model({
    inputs: model.inputs,
    outputs: model.getLayer('logits').output as tf.SymbolicTensor,
  });
}
