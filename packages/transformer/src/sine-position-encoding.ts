import {
  assertNonNegativeInteger,
  assertNumberInRange,
  assertPositiveInteger,
  assertRank,
  registerSerializable,
  uniqueLayerName,
} from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/** Options of {@link sinePositionEncoding}. */
export interface SinePositionEncodingOptions {
  /** The longest wavelength. @defaultValue `10000` */
  maxWavelength?: number;
  /** Position of the first row (for a continuation, or a cached decoding step). @defaultValue `0` */
  startIndex?: number;
}

/**
 * The sinusoidal position encoding of "Attention Is All You Need" (Vaswani et al. 2017), as
 * keras-hub's `SinePositionEncoding`: feature `2i` of position `p` is `sin(p / maxWavelength^(2i/D))`
 * and feature `2i + 1` is `cos` of the same angle.
 *
 * @returns `[sequenceLength, hiddenDim]`.
 * @throws {@link @seq/core!index.SeqError} for non-positive sizes, a negative start or a bad wavelength.
 * @example
 * ```ts
 * const encoding = sinePositionEncoding(50, 64); // [50, 64], added to token embeddings
 * ```
 */
export function sinePositionEncoding(
  sequenceLength: number,
  hiddenDim: number,
  options: SinePositionEncodingOptions = {},
): tf.Tensor2D {
  const owner = 'sinePositionEncoding';
  assertPositiveInteger(owner, 'sequenceLength', sequenceLength);
  assertPositiveInteger(owner, 'hiddenDim', hiddenDim);
  const maxWavelength = assertNumberInRange(
    owner,
    'maxWavelength',
    options.maxWavelength ?? 10000,
    { min: 0, minInclusive: false },
  );
  const start = assertNonNegativeInteger(owner, 'startIndex', options.startIndex ?? 0);
  const values = new Float32Array(sequenceLength * hiddenDim);
  for (let p = 0; p < sequenceLength; p++) {
    for (let d = 0; d < hiddenDim; d++) {
      const angle = (p + start) / maxWavelength ** ((2 * Math.floor(d / 2)) / hiddenDim);
      values[p * hiddenDim + d] = d % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return tf.tensor2d(values, [sequenceLength, hiddenDim]);
}

/** Arguments of {@link SinePositionEncoding}. */
export interface SinePositionEncodingArgs {
  /** The longest wavelength. @defaultValue `10000` */
  maxWavelength?: number;
  /** Layer name. */
  name?: string;
}

/**
 * keras-hub's `SinePositionEncoding` as a layer: returns the encoding for its input's shape
 * (`[batch, time, hidden]` in, the same shape out), to be added to the input. No weights.
 * Call option: `startIndex` (a number).
 *
 * @example
 * ```ts
 * const encoded = tf.layers.add().apply([embeddings, new SinePositionEncoding().apply(embeddings)]);
 * ```
 */
export class SinePositionEncoding extends tf.layers.Layer {
  /** The name the layer is saved and loaded under. */
  static className = 'seq.SinePositionEncoding';
  /** The longest wavelength. */
  readonly maxWavelength: number;

  constructor(args: SinePositionEncodingArgs = {}) {
    const maxWavelength = assertNumberInRange(
      'SinePositionEncoding',
      'maxWavelength',
      args.maxWavelength ?? 10000,
      { min: 0, minInclusive: false },
    );
    super({ name: args.name ?? uniqueLayerName('sine_position_encoding') });
    this.maxWavelength = maxWavelength;
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
      assertRank('SinePositionEncoding', 'inputs', x, 3, '[batch, time, hidden]');
      const [batch, time, hidden] = x.shape as [number, number, number];
      const startIndex = typeof kwargs.startIndex === 'number' ? kwargs.startIndex : 0;
      const encoding = sinePositionEncoding(time, hidden, {
        maxWavelength: this.maxWavelength,
        startIndex,
      }); // [T, H]
      return tf.tile(tf.expandDims(encoding, 0), [batch, 1, 1]); // [B, T, H]
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), maxWavelength: this.maxWavelength };
  }
}
registerSerializable(SinePositionEncoding);
