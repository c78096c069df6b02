import { registerSerializable } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/** Arguments of {@link AttentionPooling}. */
export interface AttentionPoolingArgs {
  /** Width of the scoring layer. */
  units: number;
  /** Seed of the initializers. */
  seed?: number;
  name?: string;
}

/**
 * Attention pooling (Yang et al., 2016; Géron 16.3's attention applied to a classifier): every step
 * `h_t` gets a score `v · tanh(W h_t + b)`, the scores of unmasked steps are softmaxed over time,
 * and the output is the weighted mean of the steps. It returns two tensors: the pooled vector
 * `[batch, features]` and the attention weights `[batch, time]`, so that a model can expose what it
 * attended to. Masked (padding) steps get weight 0.
 */
export class AttentionPooling extends tf.layers.Layer {
  static readonly className = 'SentimentAttentionPooling';
  readonly units: number;
  readonly seed: number | undefined;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  private context: tf.LayerVariable | null = null;

  constructor(args: AttentionPoolingArgs) {
    super({ name: args.name });
    this.units = args.units;
    this.seed = args.seed;
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[shape.length - 1] as number;
    const seed = this.seed;
    this.kernel = this.addWeight(
      'kernel',
      [features, this.units],
      'float32',
      tf.initializers.glorotUniform({ seed }),
    );
    this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros());
    this.context = this.addWeight(
      'context',
      [this.units, 1],
      'float32',
      tf.initializers.glorotUniform({ seed: seed === undefined ? undefined : seed + 1 }),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [
      [shape[0] ?? null, shape[2] ?? null],
      [shape[0] ?? null, shape[1] ?? null],
    ];
  }

  override computeMask(): tf.Tensor[] {
    // tfjs types masks as tensors but takes null for "no mask".
    return [null, null] as unknown as tf.Tensor[];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict): tf.Tensor[] {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D; // [batch, time, features]
      const [batch, time, features] = x.shape;
      const flat = tf.reshape(x, [batch * time, features]); // [batch * time, features]
      const hidden = tf.tanh(
        tf.add(
          tf.matMul(flat, (this.kernel as tf.LayerVariable).read()),
          (this.bias as tf.LayerVariable).read(),
        ),
      ); // [batch * time, units]
      let scores = tf.reshape(tf.matMul(hidden, (this.context as tf.LayerVariable).read()), [
        batch,
        time,
      ]); // [batch, time]
      const rawMask = kwargs.mask as unknown as tf.Tensor | tf.Tensor[] | undefined | null;
      const mask = Array.isArray(rawMask) ? rawMask[0] : rawMask;
      if (mask) {
        const keep = tf.cast(mask, 'float32'); // [batch, time]
        scores = tf.add(scores, tf.mul(tf.sub(1, keep), -1e9));
      }
      const weights = tf.softmax(scores, -1); // [batch, time]
      const pooled = tf.sum(tf.mul(x, tf.expandDims(weights, 2)), 1); // [batch, features]
      return [pooled, weights];
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, seed: this.seed ?? null };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { seed, ...rest } = config;
    return new cls({ ...rest, seed: seed ?? undefined });
  }
}
registerSerializable(AttentionPooling);

/**
 * Reverses a sequence in time, `[batch, time, features]`, keeping the mask as it is: turns the
 * output of a recurrent layer run with `goBackwards` back into the input's order, as Keras'
 * `Bidirectional` does.
 */
export class ReverseTime extends tf.layers.Layer {
  static readonly className = 'SentimentReverseTime';

  constructor(args: { name?: string } = {}) {
    super(args);
    this.supportsMasking = true;
  }

  override computeMask(
    _inputs: tf.Tensor | tf.Tensor[],
    mask?: tf.Tensor | tf.Tensor[],
  ): tf.Tensor | tf.Tensor[] {
    return (mask ?? null) as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    return tf.reverse(x, 1); // [batch, time, features]
  }
}
registerSerializable(ReverseTime);
