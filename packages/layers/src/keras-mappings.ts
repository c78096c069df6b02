import {
  type KerasConfig,
  type KerasContext,
  registerKerasExport,
  registerKerasLayer,
} from '@seq/core';

/** Keys Keras writes that seq's layers do not take, with the only value seq can honour. */
function dropKeys(config: KerasConfig, keys: Record<string, unknown>): KerasConfig | string {
  const out: KerasConfig = { ...config };
  for (const [key, supported] of Object.entries(keys)) {
    const value = out[key];
    if (value !== undefined && value !== null && supported !== undefined && value !== supported) {
      return `${key}=${JSON.stringify(value)} is not supported (only ${JSON.stringify(supported)})`;
    }
    delete out[key];
  }
  return out;
}

/**
 * Keras 2's `hard_sigmoid` is `clip(0.2 x + 0.5, 0, 1)`; Keras 3's, which seq's activations
 * follow, is `clip(x / 6 + 0.5, 0, 1)`: a Keras 2 layer with it would load with other numbers.
 */
function keras2HardSigmoid(config: KerasConfig, context: KerasContext): string | null {
  if (!context.kerasVersion?.startsWith('2.')) return null;
  for (const key of ['activation', 'recurrent_activation']) {
    if (config[key] === 'hard_sigmoid') {
      return `${key}="hard_sigmoid" from Keras 2 (0.2 x + 0.5) is not seq's hard sigmoid (Keras 3's x / 6 + 0.5)`;
    }
  }
  return null;
}

/**
 * Regularizers and constraints only act in training; they are not carried over (the guide "Coming
 * from Keras" says so): add them in TensorFlow.js if training goes on there.
 */
const REGULARIZERS = Object.fromEntries(
  ['kernel', 'recurrent', 'bias', 'activity'].flatMap((w) => [
    [`${w}_regularizer`, undefined],
    [`${w}_constraint`, undefined],
  ]),
);

/**
 * What Keras' recurrent layers write that seq's do not take: `time_major` must be false;
 * `implementation` and `use_cudnn` (how Keras runs it), `seed` (of dropout masks) and
 * `zero_output_for_mask` do not change the numbers; regularizers and constraints act in training.
 */
const RECURRENT_KEYS = {
  time_major: false,
  implementation: undefined,
  use_cudnn: undefined,
  seed: undefined,
  zero_output_for_mask: undefined,
  ...REGULARIZERS,
};

/**
 * Keras' `GRU` loads as seq's `GRU`: tfjs' own rejects `reset_after=True`, Keras' default. Keras'
 * `time_major` must be false; `implementation` and `use_cudnn` (how Keras runs it) and `seed`
 * (of dropout masks) do not change the numbers and are dropped.
 */
registerKerasLayer({
  kerasClassName: 'GRU',
  seqClassName: 'seq.GRU',
  convertConfig: (config, context) =>
    keras2HardSigmoid(config, context) ?? dropKeys(config, RECURRENT_KEYS),
});

/**
 * Keras' `LSTM` and `SimpleRNN` load as seq's, which compute the same and step one token at a time
 * (`recurrentStepper` decodes with them). One with Keras 2's hard sigmoid loads as tfjs' own, which
 * computes exactly that (`0.2 x + 0.5`) and has no one-step API.
 */
for (const name of ['LSTM', 'SimpleRNN']) {
  registerKerasLayer({
    kerasClassName: name,
    seqClassName: `seq.${name}`,
    convertConfig: (config, context) =>
      keras2HardSigmoid(config, context) !== null ? null : dropKeys(config, RECURRENT_KEYS),
  });
}

/**
 * Keras' `Conv1D` loads as seq's trainable `Conv1D` (causal and dilated convolutions train on every
 * backend); `channels_last` and one group only; regularizers and constraints are dropped.
 */
registerKerasLayer({
  kerasClassName: 'Conv1D',
  seqClassName: 'seq.Conv1D',
  convertConfig: (config, context) =>
    keras2HardSigmoid(config, context) ??
    dropKeys(config, {
      data_format: 'channels_last',
      groups: 1,
      ...REGULARIZERS,
    }),
});

/** seq's cells, by Keras' (tfjs' own `GRUCell` refuses `reset_after`, Keras' default). */
const SEQ_CELLS: Record<string, string> = {
  GRUCell: 'seq.GRUCell',
  LSTMCell: 'seq.LSTMCell',
  SimpleRNNCell: 'seq.SimpleRNNCell',
};

/** Keras' `RNN` around one of its cells loads as seq's `RNN` around seq's cell. */
registerKerasLayer({
  kerasClassName: 'RNN',
  seqClassName: 'seq.RNN',
  convertConfig: (config, context) => {
    const cell = config.cell as KerasConfig | undefined;
    const seqCell = SEQ_CELLS[String(cell?.class_name)];
    if (!seqCell) {
      return `cell ${JSON.stringify(cell?.class_name)} is not supported (only ${Object.keys(SEQ_CELLS).join(', ')})`;
    }
    const cellConfig = (cell?.config as KerasConfig | undefined) ?? {};
    const converted =
      keras2HardSigmoid(cellConfig, context) ??
      dropKeys(cellConfig, { implementation: undefined, seed: undefined, ...REGULARIZERS });
    if (typeof converted === 'string') return `cell ${String(cell?.class_name)}: ${converted}`;
    const rest = dropKeys(config, { time_major: false, zero_output_for_mask: undefined });
    if (typeof rest === 'string') return rest;
    return { ...rest, cell: { class_name: seqCell, config: converted } };
  },
});

/**
 * Keras' `GlobalAveragePooling1D` averages the steps its mask keeps; tfjs' own ignores the mask, so
 * it loads as seq's, which does what Keras does.
 */
registerKerasLayer({
  kerasClassName: 'GlobalAveragePooling1D',
  seqClassName: 'seq.GlobalAveragePooling1D',
  convertConfig: (config) => dropKeys(config, { data_format: 'channels_last' }),
});

// Export: seq's recurrent, convolution and pooling layers are written under Keras' class names. Their
// configs already use Keras' keys and values, and their weights Keras' layouts.
for (const name of ['GRU', 'LSTM', 'SimpleRNN', 'Conv1D', 'GlobalAveragePooling1D']) {
  registerKerasExport({ seqClassName: `seq.${name}`, kerasClassName: name });
}

/** Keras' cells, by seq's; seq's layer-normalized cells have no Keras class. */
const KERAS_CELLS: Record<string, string> = {
  'seq.GRUCell': 'GRUCell',
  'seq.LSTMCell': 'LSTMCell',
  'seq.SimpleRNNCell': 'SimpleRNNCell',
};

/** seq's `RNN` around one of Keras' cells is Keras' `RNN` around that cell. */
registerKerasExport({
  seqClassName: 'seq.RNN',
  kerasClassName: 'RNN',
  toKerasConfig: (config) => {
    const cell = config.cell as KerasConfig | undefined;
    const kerasCell = KERAS_CELLS[String(cell?.class_name)];
    if (!kerasCell) {
      return `its cell ${String(cell?.class_name)} has no Keras class (Keras has ${Object.values(KERAS_CELLS).join(', ')})`;
    }
    // Keras 3 reads a nested layer by its module (Keras 2 ignores the key).
    return {
      ...config,
      cell: {
        module: 'keras.layers',
        class_name: kerasCell,
        config: cell?.config,
        registered_name: null,
      },
    };
  },
});
