import {
  assertBoolean,
  assertNonNegativeInteger,
  assertNumberInRange,
  assertRank,
  SeqError,
  uniqueLayerName,
} from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { causalMask, combineMasks } from './masks.js';
import { MASKED_SCORE } from './scaled-dot-product-attention.js';

/** Arguments shared by {@link Attention} and {@link AdditiveAttention}. */
export interface BaseAttentionArgs {
  /** Fraction of attention weights dropped in training. @defaultValue `0` */
  dropout?: number;
  /** Layer name. */
  name?: string;
  /** Whether the weights train. @defaultValue `true` */
  trainable?: boolean;
  /**
   * Seed of the initializers of the layer's learned weights (glorot-uniform; weight `i` uses
   * `seed + i`), for reproducible weights; `null` for random ones.
   * @defaultValue `null`
   */
  seed?: number | null;
}

/** Call options of {@link Attention} and {@link AdditiveAttention}. */
export interface BaseAttentionCallOptions {
  /** `[queryMask [batch, Tq], valueMask [batch, Tv]]`, 1 = real step (either may be null). */
  mask?: Array<tf.Tensor | null>;
  /** Whether query `i` may only attend to value steps `j <= i`. @defaultValue `false` */
  useCausalMask?: boolean;
  /** Whether to return `[output, scores]`, scores `[batch, Tq, Tv]` after the softmax. @defaultValue `false` */
  returnAttentionScores?: boolean;
  /** Whether dropout is active. */
  training?: boolean;
}

/**
 * Keras' dense attention (`Attention`, `AdditiveAttention`): `softmax(score(query, key)) value` over
 * `[query, value, key?]`, with Keras' masks (masked scores get 1e9 subtracted; masked queries give
 * zero outputs) and optional causal masking. Subclasses define the score.
 *
 * @example
 * ```ts
 * // Any subclass takes [query, value, key?] and Keras' masks:
 * const attention: BaseAttention = new AdditiveAttention();
 * const context = attention.apply([decoderStates, encoderStates], { mask: [null, sourceMask] }); // [batch, Tq, dim]
 * ```
 */
export abstract class BaseAttention extends tf.layers.Layer {
  /** Fraction of attention weights dropped in training. */
  readonly dropout: number;
  /** Seed of the learned weights' initializers, or `null`. */
  readonly seed: number | null;
  private initializersMade = 0;
  private returnScoresNext = false;

  constructor(owner: string, args: BaseAttentionArgs, defaultName: string) {
    const dropout = assertNumberInRange(owner, 'dropout', args?.dropout ?? 0, {
      min: 0,
      max: 1,
      maxInclusive: false,
    });
    const seed = args?.seed == null ? null : assertNonNegativeInteger(owner, 'seed', args.seed);
    super({ name: args?.name ?? uniqueLayerName(defaultName), trainable: args?.trainable ?? true });
    this.dropout = dropout;
    this.seed = seed;
    this.supportsMasking = true;
  }

  /**
   * A glorot-uniform initializer for the layer's next learned weight: seeded with `seed + i` for
   * the `i`th weight when the layer has a seed. @internal
   */
  protected nextInitializer(): ReturnType<typeof tf.initializers.glorotUniform> {
    return tf.initializers.glorotUniform(
      this.seed === null ? {} : { seed: this.seed + this.initializersMade++ },
    );
  }

  /** The layer name for messages. */
  protected get owner(): string {
    return this.getClassName().replace(/^seq\./, '');
  }

  /** Scores `[batch, Tq, Tv]` from query `[batch, Tq, dim]` and key `[batch, Tv, dim]`. */
  protected abstract score(query: tf.Tensor, key: tf.Tensor): tf.Tensor;

  /** Checks and returns `[query, value, key]` shapes' feature sizes. @internal */
  protected shapesOf(inputShape: tf.Shape | tf.Shape[]): [tf.Shape, tf.Shape, tf.Shape] {
    const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as tf.Shape[];
    if (shapes.length < 2 || shapes.length > 3 || shapes.some((s) => s.length !== 3)) {
      throw new SeqError({
        owner: this.owner,
        argument: 'inputs',
        expected: '[query, value] or [query, value, key], each [batch, time, dim]',
        receivedDescription: `${shapes.length} input(s)`,
      });
    }
    const [q, v, k = v] = shapes as [tf.Shape, tf.Shape, tf.Shape?];
    return [q, v, k];
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const [q, v] = this.shapesOf(inputShape);
    const output = [q[0] ?? null, q[1] ?? null, v[2] ?? null];
    return this.returnScoresNext ? [output, [q[0] ?? null, q[1] ?? null, v[1] ?? null]] : output;
  }

  override computeMask(
    _inputs: tf.Tensor | tf.Tensor[],
    mask?: tf.Tensor | tf.Tensor[],
  ): tf.Tensor | tf.Tensor[] {
    const queryMask = Array.isArray(mask) ? (mask[0] ?? null) : null;
    return (this.returnScoresNext ? [queryMask, null] : queryMask) as unknown as tf.Tensor;
  }

  /** `apply` remembers `returnAttentionScores` so that symbolic calls know their outputs' shapes. */
  override apply(
    inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[],
    kwargs: Parameters<tf.layers.Layer['apply']>[1] = {},
  ): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] {
    this.returnScoresNext = kwargs?.returnAttentionScores === true;
    try {
      return super.apply(inputs, kwargs);
    } finally {
      this.returnScoresNext = false;
    }
  }

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: tf.serialization.ConfigDict = {},
  ): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const [query, value, key = value] = list as [tf.Tensor, tf.Tensor, tf.Tensor?];
      if (!value) {
        throw new SeqError({
          owner: this.owner,
          argument: 'inputs',
          expected: '[query, value] or [query, value, key]',
          received: inputs,
        });
      }
      assertRank(this.owner, 'query', query, 3, '[batch, Tq, dim]');
      assertRank(this.owner, 'value', value, 3, '[batch, Tv, dim]');
      const options = kwargs as unknown as BaseAttentionCallOptions;
      const useCausal = assertBoolean(this.owner, 'useCausalMask', options.useCausalMask ?? false);
      const [queryMask, valueMask] = Array.isArray(options.mask) ? options.mask : [null, null];
      const tq = query.shape[1] as number;
      const tv = value.shape[1] as number;
      const mask = combineMasks(
        valueMask ? tf.expandDims(valueMask, 1) : null, // [B, 1, Tv]
        useCausal ? causalMask(tq, tv) : null, // [1, Tq, Tv]
      );
      let scores = this.score(query, key); // [B, Tq, Tv]
      if (mask) scores = tf.add(scores, tf.mul(tf.sub(1, mask), MASKED_SCORE));
      const weights = tf.softmax(scores); // [B, Tq, Tv]
      const dropped =
        options.training === true && this.dropout > 0 ? tf.dropout(weights, this.dropout) : weights;
      let output = tf.matMul(dropped, value); // [B, Tq, Tv] x [B, Tv, dv] -> [B, Tq, dv]
      if (queryMask) output = tf.mul(output, tf.expandDims(tf.cast(queryMask, 'float32'), 2)); // masked queries: 0
      return options.returnAttentionScores ? [output, weights] : output;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dropout: this.dropout, seed: this.seed };
  }
}
