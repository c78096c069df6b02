import { registerSerializable, uniqueLayerName } from '@seq/core';
import type * as tf from '@tensorflow/tfjs';
import { GRUCell, type GRUCellArgs } from './gru-cell.js';
import { LSTMCell, type LSTMCellArgs } from './lstm-cell.js';
import type { RecurrentCell, RecurrentCellArgs } from './recurrent-cell.js';
import { RNN, type RNNOptions } from './rnn.js';
import { SimpleRNNCell } from './simple-rnn-cell.js';

const LAYER_KEYS = new Set([
  'name',
  'trainable',
  'dtype',
  'batchInputShape',
  'inputShape',
  'batchSize',
  'inputDType',
]);

/** The cell's own arguments, out of a sequence layer's flat arguments. */
function cellArgs<A extends RecurrentCellArgs>(args: A, prefix: string): A {
  const picked: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args ?? {})) {
    if (
      !LAYER_KEYS.has(k) &&
      !['returnSequences', 'returnState', 'goBackwards', 'stateful', 'unroll'].includes(k)
    )
      picked[k] = v;
  }
  return { ...picked, name: uniqueLayerName(prefix) } as A;
}

/** A sequence layer's config: the layer's and the cell's keys side by side, flat, as Keras saves them. */
function flatConfig(
  rnnConfig: tf.serialization.ConfigDict,
  cell: RecurrentCell,
): tf.serialization.ConfigDict {
  const cellConfig = Object.fromEntries(
    Object.entries(cell.getConfig()).filter(([k]) => !LAYER_KEYS.has(k)),
  );
  const { cell: _, ...rest } = rnnConfig; // a sequence layer's config is flat: no nested cell
  return { ...rest, ...cellConfig };
}

/**
 * A recurrent layer built around one cell whose config is flat, as Keras writes `LSTM`, `GRU` and
 * `SimpleRNN`: the cell's arguments beside the layer's, no nested `cell`.
 */
abstract class FlatConfigRNN extends RNN {
  /** The layer's config, flat as Keras writes it: the cell's arguments beside the layer's. */
  override getConfig(): tf.serialization.ConfigDict {
    return flatConfig(super.getConfig(), this.cell);
  }
  /** Rebuilds the layer from its flat, Keras-style config. */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config);
  }
}

/** Arguments of {@link SimpleRNN}: those of {@link SimpleRNNCell} and of {@link RNN}. */
export interface SimpleRNNArgs extends RecurrentCellArgs, RNNOptions {}

/**
 * Keras' `SimpleRNN`: a fully connected recurrent layer, `h = tanh(x W + h U + b)`, run with seq's
 * fast path. Weights `kernel`, `recurrent_kernel`, `bias`, in Keras' layout.
 *
 * Shapes: `[batch, time, features]` -> `[batch, units]` (or `[batch, time, units]`).
 * @example
 * ```ts
 * const layer = simpleRNN({ units: 20, returnSequences: true, inputShape: [null, 1] });
 * ```
 */
export class SimpleRNN extends FlatConfigRNN {
  /** The name the layer is saved and loaded under. */
  static override className = 'seq.SimpleRNN';
  constructor(args: SimpleRNNArgs) {
    super({ ...args, cell: new SimpleRNNCell(cellArgs(args, 'simple_rnn_cell')) }, 'simple_rnn');
  }
}
registerSerializable(SimpleRNN);

/** Arguments of {@link LSTM}: those of {@link LSTMCell} and of {@link RNN}. */
export interface LSTMArgs extends LSTMCellArgs, RNNOptions {}

/**
 * Keras' `LSTM` (Hochreiter and Schmidhuber 1997) with Keras' defaults (recurrent activation
 * `sigmoid`, `unitForgetBias`, `orthogonal` recurrent kernel) and weight layout (gates i, f, c, o),
 * run with seq's fast path. `setWeights` with a Keras LSTM's arrays gives Keras' numbers.
 *
 * Shapes: `[batch, time, features]` -> `[batch, units]` (or `[batch, time, units]`); states `[h, c]`.
 * @example
 * ```ts
 * const model = tf.sequential({
 *   layers: [lstm({ units: 20, returnSequences: true, inputShape: [null, 1] }), lstm({ units: 20 }), tf.layers.dense({ units: 1 })],
 * });
 * ```
 */
export class LSTM extends FlatConfigRNN {
  /** The name the layer is saved and loaded under. */
  static override className = 'seq.LSTM';
  constructor(args: LSTMArgs) {
    super({ ...args, cell: new LSTMCell(cellArgs(args, 'lstm_cell')) }, 'lstm');
  }
}
registerSerializable(LSTM);

/** Arguments of {@link GRU}: those of {@link GRUCell} and of {@link RNN}. */
export interface GRUArgs extends GRUCellArgs, RNNOptions {}

/**
 * Keras' `GRU` (Cho et al. 2014) with Keras' defaults, `resetAfter: true` included (tfjs' own GRU
 * throws for it, so Keras GRU models do not load there), recurrent activation `sigmoid`, and
 * Keras' weight layout (gates z, r, h; `bias [2, 3 units]`), run with seq's fast path.
 *
 * Shapes: `[batch, time, features]` -> `[batch, units]` (or `[batch, time, units]`).
 * @example
 * ```ts
 * const layer = gru({ units: 128, returnSequences: true, inputShape: [null, 39] });
 * ```
 */
export class GRU extends FlatConfigRNN {
  /** The name the layer is saved and loaded under. */
  static override className = 'seq.GRU';
  constructor(args: GRUArgs) {
    super({ ...args, cell: new GRUCell(cellArgs(args, 'gru_cell')) }, 'gru');
  }
}
registerSerializable(GRU);

/**
 * Creates a {@link SimpleRNN}.
 * @example
 * ```ts
 * const layer = simpleRNN({ units: 20 });
 * ```
 */
export function simpleRNN(args: SimpleRNNArgs): SimpleRNN {
  return new SimpleRNN(args);
}

/**
 * Creates an {@link LSTM}.
 * @example
 * ```ts
 * const layer = lstm({ units: 20, returnSequences: true });
 * ```
 */
export function lstm(args: LSTMArgs): LSTM {
  return new LSTM(args);
}

/**
 * Creates a {@link GRU}.
 * @example
 * ```ts
 * const layer = gru({ units: 128, returnSequences: true });
 * ```
 */
export function gru(args: GRUArgs): GRU {
  return new GRU(args);
}
