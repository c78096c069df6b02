import { assertBoolean, registerSerializable, uniqueLayerName } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { fusedGru } from './fused-gru.js';
import type { SequenceRun } from './fused-lstm.js';
import { GatedCell, type GatedCellArgs } from './gated-cell.js';
import type { StepFunction } from './recurrent-cell.js';
import { splitGates } from './split-gates.js';

/** Arguments of {@link GRUCell}. */
export interface GRUCellArgs extends GatedCellArgs {
  /**
   * Whether the reset gate applies after the recurrent matMul (Keras' default since 2.0, and cuDNN's),
   * with separate input and recurrent biases: `bias [2, 3 units]`. With `false`, the reset gate
   * applies to the state before it, and `bias [3 units]`.
   * @defaultValue `true`
   */
  resetAfter?: boolean;
}

/**
 * The GRU cell of Keras' `GRUCell` (Cho et al. 2014), gates z, r, h. With `resetAfter` (the default):
 * `z = σ(x Wz + bz + h Uz + b'z)`, `r = σ(x Wr + br + h Ur + b'r)`,
 * `ĥ = tanh(x Wh + bh + r * (h Uh + b'h))`, `h' = z * h + (1 - z) * ĥ`.
 * Weights (Keras order and layout): `kernel [features, 3 units]`, `recurrent_kernel [units, 3 units]`,
 * `bias [2, 3 units]` (input bias, then recurrent bias), or `bias [3 units]` without `resetAfter`.
 *
 * tfjs' own GRU throws for `resetAfter: true`, so Keras GRU models (where it is the default) do not
 * load in tfjs; this cell reads their weights as they are.
 *
 * @example
 * ```ts
 * const layer = rnn({ cell: gruCell({ units: 32 }) });
 * ```
 */
export class GRUCell extends GatedCell {
  /** The name the cell is saved and loaded under. */
  static className = 'seq.GRUCell';
  /** Whether the reset gate applies after the recurrent matMul. */
  readonly resetAfter: boolean;
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: GRUCellArgs) {
    super('GRUCell', args, uniqueLayerName('gru_cell'));
    this.resetAfter = assertBoolean('GRUCell', 'resetAfter', args.resetAfter ?? true);
  }

  get stateSize(): number[] {
    return [this.units];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const features = this.featuresOf(inputShape);
    const u = this.units;
    this.kernel = this.addWeight('kernel', [features, 3 * u], 'float32', this.kernelInitializer);
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [u, 3 * u],
      'float32',
      this.recurrentInitializer,
    );
    if (this.useBias) {
      this.bias = this.addWeight(
        'bias',
        this.resetAfter ? [2, 3 * u] : [3 * u],
        'float32',
        this.biasInitializer,
      );
    }
    this.built = true;
  }

  /** The input-side bias (`bias[0]` with `resetAfter`) and the recurrent one (`bias[1]`, or none). */
  private biases(): [tf.Tensor | null, tf.Tensor | null] {
    if (!this.bias) return [null, null];
    const b = this.bias.read();
    if (!this.resetAfter) return [b, null];
    const [input, recurrent] = tf.unstack(b) as [tf.Tensor, tf.Tensor]; // [2, 3U] -> 2 x [3U]
    return [input, recurrent];
  }

  projectInputs(x: tf.Tensor): tf.Tensor {
    return this.timeDistributedDense(x, (this.kernel as tf.LayerVariable).read(), this.biases()[0]);
  }

  stepFunction(): StepFunction {
    const u = this.units;
    const kernel = (this.recurrentKernel as tf.LayerVariable).read(); // [U, 3U]
    const recurrentBias = this.biases()[1];
    // Without resetAfter the candidate's kernel is applied to r * h on its own: split it once.
    const kernelZR = this.resetAfter ? null : tf.slice(kernel, [0, 0], [u, 2 * u]); // [U, 2U]
    const kernelH = this.resetAfter ? null : tf.slice(kernel, [0, 2 * u], [u, u]); // [U, U]
    return (projected, states, recurrentMask) => {
      const hPrev = states[0] as tf.Tensor;
      const h = recurrentMask ? tf.mul(hPrev, recurrentMask) : hPrev;
      const [xz, xr, xh] = splitGates(projected, 3) as [tf.Tensor, tf.Tensor, tf.Tensor]; // 3 x [B, U]
      let candidate: tf.Tensor;
      let z: tf.Tensor;
      if (kernelZR === null || kernelH === null) {
        let inner = tf.matMul(h, kernel); // [B, 3U]
        if (recurrentBias) inner = tf.add(inner, recurrentBias);
        const [hz, hr, hh] = splitGates(inner, 3) as [tf.Tensor, tf.Tensor, tf.Tensor];
        z = this.recurrentActivationFn(tf.add(xz, hz));
        const r = this.recurrentActivationFn(tf.add(xr, hr));
        candidate = this.activationFn(tf.add(xh, tf.mul(r, hh)));
      } else {
        const [hz, hr] = splitGates(tf.matMul(h, kernelZR), 2) as [tf.Tensor, tf.Tensor]; // 2 x [B, U]
        z = this.recurrentActivationFn(tf.add(xz, hz));
        const r = this.recurrentActivationFn(tf.add(xr, hr));
        candidate = this.activationFn(tf.add(xh, tf.matMul(tf.mul(r, h), kernelH)));
      }
      // h' = z * h + (1 - z) * candidate  ==  candidate + z * (h - candidate)
      const output = tf.add(candidate, tf.mul(z, tf.sub(hPrev, candidate)));
      return { output, states: [output] };
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
    const recurrentBias = this.resetAfter ? this.biases()[1] : null;
    return fusedGru(
      projected,
      kernel,
      recurrentBias,
      states[0] as tf.Tensor,
      mask,
      recurrentMask,
      this.resetAfter,
      sequence,
    );
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      resetAfter: this.resetAfter,
    };
  }
}
registerSerializable(GRUCell);

/**
 * Creates a {@link GRUCell}.
 * @example
 * ```ts
 * const cell = gruCell({ units: 32, resetAfter: true });
 * ```
 */
export function gruCell(args: GRUCellArgs): GRUCell {
  return new GRUCell(args);
}
