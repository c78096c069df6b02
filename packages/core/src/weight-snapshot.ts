import * as tf from '@tensorflow/tfjs';
import { SeqError } from './seq-error.js';

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
 * How a monitored log is compared, in `mode` (`'auto'`: max for accuracies, precision, recall and
 * AUC, such as `acc` or `val_binaryAccuracy`; min for losses and errors): `better(current,
 * reference)` is an improvement by more than `minDelta`, and `worst` is what anything finite
 * improves on (a NaN never does).
 */
export function monitorComparison(
  monitor: string,
  mode: 'auto' | 'min' | 'max',
  minDelta = 0,
): { better: (current: number, reference: number) => boolean; worst: number } {
  const name = monitor.toLowerCase();
  const max =
    mode === 'max' ||
    (mode === 'auto' &&
      ['acc', 'precision', 'recall', 'auc', 'fmeasure'].some((p) => name.includes(p)));
  return max
    ? { better: (current, reference) => current - minDelta > reference, worst: -Infinity }
    : { better: (current, reference) => current + minDelta < reference, worst: Infinity };
}

/** The error for a monitored log that is not among the epoch's logs. */
export function missingMonitor(owner: string, monitor: string, logs: object | undefined): SeqError {
  return new SeqError({
    owner,
    argument: 'monitor',
    expected: `one of the epoch logs (${Object.keys(logs ?? {}).join(', ') || 'none'}; validation logs need validationData)`,
    received: monitor,
  });
}
