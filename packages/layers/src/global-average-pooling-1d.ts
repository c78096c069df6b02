import {
  assertBoolean,
  assertOneOf,
  assertRank,
  registerSerializable,
  SeqError,
  uniqueLayerName,
} from '@seq/core';
import * as tf from '@tensorflow/tfjs';

const OWNER = 'GlobalAveragePooling1D';

/** Arguments of {@link GlobalAveragePooling1D}, with Keras' names and defaults. */
export interface GlobalAveragePooling1DArgs {
  /** Only `'channelsLast'` (`[batch, time, features]`). @defaultValue `'channelsLast'` */
  dataFormat?: 'channelsLast';
  /** Keep the time axis, of length 1: `[batch, 1, features]`. @defaultValue `false` */
  keepdims?: boolean;
  /** The layer's name. @defaultValue `global_average_pooling1d`, `..._1`... */
  name?: string;
  /** Shape of the input without the batch axis, for a first layer: `[time, features]`. */
  inputShape?: tf.Shape;
}

/**
 * The mean of each sequence over its time steps, padding left out: Keras' `GlobalAveragePooling1D`,
 * which averages only the steps its input mask keeps (the mask of an `Embedding` with `maskZero`,
 * or of a `Masking` layer, passed along by the layers in between). tfjs' own
 * `tf.layers.globalAveragePooling1d` ignores the mask and averages the padding in, so a padded
 * review's vector depends on how much padding it has. Without a mask both compute the plain mean. A
 * sequence with every step masked pools to zeros (Keras divides by zero there).
 *
 * Shapes: `[batch, time, features]` (mask `[batch, time]`) -> `[batch, features]` (or `[batch, 1,
 * features]` with `keepdims`).
 * @example
 * ```ts
 * const ids = tf.input({ shape: [null] });
 * const embedded = tf.layers.embedding({ inputDim: 1000, outputDim: 16, maskZero: true }).apply(ids);
 * const pooled = globalAveragePooling1d().apply(embedded); // [batch, 16], the mean of the real tokens
 * ```
 */
export class GlobalAveragePooling1D extends tf.layers.Layer {
  /** The name the layer is saved and loaded under. */
  static className = 'seq.GlobalAveragePooling1D';
  /** Whether the time axis is kept, of length 1. */
  readonly keepdims: boolean;

  /** @throws {@link @seq/core!index.SeqError} for an invalid argument, before building anything. */
  constructor(args: GlobalAveragePooling1DArgs = {}) {
    if (args === null || typeof args !== 'object') {
      throw new SeqError({
        owner: OWNER,
        argument: 'args',
        expected: 'an object or nothing',
        received: args,
      });
    }
    assertOneOf(OWNER, 'dataFormat', args.dataFormat ?? 'channelsLast', ['channelsLast'] as const);
    const keepdims = assertBoolean(OWNER, 'keepdims', args.keepdims ?? false);
    super({
      ...args,
      name: args.name ?? uniqueLayerName('global_average_pooling1d'),
    } as ConstructorParameters<typeof tf.layers.Layer>[0]);
    this.keepdims = keepdims;
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.keepdims
      ? [shape[0] ?? null, 1, shape[2] ?? null]
      : [shape[0] ?? null, shape[2] ?? null];
  }

  /** The output has no time axis left to mask. */
  override computeMask(): tf.Tensor {
    return null as unknown as tf.Tensor; // tfjs' type says Tensor; null means "no mask"
  }

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: { mask?: tf.Tensor | null } = {},
  ): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      assertRank(OWNER, 'inputs', x, 3, '[batch, time, features]');
      const mask = Array.isArray(kwargs.mask) ? kwargs.mask[0] : kwargs.mask;
      if (mask == null) return tf.mean(x, 1, this.keepdims);
      const weights = tf.expandDims(tf.cast(mask, x.dtype), 2); // [batch, time, 1]
      const total = tf.sum(tf.mul(x, weights), 1, this.keepdims); // [batch, features]
      const count = tf.maximum(tf.sum(weights, 1, this.keepdims), 1); // [batch, 1]: at least 1
      return tf.div(total, count);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dataFormat: 'channelsLast', keepdims: this.keepdims };
  }
}
registerSerializable(GlobalAveragePooling1D);

/**
 * Creates a {@link GlobalAveragePooling1D} layer: the mean over the time steps a mask keeps.
 * @example
 * ```ts
 * const model = tf.sequential({ layers: [
 *   tf.layers.embedding({ inputDim: 1000, outputDim: 16, maskZero: true, inputShape: [null] }),
 *   globalAveragePooling1d(),
 *   tf.layers.dense({ units: 1, activation: 'sigmoid' }),
 * ] });
 * ```
 */
export function globalAveragePooling1d(
  args: GlobalAveragePooling1DArgs = {},
): GlobalAveragePooling1D {
  return new GlobalAveragePooling1D(args);
}
