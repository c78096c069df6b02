import { SeededRandom } from '@seq/core';
import { conv1d, gru, lstm } from '@seq/layers';
import { transformerClassifier } from '@seq/transformer';
import * as tf from '@tensorflow/tfjs';
import { AttentionPooling, ReverseTime } from './attention-pooling.js';

/** The classifiers the app trains (`--model`). */
export const MODEL_KINDS = ['gru', 'bilstm-attention', 'cnn', 'transformer'] as const;
/** One of {@link MODEL_KINDS}. */
export type ModelKind = (typeof MODEL_KINDS)[number];

/** What each model is, for `--help` and the README. */
export const MODEL_DESCRIPTIONS: Record<ModelKind, string> = {
  gru: "the book's: embedding with masking, GRU(units), a sigmoid",
  'bilstm-attention':
    'embedding with masking, a bidirectional LSTM(units), attention pooling (weights kept), a sigmoid',
  cnn: 'embedding, Conv1D(2*units filters, width 5, ReLU), global max pooling, a sigmoid',
  transformer:
    'transformerClassifier: token + position embeddings, 2 encoder blocks (4 heads), mean pooling, a softmax',
};

/** Options of {@link buildSentimentModel}. */
export interface SentimentModelOptions {
  kind: ModelKind;
  vocabularySize: number;
  /** Token ids per review. */
  length: number;
  embeddingDim: number;
  units: number;
  dropout: number;
  learningRate: number;
  seed: number;
}

/** Name of the attention pooling layer of the `bilstm-attention` model. */
export const ATTENTION_LAYER = 'attention_pooling';

/**
 * Builds and compiles a review classifier: ids `[batch, length]` in (0 = padding), the probability
 * of a positive review out: `[batch, 1]` from a sigmoid (binary cross-entropy), or `[batch, 2]`
 * from the Transformer's softmax (sparse categorical cross-entropy; the positive class is column 1).
 * Every initializer is seeded.
 */
