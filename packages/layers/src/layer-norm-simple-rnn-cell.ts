import { assertNumberInRange, registerSerializable, uniqueLayerName } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { getInitializer, type InitializerIdentifier, serializeInitializer } from './initializer.js';
import { layerNorm } from './layer-norm.js';
import { RecurrentCell, type RecurrentCellArgs, type StepFunction } from './recurrent-cell.js';

/** Arguments of the layer-normalised cells. */
export interface LayerNormCellArgs extends RecurrentCellArgs {
  /** Added to the variance before the square root. @defaultValue `1e-3` (Keras' LayerNormalization) */
  epsilon?: number;
  /** Initializer of the normalisation scales. @defaultValue `'ones'` */
  gammaInitializer?: InitializerIdentifier;
  /** Initializer of the normalisation offsets. @defaultValue `'zeros'` */
  betaInitializer?: InitializerIdentifier;
}

/**
 * A simple recurrent cell with layer normalisation (Ba et al. 2016; Géron 15.7; TF Addons'
 * `LayerNormSimpleRNNCell`): `h = tanh(LayerNorm(x W + h U + b))`. Normalising every step's
 * pre-activation keeps the activations of long sequences in range, where batch normalisation cannot
 * help. Weights: `kernel [features, units]`, `recurrent_kernel [units, units]`, `bias [units]`,
 * `layer_norm/gamma [units]`, `layer_norm/beta [units]`.
 *
 * @example
 * ```ts
 * const layer = rnn({ cell: layerNormSimpleRNNCell({ units: 20 }), returnSequences: true });
 * const theirs = tf.layers.rnn({ cell: layerNormSimpleRNNCell({ units: 20 }) as never }); // in tfjs' RNN too
 * ```
 */
export class LayerNormSimpleRNNCell extends RecurrentCell {
  /** The name the cell is saved and loaded under. */
  static className = 'seq.LayerNormSimpleRNNCell';
  /** Added to the variance before the square root. */
  readonly epsilon: number;
  private readonly gammaInitializer: ReturnType<typeof getInitializer>;
  private readonly betaInitializer: ReturnType<typeof getInitializer>;
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: LayerNormCellArgs) {
    super('LayerNormSimpleRNNCell', args, uniqueLayerName('layer_norm_simple_rnn_cell'));
    this.epsilon = assertNumberInRange('LayerNormSimpleRNNCell', 'epsilon', args.epsilon ?? 1e-3, {
      min: 0,
      minInclusive: false,
    });
    this.gammaInitializer = getInitializer(
      'LayerNormSimpleRNNCell',
      'gammaInitializer',
      args.gammaInitializer ?? 'ones',
    );
    this.betaInitializer = getInitializer(
      'LayerNormSimpleRNNCell',
      'betaInitializer',
      args.betaInitializer ?? 'zeros',
    );
  }

  get stateSize(): number[] {
    return [this.units];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const features = this.featuresOf(inputShape);
    const u = this.units;
    this.kernel = this.addWeight('kernel', [features, u], 'float32', this.kernelInitializer);
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [u, u],
      'float32',
      this.recurrentInitializer,
    );
    if (this.useBias) this.bias = this.addWeight('bias', [u], 'float32', this.biasInitializer);
    this.gamma = this.addWeight('layer_norm/gamma', [u], 'float32', this.gammaInitializer);
    this.beta = this.addWeight('layer_norm/beta', [u], 'float32', this.betaInitializer);
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
    const gamma = (this.gamma as tf.LayerVariable).read();
    const beta = (this.beta as tf.LayerVariable).read();
    return (projected, states, recurrentMask) => {
      let h = states[0] as tf.Tensor;
      if (recurrentMask) h = tf.mul(h, recurrentMask);
      const z = tf.add(projected, tf.matMul(h, kernel)); // [B, U]
      const output = this.activationFn(layerNorm(z, gamma, beta, this.epsilon));
      return { output, states: [output] };
    };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      epsilon: this.epsilon,
      gammaInitializer: serializeInitializer(this.gammaInitializer),
      betaInitializer: serializeInitializer(this.betaInitializer),
    };
  }
}
registerSerializable(LayerNormSimpleRNNCell);

/**
 * Creates a {@link LayerNormSimpleRNNCell}.
 * @example
 * ```ts
 * const cell = layerNormSimpleRNNCell({ units: 20 });
 * ```
 */
export function layerNormSimpleRNNCell(args: LayerNormCellArgs): LayerNormSimpleRNNCell {
  return new LayerNormSimpleRNNCell(args);
}
