import * as tf from '@tensorflow/tfjs';
import { type Encoding, encodeWindows } from './nabiya-model.js';

/** Predicts the next note of a window of note indices. */
export type PredictNext = (window: readonly number[]) => number;

/**
 * The model's most likely next note (greedy, the argmax of its softmax) for one window at a time;
 * a stateful model carries its states from one call to the next (reset them with
 * `model.resetStates()` to start over).
 */
export function notePredictor(model: tf.LayersModel, encoding: Encoding): PredictNext {
  return (window) =>
    tf.tidy(() => {
      const probabilities = model.predict(encodeWindows([window], encoding)) as tf.Tensor; // [1, notes]
      return probabilities.argMax(-1).dataSync()[0] as number;
    });
}
