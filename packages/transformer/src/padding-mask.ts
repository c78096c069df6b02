import { assertNonNegativeInteger, registerSerializable } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/** Arguments of {@link PaddingMask}. */
export interface PaddingMaskArgs {
  /** The id that marks padding. @defaultValue `0` */
  paddingId?: number;
  /** Layer name. */
  name?: string;
}

/**
 * Token ids `[batch, time]` to a padding mask `[batch, time]` (1 = real token), as a layer, so that a
 * functional model can hand the source's padding to a {@link TransformerDecoder} as its third input
 * (tfjs passes a multi-input layer only its first input's mask).
 *
 * @example
 * ```ts
 * const sourceMask = new PaddingMask().apply(sourceIds) as tf.SymbolicTensor;
 * const y = decoder.apply([targets, encoded, sourceMask]);
 * ```
 */
export class PaddingMask extends tf.layers.Layer {
  /** The name the layer is saved and loaded under. */
  static className = 'seq.PaddingMask';
  /** The id that marks padding. */
  readonly paddingId: number;

  constructor(args: PaddingMaskArgs = {}) {
    const paddingId = assertNonNegativeInteger('PaddingMask', 'paddingId', args.paddingId ?? 0);
    super({ name: args.name });
    this.paddingId = paddingId;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const ids = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      return tf.cast(tf.notEqual(ids, this.paddingId), 'float32'); // [B, T]
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), paddingId: this.paddingId };
  }
}
registerSerializable(PaddingMask);
