import { assertBoolean, assertOneOf, registerSerializable } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { BaseAttention, type BaseAttentionArgs } from './base-attention.js';

/** Arguments of {@link Attention}. */
export interface AttentionArgs extends BaseAttentionArgs {
  /** Whether to learn a scalar that multiplies the scores (Keras' `scale`). @defaultValue `false` */
  useScale?: boolean;
  /**
   * The score: `'dot'` (Luong, `q kᵀ`), `'concat'` (Keras: `Σ tanh(q + k)` times a learned scalar), or
   * `'general'` (Luong's general score, `q W kᵀ`, with a learned `[dim, dim]` kernel).
   * @defaultValue `'dot'`
   */
  scoreMode?: 'dot' | 'concat' | 'general';
}

/**
 * Luong-style attention, Keras' `Attention` (Luong et al. 2015), plus Luong's "general" score.
 * Weights: `scale` (a scalar, with `useScale`), `concat_score_weight` (a scalar, with `'concat'`),
 * `general_kernel [dim, dim]` (with `'general'`).
 *
 * Shapes: query `[batch, Tq, dim]`, value `[batch, Tv, valueDim]`, key `[batch, Tv, dim]` (default:
 * the value); output `[batch, Tq, valueDim]`; scores `[batch, Tq, Tv]`.
 *
 * @example
 * ```ts
 * const attention = new Attention({ scoreMode: 'dot' });
 * const [context, scores] = attention.apply([decoderOutputs, encoderOutputs], {
 *   mask: [null, encoderMask],
 *   returnAttentionScores: true,
 * }) as tf.Tensor[];
 * ```
 */
export class Attention extends BaseAttention {
  /** The name the layer is saved and loaded under. */
  static className = 'seq.Attention';
  /** Whether a learned scalar multiplies the scores. */
  readonly useScale: boolean;
  /** The score function. */
  readonly scoreMode: 'dot' | 'concat' | 'general';
  private scale: tf.LayerVariable | null = null;
  private concatWeight: tf.LayerVariable | null = null;
  private generalKernel: tf.LayerVariable | null = null;

  /** @throws {@link @seq/core!index.SeqError} for invalid arguments. */
  constructor(args: AttentionArgs = {}) {
    const useScale = assertBoolean('Attention', 'useScale', args.useScale ?? false);
    const scoreMode = assertOneOf('Attention', 'scoreMode', args.scoreMode ?? 'dot', [
      'dot',
      'concat',
      'general',
    ] as const);
    super('Attention', args, 'attention');
    this.useScale = useScale;
    this.scoreMode = scoreMode;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [q, , k] = this.shapesOf(inputShape);
    if (this.useScale) this.scale = this.addWeight('scale', [], 'float32', tf.initializers.ones());
    if (this.scoreMode === 'concat')
      this.concatWeight = this.addWeight(
        'concat_score_weight',
        [],
        'float32',
        tf.initializers.ones(),
      );
    if (this.scoreMode === 'general') {
      this.generalKernel = this.addWeight(
        'general_kernel',
        [q[2] as number, k[2] as number],
        'float32',
        this.nextInitializer(),
      );
    }
    this.built = true;
  }

  protected score(query: tf.Tensor, key: tf.Tensor): tf.Tensor {
    if (this.scoreMode === 'concat') {
      let sum = tf.add(tf.expandDims(query, 2), tf.expandDims(key, 1)); // [B, Tq, 1, d] + [B, 1, Tv, d] -> [B, Tq, Tv, d]
      if (this.scale) sum = tf.mul(sum, this.scale.read());
      return tf.mul(tf.sum(tf.tanh(sum), -1), (this.concatWeight as tf.LayerVariable).read()); // [B, Tq, Tv]
    }
    const q = this.generalKernel
      ? tf.reshape(
          tf.matMul(tf.reshape(query, [-1, query.shape[2] as number]), this.generalKernel.read()),
          [query.shape[0] as number, query.shape[1] as number, -1],
        ) // [B, Tq, d] W -> [B, Tq, d']
      : query;
    const scores = tf.matMul(q, key, false, true); // [B, Tq, d] x [B, Tv, d]^T -> [B, Tq, Tv]
    return this.scale ? tf.mul(scores, this.scale.read()) : scores;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), useScale: this.useScale, scoreMode: this.scoreMode };
  }
}
registerSerializable(Attention);

/**
 * Creates an {@link Attention} layer.
 * @example
 * ```ts
 * const layer = attention({ scoreMode: 'general' });
 * ```
 */
export function attention(args: AttentionArgs = {}): Attention {
  return new Attention(args);
}
