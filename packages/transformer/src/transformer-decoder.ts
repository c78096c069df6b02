import { type AttentionCache, causalMask, combineMasks } from '@seq/attention';
import { assertBoolean, assertRank, registerSerializable, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { TransformerBlock, type TransformerBlockArgs } from './transformer-block.js';

/** Call options of {@link TransformerDecoder}. */
export interface TransformerDecoderCallOptions {
  /** `[batch, Td]`, 1 = real token of the decoder sequence. */
  decoderPaddingMask?: tf.Tensor;
  /** `[batch, Td, Td]`, 1 = may attend. */
  decoderAttentionMask?: tf.Tensor;
  /** `[batch, Te]`, 1 = real token of the encoder sequence. */
  encoderPaddingMask?: tf.Tensor;
  /** `[batch, Td, Te]`, 1 = may attend. */
  encoderAttentionMask?: tf.Tensor;
  /** Whether position `i` may only attend to positions `<= i`. @defaultValue `true` */
  useCausalMask?: boolean;
  /** Whether dropout is active. */
  training?: boolean;
}

/** The KV caches of one {@link TransformerDecoder} block, carried from one decoding step to the next. */
export interface TransformerDecoderCache {
  /** Keys and values of the decoder steps so far, `[batch, heads, steps, size]`; `null` before the first step. */
  selfAttention: AttentionCache | null;
  /** The encoder sequence's keys and values, projected once; `null` before the first step or without an encoder. */
  crossAttention: AttentionCache | null;
}

/** Options of {@link TransformerDecoder.callWithCache}. */
export interface TransformerDecoderCacheOptions {
  /** The encoder sequence `[batch, Te, hidden]`, for a decoder built with one. */
  encoderSequence?: tf.Tensor;
  /** `[batch, Te]`, 1 = real encoder token. */
  encoderPaddingMask?: tf.Tensor;
}

/** What {@link TransformerDecoder.callWithCache} returns. */
export interface TransformerDecoderCacheResult {
  /** `[batch, Tn, hidden]`, the new steps' outputs. */
  output: tf.Tensor;
  /** The caches with the new steps (new tensors, the caller's: dispose the old ones). */
  cache: TransformerDecoderCache;
}

/**
 * keras-hub's `TransformerDecoder`: causal self-attention, cross-attention over an encoder sequence
 * (when one is given: `apply([x, encoderSequence])`, or `apply([x, encoderSequence, encoderPaddingMask])`
 * in functional models, where tfjs passes a layer only its first input's mask), and a feed-forward network, each with a
 * residual connection and layer normalisation (after, or before with `normalizeFirst`). Without an
 * encoder sequence (`apply(x)`) it is a GPT-style decoder-only block. Weights in keras-hub's order and
 * names: `self_attention/*` (8), `self_attention_layer_norm/*`, `cross_attention/*` (8),
 * `cross_attention_layer_norm/*`, `feedforward_intermediate_dense/*`, `feedforward_output_dense/*`,
 * `feedforward_layer_norm/*`.
 *
 * Shapes: decoder sequence `[batch, Td, hidden]`, encoder sequence `[batch, Te, hidden]`; output
 * `[batch, Td, hidden]`.
 *
 * @example
 * ```ts
 * const decoder = new TransformerDecoder({ intermediateDim: 64, numHeads: 4 });
 * const y = decoder.apply([targets, encoded], { encoderPaddingMask }) as tf.Tensor;
 * ```
 */
export class TransformerDecoder extends TransformerBlock {
  /** The name the layer is saved and loaded under. */
  static className = 'seq.TransformerDecoder';

  /** @throws {@link @seq/core!index.SeqError} for invalid arguments. */
  constructor(args: TransformerBlockArgs) {
    super('TransformerDecoder', args, 'transformer_decoder');
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as tf.Shape[];
    const hidden = this.hiddenOf(shapes[0] as tf.Shape, 'decoderSequence');
    this.addAttentionWeights('self_attention', hidden, hidden);
    this.addNormWeights('self_attention_layer_norm', hidden);
    if (shapes[1]) {
      this.addAttentionWeights(
        'cross_attention',
        hidden,
        this.hiddenOf(shapes[1], 'encoderSequence'),
      );
      this.addNormWeights('cross_attention_layer_norm', hidden);
    }
    this.addDenseWeights('feedforward_intermediate_dense', hidden, this.intermediateDim);
    this.addDenseWeights('feedforward_output_dense', this.intermediateDim, hidden);
    this.addNormWeights('feedforward_layer_norm', hidden);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  /**
   * Decodes new steps with KV caches, for generation: the new steps attend over the cached steps
   * and themselves (causally), so step `t` costs attention over `t` keys, not a full recompute. The
   * outputs equal those of the full causal pass (`apply`) at the same positions. No dropout.
   *
   * @param x - `[batch, Tn, hidden]`: the new steps (the prompt at first, then one at a time).
   * @param cache - `{selfAttention: null, crossAttention: null}` at the start.
   * @throws {@link @seq/core!index.SeqError} when the decoder is not built, or an encoder sequence is missing.
   * @example
   * ```ts
   * let cache = { selfAttention: null, crossAttention: null };
   * for (const x of steps) ({ output, cache } = decoder.callWithCache(x, cache, { encoderSequence }));
   * ```
   */
  callWithCache(
    x: tf.Tensor,
    cache: TransformerDecoderCache,
    options: TransformerDecoderCacheOptions = {},
  ): TransformerDecoderCacheResult {
    if (!this.built) {
      throw new SeqError({
        owner: 'TransformerDecoder',
        argument: 'this',
        expected: 'a built decoder (call it once first)',
        receivedDescription: 'an unbuilt decoder',
      });
    }
    assertRank('TransformerDecoder', 'x', x, 3, '[batch, Tn, hidden]');
    const cross = this.has('cross_attention');
    if (cross && !options.encoderSequence && !cache.crossAttention) {
      throw new SeqError({
        owner: 'TransformerDecoder',
        argument: 'options.encoderSequence',
        expected: 'the encoder sequence (this decoder has cross-attention)',
        received: options.encoderSequence,
      });
    }
    return tf.tidy(() => {
      let selfCache: AttentionCache | null = null;
      let crossCache: AttentionCache | null = cache.crossAttention;
      let y = this.residual(
        'self_attention_layer_norm',
        x,
        (z) => {
          const r = this.attendCached('self_attention', z, z, cache.selfAttention, {
            causal: true,
          });
          selfCache = r.cache;
          return r.output;
        },
        false,
      );
      if (cross) {
        y = this.residual(
          'cross_attention_layer_norm',
          y,
          (z) => {
            const fresh = crossCache === null;
            const r = this.attendCached(
              'cross_attention',
              z,
              fresh ? (options.encoderSequence as tf.Tensor) : null,
              crossCache,
              {
                causal: false,
                keyPaddingMask: options.encoderPaddingMask ?? null,
              },
            );
            crossCache = r.cache;
            return r.output;
          },
          false,
        );
      }
      const output = this.residual('feedforward_layer_norm', y, (z) => this.feedForward(z), false);
      return {
        output,
        cache: { selfAttention: selfCache, crossAttention: crossCache },
      } as unknown as tf.TensorContainer;
    }) as unknown as TransformerDecoderCacheResult;
  }

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: tf.serialization.ConfigDict = {},
  ): tf.Tensor {
    return tf.tidy(() => {
      const [x, encoder, encoderMaskInput] = (Array.isArray(inputs) ? inputs : [inputs]) as [
        tf.Tensor,
        tf.Tensor?,
        tf.Tensor?,
      ];
      assertRank('TransformerDecoder', 'decoderSequence', x, 3, '[batch, Td, hidden]');
      const options = kwargs as unknown as TransformerDecoderCallOptions & {
        mask?: tf.Tensor | Array<tf.Tensor | null>;
      };
      // Masks from masking layers are the padding masks, as in keras-hub: [decoder mask, encoder mask].
      const masks = Array.isArray(options.mask) ? options.mask : [options.mask ?? null];
      const decoderPadding =
        options.decoderPaddingMask ?? (masks[0] ? tf.cast(masks[0], 'float32') : undefined);
      const encoderPadding =
        options.encoderPaddingMask ??
        encoderMaskInput ??
        (masks[1] ? tf.cast(masks[1], 'float32') : undefined);
      const training = options.training === true;
      const useCausal = assertBoolean(
        'TransformerDecoder',
        'useCausalMask',
        options.useCausalMask ?? true,
      );
      if (encoder && !this.has('cross_attention')) {
        throw new SeqError({
          owner: 'TransformerDecoder',
          argument: 'inputs',
          expected: 'the decoder sequence alone, as when the layer was built',
          receivedDescription: '[decoderSequence, encoderSequence]',
        });
      }
      const td = x.shape[1] as number;
      const selfMask = combineMasks(
        useCausal ? causalMask(td) : null, // [1, Td, Td]
        decoderPadding ? tf.expandDims(decoderPadding, 1) : null, // [B, 1, Td]
        options.decoderAttentionMask,
      );
      let y = this.residual(
        'self_attention_layer_norm',
        x,
        (z) => this.attend('self_attention', z, z, selfMask, training),
        training,
      );
      if (encoder) {
        const crossMask = combineMasks(
          encoderPadding ? tf.expandDims(encoderPadding, 1) : null, // [B, 1, Te]
          options.encoderAttentionMask,
        );
        y = this.residual(
          'cross_attention_layer_norm',
          y,
          (z) => this.attend('cross_attention', z, encoder, crossMask, training),
          training,
        );
      }
      return this.residual('feedforward_layer_norm', y, (z) => this.feedForward(z), training);
    });
  }
}
registerSerializable(TransformerDecoder);
