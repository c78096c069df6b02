import {
  assertBoolean,
  assertNumberInRange,
  registerSerializable,
  uniqueLayerName,
} from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { GatedCell, type GatedCellArgs, setForgetBiasToOne } from './gated-cell.js';
import { getInitializer, serializeInitializer } from './initializer.js';
import { layerNorm } from './layer-norm.js';
import type { LayerNormCellArgs } from './layer-norm-simple-rnn-cell.js';
import type { StepFunction } from './recurrent-cell.js';

/** Arguments of {@link LayerNormLSTMCell}. */
export interface LayerNormLSTMCellArgs extends LayerNormCellArgs, GatedCellArgs {
  /** Whether the forget gate's bias starts at 1. @defaultValue `true` */
  unitForgetBias?: boolean;
}

/**
 * An LSTM cell with layer normalisation, as TF Addons' `LayerNormLSTMCell` (Ba et al. 2016): the
 * input and recurrent projections are normalised separately, then the new cell state:
 * `z = LN_k(x W) + LN_r(h U) + b`, gates i, f, c, o from `z`, `c' = LN_s(f * c + i * tanh(z_c))`,
 * `h' = o * tanh(c')`. Weights: `kernel`, `recurrent_kernel`, `bias` (as {@link LSTMCell}), then
 * `kernel_norm/gamma`, `kernel_norm/beta`, `recurrent_norm/gamma`, `recurrent_norm/beta`
 * (`[4 units]` each), `state_norm/gamma`, `state_norm/beta` (`[units]`). States `[h, c]`.
 *
 * @example
 * ```ts
 * const layer = rnn({ cell: layerNormLSTMCell({ units: 32 }), returnSequences: true });
 * ```
 */
export class LayerNormLSTMCell extends GatedCell {
  /** The name the cell is saved and loaded under. */
  static className = 'seq.LayerNormLSTMCell';
  /** Added to the variance before the square root. */
  readonly epsilon: number;
  /** Whether the forget gate's bias starts at 1. */
  readonly unitForgetBias: boolean;
  private readonly gammaInitializer: ReturnType<typeof getInitializer>;
  private readonly betaInitializer: ReturnType<typeof getInitializer>;
  private readonly vars: Record<string, tf.LayerVariable> = {};

  constructor(args: LayerNormLSTMCellArgs) {
    super('LayerNormLSTMCell', args, uniqueLayerName('layer_norm_lstm_cell'));
    const owner = 'LayerNormLSTMCell';
    this.epsilon = assertNumberInRange(owner, 'epsilon', args.epsilon ?? 1e-3, {
      min: 0,
      minInclusive: false,
    });
    this.unitForgetBias = assertBoolean(owner, 'unitForgetBias', args.unitForgetBias ?? true);
    this.gammaInitializer = getInitializer(
      owner,
      'gammaInitializer',
      args.gammaInitializer ?? 'ones',
    );
    this.betaInitializer = getInitializer(
      owner,
      'betaInitializer',
      args.betaInitializer ?? 'zeros',
    );
  }

  get stateSize(): number[] {
    return [this.units, this.units];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const features = this.featuresOf(inputShape);
    const u = this.units;
    const add = (name: string, shape: number[], init: ReturnType<typeof getInitializer>) => {
      this.vars[name] = this.addWeight(name, shape, 'float32', init);
    };
    add('kernel', [features, 4 * u], this.kernelInitializer);
    add('recurrent_kernel', [u, 4 * u], this.recurrentInitializer);
    if (this.useBias) {
      add('bias', [4 * u], this.biasInitializer);
      if (this.unitForgetBias) setForgetBiasToOne(this.vars.bias as tf.LayerVariable, u);
    }
    for (const [norm, size] of [
      ['kernel_norm', 4 * u],
      ['recurrent_norm', 4 * u],
      ['state_norm', u],
    ] as const) {
      add(`${norm}/gamma`, [size], this.gammaInitializer);
      add(`${norm}/beta`, [size], this.betaInitializer);
    }
    this.built = true;
  }

  private read(name: string): tf.Tensor {
    return (this.vars[name] as tf.LayerVariable).read();
  }

  projectInputs(x: tf.Tensor): tf.Tensor {
    const projected = this.timeDistributedDense(x, this.read('kernel'), null); // [B, T, 4U]
    const normed = layerNorm(
      projected,
      this.read('kernel_norm/gamma'),
      this.read('kernel_norm/beta'),
      this.epsilon,
    );
    return this.useBias ? tf.add(normed, this.read('bias')) : normed;
  }

  stepFunction(): StepFunction {
    const kernel = this.read('recurrent_kernel'); // [U, 4U]
    const [rg, rb, sg, sb] = [
      'recurrent_norm/gamma',
      'recurrent_norm/beta',
      'state_norm/gamma',
      'state_norm/beta',
    ].map((n) => this.read(n));
    return (projected, states, recurrentMask) => {
      let h = states[0] as tf.Tensor;
      const c = states[1] as tf.Tensor;
      if (recurrentMask) h = tf.mul(h, recurrentMask);
      const z = tf.add(
        projected,
        layerNorm(tf.matMul(h, kernel), rg as tf.Tensor, rb as tf.Tensor, this.epsilon),
      ); // [B, 4U]
      const [zi, zf, zc, zo] = tf.split(z, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const i = this.recurrentActivationFn(zi);
      const f = this.recurrentActivationFn(zf);
      const o = this.recurrentActivationFn(zo);
      const nextC = layerNorm(
        tf.add(tf.mul(f, c), tf.mul(i, this.activationFn(zc))),
        sg as tf.Tensor,
        sb as tf.Tensor,
        this.epsilon,
      );
      const nextH = tf.mul(o, this.activationFn(nextC));
      return { output: nextH, states: [nextH, nextC] };
    };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      epsilon: this.epsilon,
      unitForgetBias: this.unitForgetBias,
      gammaInitializer: serializeInitializer(this.gammaInitializer),
      betaInitializer: serializeInitializer(this.betaInitializer),
    };
  }
}
registerSerializable(LayerNormLSTMCell);

/**
 * Creates a {@link LayerNormLSTMCell}.
 * @example
 * ```ts
 * const cell = layerNormLSTMCell({ units: 32 });
 * ```
 */
export function layerNormLSTMCell(args: LayerNormLSTMCellArgs): LayerNormLSTMCell {
  return new LayerNormLSTMCell(args);
}
