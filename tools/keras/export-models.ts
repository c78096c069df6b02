/**
 * The models seq exports for Keras in `tools/keras/exported/`, built the same way every time
 * (seeded weights and inputs): every seq layer class that has a Keras class, with tfjs' own layers
 * around them. `write-exports.ts` writes them; `keras-export.test.ts` rebuilds them and compares.
 */
import { AdditiveAttention, Attention, MultiHeadAttention } from '@seq/attention';
import {
  Conv1D,
  GlobalAveragePooling1D,
  GRU,
  GRUCell,
  LSTM,
  LSTMCell,
  RNN,
  SimpleRNN,
} from '@seq/layers';
import {
  PositionEmbedding,
  SinePositionEncoding,
  TokenAndPositionEmbedding,
  TransformerDecoder,
  TransformerEncoder,
} from '@seq/transformer';
import * as tf from '@tensorflow/tfjs';

/** One model to export: its name (the folder), the model, and inputs to run it on. */
export interface ExportCase {
  name: string;
  model: tf.LayersModel;
  inputs: tf.Tensor[];
}

const uniform = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, 'float32', seed);

/** Sets every weight to seeded numbers in [-0.5, 0.5), so that no weight is a default. */
function seeded(model: tf.LayersModel): tf.LayersModel {
  const values = model
    .getWeights()
    .map((w, i) => tf.randomUniform(w.shape, -0.5, 0.5, 'float32', 100 + i));
  model.setWeights(values);
  tf.dispose(values);
  return model;
}

function recurrent(): ExportCase {
  const x = tf.input({ shape: [7, 3], name: 'x' });
  let h = new Conv1D({
    filters: 4,
    kernelSize: 2,
    padding: 'causal',
    dilationRate: 2,
    name: 'conv1d',
  }).apply(x);
  h = new GRU({ units: 5, returnSequences: true, name: 'gru' }).apply(h);
  h = new LSTM({ units: 4, returnSequences: true, name: 'lstm' }).apply(h);
  h = new SimpleRNN({ units: 3, returnSequences: true, name: 'simple_rnn' }).apply(h);
  h = new RNN({
    cell: new GRUCell({ units: 3, name: 'gru_cell' }),
    returnSequences: true,
    name: 'rnn',
  }).apply(h);
  h = new RNN({ cell: new LSTMCell({ units: 3, name: 'lstm_cell' }), name: 'rnn_1' }).apply(h);
  const y = tf.layers.dense({ units: 2, name: 'dense' }).apply(h) as tf.SymbolicTensor;
  return {
    name: 'recurrent',
    model: seeded(tf.model({ inputs: x, outputs: y, name: 'recurrent' })),
    inputs: [uniform([2, 7, 3], 1)],
  };
}

function bidirectional(): ExportCase {
  const x = tf.input({ shape: [6, 3], name: 'x' });
  const both = tf.layers
    .bidirectional({
      layer: new GRU({ units: 4, returnSequences: true, name: 'gru' }) as never,
      name: 'bidirectional',
    })
    .apply(x) as tf.SymbolicTensor; // [batch, 6, 8]
  const summed = tf.layers
    .bidirectional({
      layer: new LSTM({ units: 3, name: 'lstm' }) as never,
      mergeMode: 'sum',
      name: 'bidirectional_1',
    })
    .apply(both) as tf.SymbolicTensor; // [batch, 3]
  const y = tf.layers.dense({ units: 2, name: 'dense' }).apply(summed) as tf.SymbolicTensor;
  return {
    name: 'bidirectional',
    model: seeded(tf.model({ inputs: x, outputs: y, name: 'bidirectional_model' })),
    inputs: [uniform([2, 6, 3], 5)],
  };
}

/** Padded ids: the embedding's mask flows through the GRU into the pooling, as in Keras. */
function maskedPooling(): ExportCase {
  const ids = tf.input({ shape: [7], name: 'ids', dtype: 'int32' });
  const embedded = tf.layers
    .embedding({ inputDim: 12, outputDim: 5, maskZero: true, name: 'embedding' })
    .apply(ids);
  const steps = new GRU({ units: 4, returnSequences: true, name: 'gru' }).apply(embedded);
  const pooled = new GlobalAveragePooling1D({ name: 'pooling' }).apply(steps) as tf.SymbolicTensor;
  const y = tf.layers.dense({ units: 2, name: 'dense' }).apply(pooled) as tf.SymbolicTensor;
  return {
    name: 'masked_pooling',
    model: seeded(tf.model({ inputs: ids, outputs: y, name: 'masked_pooling' })),
    inputs: [
      tf.tensor2d(
        [
          [3, 7, 1, 0, 0, 0, 0],
          [5, 2, 9, 11, 4, 6, 0],
        ],
        undefined,
        'int32',
      ),
    ],
  };
}

