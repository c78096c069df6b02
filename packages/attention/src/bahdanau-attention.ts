import { assertPositiveInteger, registerSerializable } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { BaseAttention, type BaseAttentionArgs } from './base-attention.js';

/** Arguments of {@link BahdanauAttention}. */
export interface BahdanauAttentionArgs extends BaseAttentionArgs {
  /** Size of the projected space the query and keys are added in. */
  units: number;
}

/**
 * Bahdanau attention with its projections built in, as the TensorFlow NMT tutorial and TF Addons'
 * `BahdanauAttention` have it: `score[b, i, j] = vᵀ tanh(W_q query[b, i] + W_k key[b, j])`.
 * Weights: `query_kernel [queryDim, units]`, `key_kernel [keyDim, units]`, `attention_v [units]`.
 * Unlike {@link AdditiveAttention}, the query and the keys may have different sizes.
 *
 * Shapes: query `[batch, Tq, queryDim]`, value `[batch, Tv, valueDim]`, key `[batch, Tv, keyDim]`
 * (default: the value); output `[batch, Tq, valueDim]`; scores `[batch, Tq, Tv]`.
 *
 * @example
 * ```ts
 * const layer = bahdanauAttention({ units: 10 });
 * const [context, weights] = layer.apply([decoderStates, encoderOutputs], { returnAttentionScores: true }) as tf.Tensor[];
 * ```
 */
export class BahdanauAttention extends BaseAttention {
  /** The name the layer is saved and loaded under. */
  static className = 'seq.BahdanauAttention';
  /** Size of the projected space. */
  readonly units: number;
  private queryKernel: tf.LayerVariable | null = null;
  private keyKernel: tf.LayerVariable | null = null;
  private v: tf.LayerVariable | null = null;

  /** @throws {@link @seq/core!index.SeqError} for invalid arguments. */
  constructor(args: BahdanauAttentionArgs) {
    const units = assertPositiveInteger('BahdanauAttention', 'units', args?.units);
    super('BahdanauAttention', args, 'bahdanau_attention');
    this.units = units;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [q, , k] = this.shapesOf(inputShape);
    this.queryKernel = this.addWeight(
      'query_kernel',
      [q[2] as number, this.units],
      'float32',
      this.nextInitializer(),
    );
    this.keyKernel = this.addWeight(
      'key_kernel',
      [k[2] as number, this.units],
      'float32',
      this.nextInitializer(),
    );
    this.v = this.addWeight('attention_v', [this.units], 'float32', this.nextInitializer());
    this.built = true;
  }

  protected score(query: tf.Tensor, key: tf.Tensor): tf.Tensor {
    const project = (x: tf.Tensor, kernel: tf.LayerVariable) => {
      const [b, t, d] = x.shape as [number, number, number];
      return tf.reshape(tf.matMul(tf.reshape(x, [b * t, d]), kernel.read()), [b, t, this.units]); // [B, T, d] x [d, U] -> [B, T, U]
    };
    const q = project(query, this.queryKernel as tf.LayerVariable); // [B, Tq, U]
    const k = project(key, this.keyKernel as tf.LayerVariable); // [B, Tv, U]
    const features = tf.tanh(tf.add(tf.expandDims(q, 2), tf.expandDims(k, 1))); // [B, Tq, 1, U] + [B, 1, Tv, U] -> [B, Tq, Tv, U]
    return tf.sum(tf.mul(features, (this.v as tf.LayerVariable).read()), -1); // [B, Tq, Tv]
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units };
  }
}
registerSerializable(BahdanauAttention);

/**
 * Creates a {@link BahdanauAttention} layer.
 * @example
 * ```ts
 * const layer = bahdanauAttention({ units: 16 });
 * ```
 */
export function bahdanauAttention(args: BahdanauAttentionArgs): BahdanauAttention {
  return new BahdanauAttention(args);
}
