import * as tf from '@tensorflow/tfjs';

/**
 * Layer normalisation over the last axis (Ba et al. 2016): `(x - mean) / sqrt(var + epsilon) * gamma
 * + beta`, with the population variance, as Keras' `LayerNormalization`.
 *
 * @param x - `[..., features]`.
 * @param gamma - `[features]`, the scale.
 * @param beta - `[features]`, the offset.
 * @returns `[..., features]`.
 * @example
 * ```ts
 * const y = layerNorm(tf.tensor2d([[1, 2, 3]]), tf.ones([3]), tf.zeros([3]), 1e-3);
 * ```
 */
export function layerNorm(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon: number,
): tf.Tensor {
  return tf.tidy(() => {
    // Nine kernels (tf.moments takes twelve): a decoding step runs one layer norm per sub-layer.
    const centered = tf.sub(x, tf.mean(x, -1, true)); // [..., features]
    const variance = tf.mean(tf.square(centered), -1, true); // [..., 1]
    return tf.add(tf.mul(tf.mul(centered, tf.rsqrt(tf.add(variance, epsilon))), gamma), beta);
  });
}
