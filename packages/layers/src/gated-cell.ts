import * as tf from '@tensorflow/tfjs';
import { type ActivationIdentifier, getActivation } from './activation.js';
import { RecurrentCell, type RecurrentCellArgs } from './recurrent-cell.js';

/** Arguments of the gated cells (LSTM, GRU): the common ones plus the gates' activation. */
export interface GatedCellArgs extends RecurrentCellArgs {
  /** Activation of the gates. @defaultValue `'sigmoid'` (Keras; tfjs' own default is `'hardSigmoid'`) */
  recurrentActivation?: ActivationIdentifier;
}

/**
 * A recurrent cell with gates: the shared handling of `recurrentActivation` and the forget bias.
 *
 * @example
 * ```ts
 * const cell: GatedCell = lstmCell({ units: 8 }); // or gruCell
 * console.log(cell.getConfig().recurrentActivation); // 'sigmoid', Keras' default (tfjs' is 'hardSigmoid')
 * ```
 */
export abstract class GatedCell extends RecurrentCell {
  /** The gates' activation's name. */
  protected readonly recurrentActivationName: string;
  /** The gates' activation. */
  protected readonly recurrentActivationFn: (x: tf.Tensor) => tf.Tensor;

  constructor(owner: string, args: GatedCellArgs, defaultName: string) {
    super(owner, args, defaultName);
    const recurrent = getActivation(
      owner,
      'recurrentActivation',
      args.recurrentActivation ?? 'sigmoid',
    );
    this.recurrentActivationName = recurrent.name;
    this.recurrentActivationFn = recurrent.fn;
  }

  /** Whether the activations are Keras' defaults (`tanh`, `sigmoid`), which the fused ops implement. */
  protected get hasDefaultActivations(): boolean {
    return this.activationName === 'tanh' && this.recurrentActivationName === 'sigmoid';
  }

  /** The cell's config: the common keys plus `recurrentActivation`. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), recurrentActivation: this.recurrentActivationName };
  }
}

/**
 * Sets the forget gate's slice of an LSTM bias (gates i, f, c, o) to ones: `unitForgetBias`
 * (Jozefowicz et al. 2015).
 * @internal
 */
export function setForgetBiasToOne(bias: tf.LayerVariable, units: number): void {
  tf.tidy(() => {
    const value = bias.read();
    bias.write(
      tf.concat([value.slice(0, units), tf.ones([units]), value.slice(2 * units, 2 * units)]),
    ); // i, f = 1, c, o
  });
}
