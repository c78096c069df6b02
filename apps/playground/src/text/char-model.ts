import { SeededRandom } from '@seq/core';
import { gru, lstm } from '@seq/layers';
import * as tf from '@tensorflow/tfjs';

/** The character models the page trains. */
export const CHAR_MODEL_KINDS = ['gru', 'lstm'] as const;

/** One of {@link CHAR_MODEL_KINDS}. */
export type CharModelKind = (typeof CHAR_MODEL_KINDS)[number];

/** Options of {@link buildCharModel}. */
export interface CharModelOptions {
  kind: CharModelKind;
  /** Token ids, padding and special ids included (`tokenizer.vocabularySize`). */
  vocabularySize: number;
  /** Recurrent units. */
  units: number;
  learningRate: number;
  seed: number;
}

/**
 * The char-rnn app's model (the book's char-RNN, 16.1): ids `[batch, time]` in, an
 * `Embedding(16)`, a GRU or LSTM, a dense layer named `logits` and a softmax named
 * `probabilities`, `[batch, time, vocabulary]` out; compiled with sparse cross-entropy. The same
 * layers and names as the app's, so a model either one saves generates in the other.
 */
export function buildCharModel(options: CharModelOptions): tf.LayersModel {
  const { kind, vocabularySize, units, seed } = options;
  const seeds = new SeededRandom(`${seed}/${kind}`);
  const glorot = () => tf.initializers.glorotUniform({ seed: seeds.nextSeed() });
  const input = tf.input({ shape: [null], dtype: 'int32' }); // [B, T]
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
    .apply(input) as tf.SymbolicTensor; // [B, T, 16]
  x = (kind === 'gru' ? gru : lstm)({
    units,
    returnSequences: true,
    kernelInitializer: glorot(),
    recurrentInitializer: tf.initializers.orthogonal({ seed: seeds.nextSeed() }),
  }).apply(x) as tf.SymbolicTensor; // [B, T, units]
  const logits = tf.layers
    .dense({ units: vocabularySize, name: 'logits', kernelInitializer: glorot() })
    .apply(x) as tf.SymbolicTensor; // [B, T, V]
  const probabilities = tf.layers
    .activation({ activation: 'softmax', name: 'probabilities' })
    .apply(logits) as tf.SymbolicTensor; // [B, T, V]
  const model = tf.model({ inputs: input, outputs: probabilities, name: `char_${kind}` });
  model.compile({
    optimizer: tf.train.adam(options.learningRate),
    loss: 'sparseCategoricalCrossentropy',
  });
  return model;
}
