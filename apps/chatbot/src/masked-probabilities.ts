import { registerSerializable } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/**
 * The softmax of the logits where the decoder input is a real token, and a certain pad token (all
 * the probability on id 0) where it is padding: inputs `[logits [batch, time, vocabulary],
 * decoderInput [batch, time]]`, output `[batch, time, vocabulary]`. With padding labels of 0,
 * tfjs' own `sparseCategoricalCrossentropy` then costs nothing at padded positions and sends them no
 * gradient: a masked loss that is a built-in loss, so checkpoints keep the optimizer's state and
 * `--resume` is exact (a custom loss function is not saved with a model).
 */
export class MaskedProbabilities extends tf.layers.Layer {
  static className = 'seqChatbot.MaskedProbabilities';

  override computeOutputShape(inputShape: tf.Shape[]): tf.Shape {
    return inputShape[0] as tf.Shape;
  }

  override computeMask(): tf.Tensor | tf.Tensor[] {
    return null as unknown as tf.Tensor; // the probabilities carry no Keras mask
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [logits, decoderInput] = inputs as [tf.Tensor, tf.Tensor];
      const vocabulary = logits.shape[2] as number;
      const probabilities = tf.softmax(logits); // [batch, time, vocabulary]
      const real = tf.expandDims(tf.cast(tf.notEqual(decoderInput, 0), 'float32'), -1); // [batch, time, 1]
      const pad = tf.oneHot(tf.tensor1d([0], 'int32'), vocabulary).reshape([1, 1, vocabulary]); // [1, 1, vocabulary]
      return tf.add(tf.mul(probabilities, real), tf.mul(tf.sub(1, real), pad));
    });
  }
}
registerSerializable(MaskedProbabilities);
