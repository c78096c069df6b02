import {
  assertPositiveInteger,
  assertRank,
  registerSerializable,
  SeqError,
  uniqueLayerName,
} from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/** Arguments of {@link PositionEmbedding}. */
export interface PositionEmbeddingArgs {
  /** The longest sequence it can encode. */
  sequenceLength: number;
  /** Layer name. */
  name?: string;
  /** Whether the embeddings train. @defaultValue `true` */
  trainable?: boolean;
}

/**
 * keras-hub's `PositionEmbedding`: a learned embedding per position, weight `embeddings
 * [sequenceLength, hidden]` (glorotUniform). Returns the embeddings of the input's positions,
 * `[batch, time, hidden]` (add them to the input). Call option: `startIndex`.
 *
 * @example
 * ```ts
 * const positions = new PositionEmbedding({ sequenceLength: 128 }).apply(tokenEmbeddings);
 * ```
 */
export class PositionEmbedding extends tf.layers.Layer {
  /** The name the layer is saved and loaded under. */
  static className = 'seq.PositionEmbedding';
  /** The longest sequence it can encode. */
  readonly sequenceLength: number;
  private embeddings: tf.LayerVariable | null = null;

  /** @throws {@link @seq/core!index.SeqError} for a bad `sequenceLength`. */
  constructor(args: PositionEmbeddingArgs) {
    const sequenceLength = assertPositiveInteger(
      'PositionEmbedding',
      'sequenceLength',
      args?.sequenceLength,
    );
    super({
      name: args.name ?? uniqueLayerName('position_embedding'),
      trainable: args.trainable ?? true,
    });
    this.sequenceLength = sequenceLength;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    this.embeddings = this.addWeight(
      'embeddings',
      [this.sequenceLength, shape[shape.length - 1] as number],
      'float32',
      tf.initializers.glorotUniform({}),
    );
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
      assertRank('PositionEmbedding', 'inputs', x, 3, '[batch, time, hidden]');
      const [batch, time, hidden] = x.shape as [number, number, number];
      const start = typeof kwargs.startIndex === 'number' ? kwargs.startIndex : 0;
      if (start + time > this.sequenceLength) {
        throw new SeqError({
          owner: 'PositionEmbedding',
          argument: 'inputs',
          expected: `at most ${this.sequenceLength - start} time steps (sequenceLength ${this.sequenceLength}, startIndex ${start})`,
          received: x,
        });
      }
      const rows = tf.slice(
        (this.embeddings as tf.LayerVariable).read(),
        [start, 0],
        [time, hidden],
      ); // [T, H]
      return tf.tile(tf.expandDims(rows, 0), [batch, 1, 1]); // [B, T, H]
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), sequenceLength: this.sequenceLength };
  }
}
registerSerializable(PositionEmbedding);
