import { registerSerializable, uniqueLayerName } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { RecurrentCell, type RecurrentCellArgs, type StepFunction } from './recurrent-cell.js';

/**
 * The simple recurrent cell of Keras' `SimpleRNNCell`: `h = activation(x W + h U + b)`.
 * Weights (Keras order): `kernel [features, units]`, `recurrent_kernel [units, units]`, `bias [units]`.
 *
 * @example
 * ```ts
 * const layer = rnn({ cell: simpleRNNCell({ units: 8 }), returnSequences: true });
 * ```
 */
export class SimpleRNNCell extends RecurrentCell {
  /** The name the cell is saved and loaded under. */
  static className = 'seq.SimpleRNNCell';
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: RecurrentCellArgs) {
    super('SimpleRNNCell', args, uniqueLayerName('simple_rnn_cell'));
  }

  get stateSize(): number[] {
    return [this.units];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const features = this.featuresOf(inputShape);
    this.kernel = this.addWeight(
      'kernel',
      [features, this.units],
      'float32',
      this.kernelInitializer,
    );
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [this.units, this.units],
      'float32',
      this.recurrentInitializer,
    );
    if (this.useBias)
      this.bias = this.addWeight('bias', [this.units], 'float32', this.biasInitializer);
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
    const kernel = (this.recurrentKernel as tf.LayerVariable).read(); // [U, U]
    return (projected, states, recurrentMask) => {
      let h = states[0] as tf.Tensor;
      if (recurrentMask) h = tf.mul(h, recurrentMask);
      const output = this.activationFn(tf.add(projected, tf.matMul(h, kernel))); // [B, U]
      return { output, states: [output] };
    };
  }
}
registerSerializable(SimpleRNNCell);

/**
 * Creates a {@link SimpleRNNCell}.
 * @example
 * ```ts
 * const cell = simpleRNNCell({ units: 8 });
 * ```
 */
export function simpleRNNCell(args: RecurrentCellArgs): SimpleRNNCell {
  return new SimpleRNNCell(args);
}