function sequential(): ExportCase {
  const model = tf.sequential({
    name: 'sequential',
    layers: [
      new GRU({ units: 4, inputShape: [6, 3], returnSequences: true, name: 'gru' }),
      new Conv1D({ filters: 2, kernelSize: 3, padding: 'causal', name: 'conv1d' }),
    ],
  });
  return { name: 'sequential', model: seeded(model), inputs: [uniform([2, 6, 3], 2)] };
}

function attention(): ExportCase {
  const q = tf.input({ shape: [5, 8], name: 'q' });
  const v = tf.input({ shape: [6, 8], name: 'v' });
  const self = new MultiHeadAttention({ numHeads: 2, keyDim: 4, name: 'self_attention' }).apply([
    q,
    q,
  ]);
  const cross = new MultiHeadAttention({
    numHeads: 2,
    keyDim: 3,
    valueDim: 5,
    name: 'cross_attention',
  }).apply([self as tf.SymbolicTensor, v]) as tf.SymbolicTensor;
  const luong = new Attention({ useScale: true, name: 'luong' }).apply([
    cross,
    v,
  ]) as tf.SymbolicTensor;
  const bahdanau = new AdditiveAttention({ name: 'bahdanau' }).apply([q, v]) as tf.SymbolicTensor;
  return {
    name: 'attention',
    model: seeded(tf.model({ inputs: [q, v], outputs: [luong, bahdanau], name: 'attention' })),
    inputs: [uniform([2, 5, 8], 3), uniform([2, 6, 8], 4)],
  };
}

function transformer(): ExportCase {
  const source = tf.input({ shape: [6], name: 'source', dtype: 'int32' });
  const target = tf.input({ shape: [5], name: 'target', dtype: 'int32' });
  const embedded = new TokenAndPositionEmbedding({
    vocabularySize: 20,
    sequenceLength: 8,
    embeddingDim: 8,
    name: 'token_and_position_embedding',
  }).apply(source) as tf.SymbolicTensor;
  const encoded = new TransformerEncoder({
    intermediateDim: 16,
    numHeads: 2,
    name: 'transformer_encoder',
  }).apply(embedded);
  const tokens = tf.layers
    .embedding({ inputDim: 20, outputDim: 8, name: 'embedding' })
    .apply(target);
  const learned = new PositionEmbedding({ sequenceLength: 8, name: 'position_embedding' }).apply(
    tokens,
  );
  const sine = new SinePositionEncoding({ name: 'sine_position_encoding' }).apply(tokens);
  const decoderInput = tf.layers
    .add({ name: 'add' })
    .apply([tokens, learned, sine] as tf.SymbolicTensor[]);
  const decoded = new TransformerDecoder({
    intermediateDim: 16,
    numHeads: 2,
    name: 'transformer_decoder',
  }).apply([decoderInput as tf.SymbolicTensor, encoded as tf.SymbolicTensor]);
  const logits = tf.layers.dense({ units: 20, name: 'logits' }).apply(decoded) as tf.SymbolicTensor;
  return {
    name: 'transformer',
    model: seeded(tf.model({ inputs: [source, target], outputs: logits, name: 'transformer' })),
    inputs: [
      tf.tensor2d(
        [
          [1, 2, 3, 4, 5, 6],
          [7, 8, 9, 10, 0, 0],
        ],
        undefined,
        'int32',
      ),
      tf.tensor2d(
        [
          [1, 5, 6, 7, 2],
          [3, 3, 4, 9, 0],
        ],
        undefined,
        'int32',
      ),
    ],
  };
}

/** Builds the export cases (dispose their models and inputs when done). */
export function exportCases(): ExportCase[] {
  return [recurrent(), bidirectional(), maskedPooling(), sequential(), attention(), transformer()];
}
