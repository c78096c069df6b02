import * as tf from '@tensorflow/tfjs';

/**
 * The current values of a model's weights, kept alive: clones share the data, and an optimizer
 * step gives the variables new data, so a snapshot costs nothing until the weights change.
 */
export function snapshotWeights(model: tf.LayersModel): tf.Tensor[] {
  return tf.tidy(() => model.getWeights().map((w) => tf.keep(tf.clone(w))));
}

/** Logs values may be numbers or scalars (tfjs passes scalars to `tf.Callback` subclasses). */
export function logValue(logs: tf.Logs | undefined, key: string): number | undefined {
  const value = (logs as Record<string, unknown> | undefined)?.[key];
  if (typeof value === 'number') return value;
  if (value instanceof tf.Tensor) return value.dataSync()[0];
  return undefined;
}

/**
 * Whether `'auto'` mode maximises a monitored log: accuracies (`acc`, `val_binaryAccuracy`...),
 * precision, recall and AUC go up; losses and errors go down.
 */
export function isMaximised(monitor: string): boolean {
  const name = monitor.toLowerCase();
  return ['acc', 'precision', 'recall', 'auc', 'fmeasure'].some((part) => name.includes(part));
}