export function buildSentimentModel(options: SentimentModelOptions): tf.LayersModel {
  const { kind, vocabularySize, length, embeddingDim, units, dropout, seed } = options;
  const seeds = new SeededRandom(`${seed}/${kind}`);
  const glorot = () => tf.initializers.glorotUniform({ seed: seeds.nextSeed() });
  const orthogonal = () => tf.initializers.orthogonal({ seed: seeds.nextSeed() });
  let model: tf.LayersModel;
  if (kind === 'transformer') {
    model = transformerClassifier({
      vocabularySize,
      sequenceLength: length,
      embeddingDim,
      numHeads: 4,
      intermediateDim: units,
      numLayers: 2,
      dropout,
      numClasses: 2,
      seed: seeds.nextSeed() % 2 ** 30,
    });
  } else {
    const input = tf.input({ shape: [length], name: 'token_ids' }); // [batch, time]
    let x = tf.layers
      .embedding({
        inputDim: vocabularySize,
        outputDim: embeddingDim,
        maskZero: kind !== 'cnn',
        embeddingsInitializer: tf.initializers.randomUniform({
          minval: -0.05,
          maxval: 0.05,
          seed: seeds.nextSeed(),
        }),
        name: 'embedding',
      })
      .apply(input) as tf.SymbolicTensor; // [batch, time, embedding]
    if (kind === 'gru') {
      x = gru({
        units,
        kernelInitializer: glorot(),
        recurrentInitializer: orthogonal(),
        name: 'gru',
      }).apply(x) as tf.SymbolicTensor; // [batch, units]
    } else if (kind === 'bilstm-attention') {
      const forward = lstm({
        units,
        returnSequences: true,
        kernelInitializer: glorot(),
        recurrentInitializer: orthogonal(),
        name: 'lstm_forward',
      }).apply(x) as tf.SymbolicTensor; // [batch, time, units]
      const backward = lstm({
        units,
        returnSequences: true,
        goBackwards: true,
        kernelInitializer: glorot(),
        recurrentInitializer: orthogonal(),
        name: 'lstm_backward',
      }).apply(x) as tf.SymbolicTensor; // [batch, time, units], last step first
      const restored = new ReverseTime({ name: 'reverse_backward' }).apply(
        backward,
      ) as tf.SymbolicTensor; // [batch, time, units]
      const both = tf.layers
        .concatenate({ axis: -1, name: 'bidirectional' })
        .apply([forward, restored]) as tf.SymbolicTensor; // [batch, time, 2 * units]
      const [pooled] = new AttentionPooling({
        units,
        seed: seeds.nextSeed() % 2 ** 30,
        name: ATTENTION_LAYER,
      }).apply(both) as tf.SymbolicTensor[]; // [batch, 2 * units] (and weights [batch, time])
      x = pooled as tf.SymbolicTensor;
    } else {
      x = conv1d({
        filters: 2 * units,
        kernelSize: 5,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: glorot(),
        name: 'conv',
      }).apply(x) as tf.SymbolicTensor; // [batch, time, 2 * units]
      x = tf.layers.globalMaxPooling1d({ name: 'max_pooling' }).apply(x) as tf.SymbolicTensor; // [batch, 2 * units]
    }
    if (dropout > 0) x = tf.layers.dropout({ rate: dropout }).apply(x) as tf.SymbolicTensor;
    const output = tf.layers
      .dense({ units: 1, activation: 'sigmoid', kernelInitializer: glorot(), name: 'positive' })
      .apply(x) as tf.SymbolicTensor; // [batch, 1]
    model = tf.model({
      inputs: input,
      outputs: output,
      name: `sentiment_${kind.replace('-', '_')}`,
    });
  }
  model.compile({
    optimizer: tf.train.adam(options.learningRate),
    loss: kind === 'transformer' ? 'sparseCategoricalCrossentropy' : 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

/**
 * The probability that each review is positive, `[reviews]`, predicted in batches; with the
 * attention weights `[reviews, time]` when the model has an attention pooling layer and `withAttention`.
 */
export function predictPositive(
  model: tf.LayersModel,
  ids: Float32Array,
  length: number,
  batchSize = 256,
  withAttention = false,
): { probabilities: Float32Array; attention: Float32Array | null } {
  const rows = ids.length / length;
  const probabilities = new Float32Array(rows);
  const layer = withAttention ? findAttentionLayer(model) : null;
  const inspect = layer
    ? tf.model({
        inputs: model.inputs,
        outputs: [
          model.outputs[0] as tf.SymbolicTensor,
          (layer.output as tf.SymbolicTensor[])[1] as tf.SymbolicTensor,
        ],
      })
    : null;
  const attention = inspect ? new Float32Array(rows * length) : null;
  for (let start = 0; start < rows; start += batchSize) {
    const end = Math.min(rows, start + batchSize);
    let p: Float32Array | null = null;
    let w: Float32Array | null = null;
    tf.tidy(() => {
      const x = tf.tensor2d(ids.subarray(start * length, end * length), [end - start, length]); // [batch, time]
      const outputs = inspect
        ? (inspect.predict(x) as tf.Tensor[])
        : [model.predict(x) as tf.Tensor];
      const out = outputs[0] as tf.Tensor2D; // [batch, 1] or [batch, 2]
      const positive = out.shape[1] === 2 ? tf.slice(out, [0, 1], [-1, 1]) : out; // [batch, 1]
      p = positive.dataSync() as Float32Array;
      w = (outputs[1]?.dataSync() as Float32Array | undefined) ?? null;
    });
    probabilities.set(p as unknown as Float32Array, start);
    if (attention && w) attention.set(w as Float32Array, start * length);
  }
  return { probabilities, attention };
}

/** The model's attention pooling layer, or `null`. */
export function findAttentionLayer(model: tf.LayersModel): tf.layers.Layer | null {
  return model.layers.find((l) => l instanceof AttentionPooling) ?? null;
}
