import { assertBoolean, registerSerializable, uniqueLayerName } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { fusedLstm, type SequenceRun } from './fused-lstm.js';
import { GatedCell, type GatedCellArgs, setForgetBiasToOne } from './gated-cell.js';
import type { StepFunction } from './recurrent-cell.js';
import { splitGates } from './split-gates.js';

/** Arguments of {@link LSTMCell}: the common ones plus the gates' activation and the forget bias. */
export interface LSTMCellArgs extends GatedCellArgs {
  /** Whether the forget gate's bias starts at 1 (Jozefowicz et al. 2015). @defaultValue `true` */
  unitForgetBias?: boolean;
}

/**
 * The LSTM cell of Keras' `LSTMCell` (Hochreiter and Schmidhuber 1997), with gates i, f, c, o:
 * `z = x W + h U + b`, `c' = f * c + i * tanh(z_c)`, `h' = o * tanh(c')`.
 * Weights (Keras order and layout): `kernel [features, 4 units]`, `recurrent_kernel [units, 4 units]`,
 * `bias [4 units]`. States `[h, c]`.
 *
 * @example
 * ```ts
 * const layer = rnn({ cell: lstmCell({ units: 32 }) });
 * ```
 */
export class LSTMCell extends GatedCell {
  /** The name the cell is saved and loaded under. */
  static className = 'seq.LSTMCell';
  /** Whether the forget gate's bias starts at 1. */
  readonly unitForgetBias: boolean;
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: LSTMCellArgs) {
    super('LSTMCell', args, uniqueLayerName('lstm_cell'));
    this.unitForgetBias = assertBoolean('LSTMCell', 'unitForgetBias', args.unitForgetBias ?? true);
  }

  get stateSize(): number[] {
    return [this.units, this.units];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const features = this.featuresOf(inputShape);
    const u = this.units;
    this.kernel = this.addWeight('kernel', [features, 4 * u], 'float32', this.kernelInitializer);
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [u, 4 * u],
      'float32',
      this.recurrentInitializer,
    );
    if (this.useBias) {
      this.bias = this.addWeight('bias', [4 * u], 'float32', this.biasInitializer);
      if (this.unitForgetBias) setForgetBiasToOne(this.bias, u);
    }
    this.built = true;
  }

  projectInputs(x: tf.Tensor): tf.Tensor {
    return this.timeDistributedDense(
      x,
      (this.kernel as tf.LayerVariable).read(),
      this.bias?.read() ?? null,
    );
  }

  stepFunction(): StepFunction {
    const kernel = (this.recurrentKernel as tf.LayerVariable).read(); // [U, 4U]
    return (projected, states, recurrentMask) => {
      let h = states[0] as tf.Tensor;
      const c = states[1] as tf.Tensor;
      if (recurrentMask) h = tf.mul(h, recurrentMask);
      const z = tf.add(projected, tf.matMul(h, kernel)); // [B, 4U]
      const [zi, zf, zc, zo] = splitGates(z, 4) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]; // 4 x [B, U]
      const i = this.recurrentActivationFn(zi);
      const f = this.recurrentActivationFn(zf);
      const o = this.recurrentActivationFn(zo);
      const nextC = tf.add(tf.mul(f, c), tf.mul(i, this.activationFn(zc)));
      const nextH = tf.mul(o, this.activationFn(nextC));
      return { output: nextH, states: [nextH, nextC] };
    };
  }

  override runSequence(
    projected: tf.Tensor,
    states: tf.Tensor[],
    mask: tf.Tensor | null,
    recurrentMask: tf.Tensor | null,
    sequence: boolean,
  ): SequenceRun | null {
    if (!this.hasDefaultActivations) return null;
    const kernel = (this.recurrentKernel as tf.LayerVariable).read();
    return fusedLstm(
      projected,
      kernel,
      states[0] as tf.Tensor,
      states[1] as tf.Tensor,
      mask,
      recurrentMask,
      sequence,
    );
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), unitForgetBias: this.unitForgetBias };
  }
}
registerSerializable(LSTMCell);

/**
 * Creates an {@link LSTMCell}.
 * @example
 * ```ts
 * const cell = lstmCell({ units: 32 });
 * ```
 */
export function lstmCell(args: LSTMCellArgs): LSTMCell {
  return new LSTMCell(args);
}
