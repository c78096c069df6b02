import {
  assertBoolean,
  assertPositiveInteger,
  assertRank,
  registerSerializable,
  SeqError,
  uniqueLayerName,
} from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { checkSeed, seededGlorotUniform } from './seeded-initializer.js';

/** Arguments of {@link TokenAndPositionEmbedding}, with keras-hub's names. */
export interface TokenAndPositionEmbeddingArgs {
  /** Number of token ids. */
  vocabularySize: number;
  /** The longest sequence. */
  sequenceLength: number;
  /** Size of the embeddings. */
  embeddingDim: number;
  /** Whether id 0 is padding: it gets a mask that the Transformer blocks use as their padding mask. @defaultValue `false` */
  maskZero?: boolean;
  /** The input's shape without the batch axis, for a first layer: `[time]`. */
  inputShape?: Array<number | null>;
  /** The batch size and input shape, for a first layer (as saved configs hold it): `[batch, time]`. */
  batchInputShape?: Array<number | null>;
  /**
   * Seed of the initializers (token embeddings `seed`, position embeddings `seed + 1`), for
   * reproducible weights; `null` for random ones. Not a keras-hub argument.
   * @defaultValue `null`
   */
  seed?: number | null;
  /** Layer name. */
  name?: string;
  /** Whether the embeddings train. @defaultValue `true` */
  trainable?: boolean;
}

/**
 * keras-hub's `TokenAndPositionEmbedding`: token embeddings plus learned position embeddings, weights
 * `token_embedding/embeddings [vocabularySize, embeddingDim]` and `position_embedding/embeddings
 * [sequenceLength, embeddingDim]`. With `maskZero`, id 0 is padding and the layer emits a
 * `[batch, time]` mask that `TransformerEncoder` and `TransformerDecoder` take as their padding mask.
 * {@link TokenAndPositionEmbedding.logits} reuses the token embeddings as the output projection
 * (weight tying).
 *
 * The lookup is a one-hot matMul rather than `tf.gather`, whose gradient needs a kernel the wasm
 * backend lacks; it costs `vocabularySize` per token, fine for character and small subword vocabularies.
 *
 * Shapes: ids `[batch, time]` (int32 or float) in, `[batch, time, embeddingDim]` out. Call option:
 * `startIndex`, the position of the first id (for decoding steps).
 *
 * @example
 * ```ts
 * const embed = new TokenAndPositionEmbedding({ vocabularySize: 40, sequenceLength: 64, embeddingDim: 32, maskZero: true });
 * const x = embed.apply(ids) as tf.Tensor; // [batch, time, 32]
 * ```
 */
export class TokenAndPositionEmbedding extends tf.layers.Layer {
  /** The name the layer is saved and loaded under. */
  static className = 'seq.TokenAndPositionEmbedding';
  /** Number of token ids. */
  readonly vocabularySize: number;
  /** The longest sequence. */
  readonly sequenceLength: number;
  /** Size of the embeddings. */
  readonly embeddingDim: number;
  /** Whether id 0 is padding. */
  readonly maskZero: boolean;
  /** Seed of the initializers, or `null`. */
  readonly seed: number | null;
  private tokens: tf.LayerVariable | null = null;
  private positions: tf.LayerVariable | null = null;

  /** @throws {@link @seq/core!index.SeqError} for invalid arguments. */
  constructor(args: TokenAndPositionEmbeddingArgs) {
    const owner = 'TokenAndPositionEmbedding';
    const vocabularySize = assertPositiveInteger(owner, 'vocabularySize', args?.vocabularySize);
    const sequenceLength = assertPositiveInteger(owner, 'sequenceLength', args.sequenceLength);
    const embeddingDim = assertPositiveInteger(owner, 'embeddingDim', args.embeddingDim);
    const maskZero = assertBoolean(owner, 'maskZero', args.maskZero ?? false);
    const seed = checkSeed(owner, args.seed);
    super({
      name: args.name ?? uniqueLayerName('token_and_position_embedding'),
      trainable: args.trainable ?? true,
      ...(args.inputShape ? { inputShape: args.inputShape } : {}),
      ...(args.batchInputShape ? { batchInputShape: args.batchInputShape } : {}),
    } as ConstructorParameters<typeof tf.layers.Layer>[0]);
    this.vocabularySize = vocabularySize;
    this.sequenceLength = sequenceLength;
    this.embeddingDim = embeddingDim;
    this.maskZero = maskZero;
    this.seed = seed;
    this.supportsMasking = true;
  }

