import * as tf from '@tensorflow/tfjs';
import type { WindowSet } from './forecast-data.js';

/**
 * A forecaster's forecasts `[count, horizon]` of windows (scaled values in, scaled values out),
 * predicted in batches; a sequence-to-sequence model's forecast is its last step's.
 */
export function predictWindows(
  model: tf.LayersModel,
  windows: WindowSet,
  inputSteps: number,
  horizon: number,
  batchSize = 256,
): Float32Array {
  const out = new Float32Array(windows.count * horizon);
  for (let start = 0; start < windows.count; start += batchSize) {
    const rows = Math.min(batchSize, windows.count - start);
    const values = tf.tidy(() => {
      const x = tf.tensor3d(
        windows.inputs.subarray(start * inputSteps, (start + rows) * inputSteps),
        [rows, inputSteps, 1],
      ); // [B, T, 1]
      let y = model.predict(x) as tf.Tensor; // [B, horizon] or [B, T, horizon]
      if (y.rank === 3) y = y.slice([0, (y.shape[1] as number) - 1, 0], [rows, 1, horizon]);
      return y.reshape([rows * horizon]).dataSync() as Float32Array;
    });
    out.set(values, start * horizon);
  }
  return out;
}
