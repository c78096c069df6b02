import { assertBoolean, registerSerializable } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { BaseAttention, type BaseAttentionArgs } from './base-attention.js';

/** Arguments of {@link AdditiveAttention}. */
export interface AdditiveAttentionArgs extends BaseAttentionArgs {
  /** Whether to learn a vector that weighs the features of the score. @defaultValue `true` */
  useScale?: boolean;
}

/**
 * Bahdanau-style (additive) attention, Keras' `AdditiveAttention` (Bahdanau et al. 2015):
 * `score[b, i, j] = Σ_d scale[d] tanh(query[b, i, d] + key[b, j, d])`. Weight: `scale [dim]`
 * (with `useScale`).
 *
 * Shapes: query `[batch, Tq, dim]`, value `[batch, Tv, valueDim]`, key `[batch, Tv, dim]` (default:
 * the value); output `[batch, Tq, valueDim]`; scores `[batch, Tq, Tv]`.
 *
 * @example
 * ```ts
 * const layer = new AdditiveAttention();
 * const context = layer.apply([query, value]) as tf.Tensor;
 * ```
 */
export class AdditiveAttention extends BaseAttention {
  /** The name the layer is saved and loaded under. */
  static className = 'seq.AdditiveAttention';
  /** Whether a learned vector weighs the score's features. */
  readonly useScale: boolean;
  private scale: tf.LayerVariable | null = null;

  /** @throws {@link @seq/core!index.SeqError} for invalid arguments. */
  constructor(args: AdditiveAttentionArgs = {}) {
    const useScale = assertBoolean('AdditiveAttention', 'useScale', args.useScale ?? true);
    super('AdditiveAttention', args, 'additive_attention');
    this.useScale = useScale;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [q] = this.shapesOf(inputShape);
    if (this.useScale)
      this.scale = this.addWeight('scale', [q[2] as number], 'float32', this.nextInitializer());
    this.built = true;
  }

  protected score(query: tf.Tensor, key: tf.Tensor): tf.Tensor {
    const features = tf.tanh(tf.add(tf.expandDims(query, 2), tf.expandDims(key, 1))); // [B, Tq, 1, d] + [B, 1, Tv, d] -> [B, Tq, Tv, d]
    return tf.sum(this.scale ? tf.mul(features, this.scale.read()) : features, -1); // [B, Tq, Tv]
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), useScale: this.useScale };
  }
}
registerSerializable(AdditiveAttention);

/**
 * Creates an {@link AdditiveAttention} layer.
 * @example
 * ```ts
 * const layer = additiveAttention({ useScale: true });
 * ```
 */
export function additiveAttention(args: AdditiveAttentionArgs = {}): AdditiveAttention {
  return new AdditiveAttention(args);
}
