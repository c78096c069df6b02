import * as tf from '@tensorflow/tfjs';

/**
 * Splits a step's gate pre-activations `[batch, n * units]` into `n` tensors `[batch, units]`. On
 * the cpu backend, several rows go through a `[n, batch, units]` transpose and are sliced along its
 * first axis: `tf.split` along the columns copies element by element there (a beam of 4 rows
 * through a GRU(128) spent 0.9 ms a split, 70% of the step). Elsewhere `tf.split` is the faster of
 * the two (seq's wasm slices copy straight from wasm memory).
 * @internal
 */
export function splitGates(z: tf.Tensor, n: number): tf.Tensor[] {
  const [batch, width] = z.shape as [number, number];
  if (width % n !== 0) throw new Error(`splitGates: ${width} columns do not split into ${n} gates`);
  // One row: each gate is a contiguous run.
  if (batch === 1 || tf.getBackend() !== 'cpu') return tf.split(z, n, 1);
  return tf.unstack(tf.transpose(tf.reshape(z, [batch, n, width / n]), [1, 0, 2])); // [B, n, U] -> [n, B, U]
}