  override build(): void {
    const uniform = tf.initializers.randomUniform({
      minval: -0.05,
      maxval: 0.05,
      ...(this.seed === null ? {} : { seed: this.seed }),
    });
    this.tokens = this.addWeight(
      'token_embedding/embeddings',
      [this.vocabularySize, this.embeddingDim],
      'float32',
      uniform,
    );
    this.positions = this.addWeight(
      'position_embedding/embeddings',
      [this.sequenceLength, this.embeddingDim],
      'float32',
      seededGlorotUniform(this.seed, 1),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0] ?? null, shape[1] ?? null, this.embeddingDim];
  }

  override computeMask(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    if (!this.maskZero) return null as unknown as tf.Tensor;
    const ids = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    return tf.notEqual(ids, 0); // [B, T]
  }

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: tf.serialization.ConfigDict = {},
  ): tf.Tensor {
    return tf.tidy(() => {
      const ids = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      assertRank('TokenAndPositionEmbedding', 'inputs', ids, 2, '[batch, time]');
      const [batch, time] = ids.shape as [number, number];
      // startIndex: the position of the first id (a decoding step continues a sequence).
      const start = typeof kwargs.startIndex === 'number' ? kwargs.startIndex : 0;
      const positions = this.positionsFor(ids, 'inputs', start); // [T, D]
      const oneHot = tf.oneHot(
        tf.reshape(tf.cast(ids, 'int32'), [batch * time]),
        this.vocabularySize,
      ); // [B T, V]
      const tokens = tf.matMul(
        tf.cast(oneHot, 'float32'),
        (this.tokens as tf.LayerVariable).read(),
      ); // [B T, V] x [V, D]
      return tf.add(tf.reshape(tokens, [batch, time, this.embeddingDim]), positions); // [B, T, D]
    });
  }

  /**
   * The embeddings of `ids` `[batch, time]` from position `startIndex`, looked up with `tf.gather`:
   * what a decoding step uses, a few kernels cheaper than `apply`'s one-hot product. Use `apply`
   * for training: the gradient of a gather needs `UnsortedSegmentSum`, which the wasm backend lacks.
   *
   * @returns `[batch, time, embeddingDim]`.
   * @throws {@link @seq/core!index.SeqError} when the layer is not built or the positions run past
   *   `sequenceLength`.
   * @example
   * ```ts
   * const x = embedding.lookup(nextIds, 12); // [batch, 1, embeddingDim] at position 12
   * ```
   */
  lookup(ids: tf.Tensor, startIndex = 0): tf.Tensor {
    if (!this.built) {
      throw new SeqError({
        owner: 'TokenAndPositionEmbedding',
        argument: 'this',
        expected: 'a built layer (call it once first)',
        receivedDescription: 'an unbuilt layer',
      });
    }
    assertRank('TokenAndPositionEmbedding', 'ids', ids, 2, '[batch, time]');
    return tf.tidy(() => {
      const positions = this.positionsFor(ids, 'ids', startIndex); // [T, D]
      const tokens = tf.gather((this.tokens as tf.LayerVariable).read(), tf.cast(ids, 'int32')); // [B, T, D]
      return tf.add(tokens, positions);
    });
  }

  /** The position embeddings `[time, embeddingDim]` of `ids` `[batch, time]` from `start`, range checked. */
  private positionsFor(ids: tf.Tensor, argument: string, start: number): tf.Tensor {
    const time = ids.shape[1] as number;
    if (start + time > this.sequenceLength) {
      throw new SeqError({
        owner: 'TokenAndPositionEmbedding',
        argument,
        expected: `at most sequenceLength (${this.sequenceLength}) steps from startIndex ${start}`,
        received: ids,
      });
    }
    return tf.slice(
      (this.positions as tf.LayerVariable).read(),
      [start, 0],
      [time, this.embeddingDim],
    );
  }

  /**
   * Logits over the vocabulary from hidden states, with the token embeddings as the output
   * projection (weight tying, Press and Wolf 2017): `h Eᵀ`.
   * @param hidden - `[batch, time, embeddingDim]`.
   * @returns `[batch, time, vocabularySize]`.
   */
  logits(hidden: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const [b, t, d] = hidden.shape as [number, number, number];
      const flat = tf.matMul(
        tf.reshape(hidden, [b * t, d]),
        (this.tokens as tf.LayerVariable).read(),
        false,
        true,
      ); // [B T, D] x [V, D]^T
      return tf.reshape(flat, [b, t, this.vocabularySize]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      vocabularySize: this.vocabularySize,
      sequenceLength: this.sequenceLength,
      embeddingDim: this.embeddingDim,
      maskZero: this.maskZero,
      seed: this.seed,
    };
  }
}
registerSerializable(TokenAndPositionEmbedding);
