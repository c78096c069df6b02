import { causalMask, combineMasks } from '@seq/attention';
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

/**
 * keras-hub's `TransformerDecoder`: causal self-attention, cross-attention over an encoder sequence
 * (when one is given: `apply([x, encoderSequence])`), and a feed-forward network, each with a
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

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: tf.serialization.ConfigDict = {},
  ): tf.Tensor {
    return tf.tidy(() => {
      const [x, encoder] = (Array.isArray(inputs) ? inputs : [inputs]) as [tf.Tensor, tf.Tensor?];
      assertRank('TransformerDecoder', 'decoderSequence', x, 3, '[batch, Td, hidden]');
      const options = kwargs as unknown as TransformerDecoderCallOptions;
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
        options.decoderPaddingMask ? tf.expandDims(options.decoderPaddingMask, 1) : null, // [B, 1, Td]
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
          options.encoderPaddingMask ? tf.expandDims(options.encoderPaddingMask, 1) : null, // [B, 1, Te]
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
