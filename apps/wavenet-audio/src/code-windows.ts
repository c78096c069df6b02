import * as tf from '@tensorflow/tfjs';

/** Training windows of mu-law codes: inputs, and the same steps shifted by one as targets. */
export interface CodeWindows {
  /** `[count, steps]`: the codes of each window. */
  inputs: Int32Array;
  /** `[count, steps]`: the code after each input step, `inputs` shifted one step ahead. */
  targets: Int32Array;
  count: number;
  steps: number;
}

/**
 * Cuts `codes` into windows of `steps` codes every `stride` codes: window `i` has inputs
 * `codes[i * stride .. i * stride + steps)` and targets one step later,
 * `codes[i * stride + 1 .. i * stride + steps]`, so the model learns the next code at every step.
 * A window needs `steps + 1` codes; the codes after the last whole window are left out.
 */
export function codeWindows(codes: ArrayLike<number>, steps: number, stride = steps): CodeWindows {
  if (!Number.isInteger(steps) || steps < 1 || !Number.isInteger(stride) || stride < 1) {
    throw new RangeError(
      `codeWindows: steps and stride must be positive integers; received ${steps}, ${stride}`,
    );
  }
  const count = codes.length > steps ? Math.floor((codes.length - 1 - steps) / stride) + 1 : 0;
  const inputs = new Int32Array(count * steps);
  const targets = new Int32Array(count * steps);
  for (let w = 0; w < count; w++) {
    for (let t = 0; t < steps; t++) {
      inputs[w * steps + t] = codes[w * stride + t] as number;
      targets[w * steps + t] = codes[w * stride + t + 1] as number;
    }
  }
  return { inputs, targets, count, steps };
}

/** The clip's codes split in time: training codes first, validation codes from the end. */
export interface CodeSplit {
  train: Int32Array;
  valid: Int32Array;
}

/**
 * Splits a clip's codes in time: the last `validFraction` of them (but at least `minValid`) for
 * validation, the rest before them for training; `null` when the training part would be shorter
 * than `minTrain`.
 */
export function splitCodes(
  codes: Int32Array,
  validFraction: number,
  minValid: number,
  minTrain: number,
): CodeSplit | null {
  const valid = Math.max(minValid, Math.round(codes.length * validFraction));
  if (codes.length - valid < minTrain) return null;
  return {
    train: codes.subarray(0, codes.length - valid),
    valid: codes.subarray(codes.length - valid),
  };
}

/**
 * The tensors `model.fit` takes for a set of windows: `x`, int32 codes `[count, steps]`, and `y`,
 * the target codes as float32 `[count, steps, 1]` (tfjs' sparse categorical cross-entropy wants
 * float class ids with a last axis of 1). The caller disposes them.
 */
export function windowTensors(windows: CodeWindows): { x: tf.Tensor2D; y: tf.Tensor3D } {
  const { count, steps } = windows;
  return {
    x: tf.tensor2d(windows.inputs, [count, steps], 'int32'), // [batch, time]
    y: tf.tensor3d(Float32Array.from(windows.targets), [count, steps, 1], 'float32'), // [batch, time, 1]
  };
}
