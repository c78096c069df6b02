import { combineMasks } from '@seq/attention';
import { assertRank, registerSerializable } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { TransformerBlock, type TransformerBlockArgs } from './transformer-block.js';

/** Call options of {@link TransformerEncoder}. */
export interface TransformerEncoderCallOptions {
  /** `[batch, time]`, 1 = real token: padding is never attended to. */
  paddingMask?: tf.Tensor;
  /** `[batch, time, time]`, 1 = may attend. */
  attentionMask?: tf.Tensor;
  /** Whether dropout is active. */
  training?: boolean;
}

/**
 * keras-hub's `TransformerEncoder` (Vaswani et al. 2017): self-attention, then a position-wise
 * feed-forward network, each with a residual connection and layer normalisation (after, or before
 * with `normalizeFirst`). Weights in keras-hub's order and names: `self_attention_layer/*` (8),
 * `self_attention_layer_norm/*`, `feedforward_layer_norm/*`, `feedforward_intermediate_dense/*`,
 * `feedforward_output_dense/*`.
 *
 * Shapes: `[batch, time, hidden]` in and out; `hidden` divisible by `numHeads`. Outputs at padded
 * positions are computed but meaningless; real positions never see padding.
 *
 * @example
 * ```ts
 * const encoder = new TransformerEncoder({ intermediateDim: 64, numHeads: 4 });
 * const y = encoder.apply(x, { paddingMask }) as tf.Tensor;
 * ```
 */
export class TransformerEncoder extends TransformerBlock {
  /** The name the layer is saved and loaded under. */
  static className = 'seq.TransformerEncoder';

  /** @throws {@link @seq/core!index.SeqError} for invalid arguments. */
  constructor(args: TransformerBlockArgs) {
    super('TransformerEncoder', args, 'transformer_encoder');
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const hidden = this.hiddenOf(shape, 'inputs');
    this.addAttentionWeights('self_attention_layer', hidden, hidden);
    this.addNormWeights('self_attention_layer_norm', hidden);
    this.addNormWeights('feedforward_layer_norm', hidden);
    this.addDenseWeights('feedforward_intermediate_dense', hidden, this.intermediateDim);
    this.addDenseWeights('feedforward_output_dense', this.intermediateDim, hidden);
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
      const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      assertRank('TransformerEncoder', 'inputs', x, 3, '[batch, time, hidden]');
      const options = kwargs as unknown as TransformerEncoderCallOptions & { mask?: tf.Tensor };
      // A mask from a masking layer (TokenAndPositionEmbedding with maskZero) is the padding mask, as in keras-hub.
      const paddingMask =
        options.paddingMask ?? (options.mask ? tf.cast(options.mask, 'float32') : undefined);
      const training = options.training === true;
      const mask = combineMasks(
        paddingMask ? tf.expandDims(paddingMask, 1) : null, // [B, 1, T]: padded keys
        options.attentionMask,
      );
      const attended = this.residual(
        'self_attention_layer_norm',
        x,
        (y) => this.attend('self_attention_layer', y, y, mask, training),
        training,
      );
      return this.residual(
        'feedforward_layer_norm',
        attended,
        (y) => this.feedForward(y),
        training,
      );
    });
  }
}
registerSerializable(TransformerEncoder);
