import type * as tf from '@tensorflow/tfjs';

/** What a model's last layer outputs: unnormalised scores, or probabilities from a softmax. */
export type ModelOutput = 'logits' | 'probabilities';

/** `'probabilities'` when the model's last layer has a softmax activation, else `'logits'`. */
export function detectOutput(model: tf.LayersModel): ModelOutput {
  const last = model.layers[model.layers.length - 1];
  const config = last?.getConfig() as
    | { activation?: unknown; layer?: { config?: { activation?: unknown } } }
    | undefined;
  const activation = config?.activation ?? config?.layer?.config?.activation;
  return activation === 'softmax' || last?.getClassName() === 'Softmax'
    ? 'probabilities'
    : 'logits';
}
