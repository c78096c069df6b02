import * as tf from '@tensorflow/tfjs';

/** What a model's last layer outputs: unnormalised scores, or probabilities from a softmax. */
export type ModelOutput = 'logits' | 'probabilities';

/** Layers that change nothing at inference, skipped when looking for the output activation. */
const INERT = new Set([
  'Dropout',
  'SpatialDropout1D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
]);

/**
 * `'probabilities'` when the model's last layer that acts at inference ends in a softmax (a
 * softmax activation, possibly in a `TimeDistributed` layer, or a `Softmax` layer), else `'logits'`.
 */
export function detectOutput(model: tf.LayersModel): ModelOutput {
  const layers = model.layers.filter((layer) => !INERT.has(layer.getClassName()));
  const last = layers[layers.length - 1];
  if (!last) return 'logits';
  const config = last.getConfig() as {
    activation?: unknown;
    layer?: { config?: { activation?: unknown } };
  };
  const activation = config.activation ?? config.layer?.config?.activation;
  return activation === 'softmax' || last.getClassName() === 'Softmax' ? 'probabilities' : 'logits';
}

/** Next-token scores as logits: log-probabilities when the model outputs probabilities. */
export function toLogits(scores: tf.Tensor, output: ModelOutput): tf.Tensor {
  return output === 'probabilities' ? tf.log(tf.maximum(scores, 1e-30)) : scores;
}
