import { expect, it } from 'vitest';

// The public surface of @seq/layers. A change here is a change for users: it needs a changeset.
it('exports exactly this API', async () => {
  expect(Object.keys(await import('./index.js')).sort()).toEqual([
    'Conv1D',
    'GRU',
    'GRUCell',
    'GatedCell',
    'GlobalAveragePooling1D',
    'LSTM',
    'LSTMCell',
    'LayerNormLSTMCell',
    'LayerNormSimpleRNNCell',
    'RNN',
    'RecurrentCell',
    'SimpleRNN',
    'SimpleRNNCell',
    'conv1d',
    'conv1dDilated',
    'conv1dGeometry',
    'getActivation',
    'getInitializer',
    'globalAveragePooling1d',
    'gru',
    'gruCell',
    'layerNorm',
    'layerNormLSTMCell',
    'layerNormSimpleRNNCell',
    'lstm',
    'lstmCell',
    'maskedSparseCategoricalAccuracy',
    'maskedSparseCategoricalCrossentropy',
    'rnn',
    'serializeInitializer',
    'simpleRNN',
    'simpleRNNCell',
  ]);
});
