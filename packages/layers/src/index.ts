/**
 * Keras-compatible sequence layers that tfjs lacks: GRU with `resetAfter`, LSTM and SimpleRNN with
 * Keras' defaults and weight layout, run with a fast path and a one-step API; seq cells for
 * `tf.layers.rnn`; a trainable causal, dilated `Conv1D`; and a `GlobalAveragePooling1D` that
 * leaves padding out. Importing this package registers its
 * layers for serialization.
 *
 * @packageDocumentation
 */
export {
  type ActivationFn,
  type ActivationIdentifier,
  getActivation,
  type ResolvedActivation,
} from './activation.js';
export { Conv1D, type Conv1DArgs, conv1d } from './conv1d.js';
export {
  type Conv1DDilatedOptions,
  type Conv1DGeometry,
  type Conv1DPadding,
  conv1dDilated,
  conv1dGeometry,
} from './conv1d-dilated.js';
export { GatedCell, type GatedCellArgs } from './gated-cell.js';
export {
  GlobalAveragePooling1D,
  type GlobalAveragePooling1DArgs,
  globalAveragePooling1d,
} from './global-average-pooling-1d.js';
export { GRUCell, type GRUCellArgs, gruCell } from './gru-cell.js';
export {
  getInitializer,
  type Initializer,
  type InitializerIdentifier,
  type SavedInitializer,
  type SerializedInitializer,
  serializeInitializer,
} from './initializer.js';
export { layerNorm } from './layer-norm.js';
export {
  LayerNormLSTMCell,
  type LayerNormLSTMCellArgs,
  layerNormLSTMCell,
} from './layer-norm-lstm-cell.js';
export {
  type LayerNormCellArgs,
  LayerNormSimpleRNNCell,
  layerNormSimpleRNNCell,
} from './layer-norm-simple-rnn-cell.js';
export { LSTMCell, type LSTMCellArgs, lstmCell } from './lstm-cell.js';
export {
  type MaskedCrossentropyOptions,
  type MaskedSequenceOptions,
  maskedSparseCategoricalAccuracy,
  maskedSparseCategoricalCrossentropy,
  type SequenceLossFn,
} from './masked-losses.js';
export {
  RecurrentCell,
  type RecurrentCellArgs,
  type StepFunction,
  type StepResult,
} from './recurrent-cell.js';
export { RNN, type RNNArgs, type RNNOptions, rnn } from './rnn.js';
export {
  GRU,
  type GRUArgs,
  gru,
  LSTM,
  type LSTMArgs,
  lstm,
  SimpleRNN,
  type SimpleRNNArgs,
  simpleRNN,
} from './sequence-layers.js';
export { SimpleRNNCell, simpleRNNCell } from './simple-rnn-cell.js';

import './keras-mappings.js';
