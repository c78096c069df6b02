import type * as tf from '@tensorflow/tfjs';

/**
 * Disposes a model and its optimizer's state (Adam's moments), which `model.dispose()` keeps when
 * the optimizer was passed to `compile`.
 */
export function disposeModel(model: tf.LayersModel): void {
  const optimizer = model.optimizer;
  model.dispose();
  optimizer?.dispose();
}
