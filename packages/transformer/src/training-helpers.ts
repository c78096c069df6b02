import { assertNumberInRange, assertPositiveInteger } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/** Options of {@link transformerSchedule}. */
export interface TransformerScheduleOptions {
  /** The model width `d_model`. */
  embeddingDim: number;
  /** Steps of linear warm-up. @defaultValue `4000` */
  warmupSteps?: number;
}

/**
 * The learning-rate schedule of "Attention Is All You Need": linear warm-up, then decay with the
 * inverse square root of the step, `lr(step) = d^-0.5 * min(step^-0.5, step * warmup^-1.5)` (steps
 * count from 1).
 *
 * @returns the schedule, a function of the step.
 * @throws {@link @seq/core!index.SeqError} for a non-positive width or warm-up.
 * @example
 * ```ts
 * const schedule = transformerSchedule({ embeddingDim: 128, warmupSteps: 400 });
 * schedule(400); // the peak
 * ```
 */
export function transformerSchedule(options: TransformerScheduleOptions): (step: number) => number {
  const d = assertPositiveInteger('transformerSchedule', 'embeddingDim', options?.embeddingDim);
  const warmup = assertPositiveInteger(
    'transformerSchedule',
    'warmupSteps',
    options.warmupSteps ?? 4000,
  );
  return (step: number) => {
    const s = Math.max(step, 1);
    return d ** -0.5 * Math.min(s ** -0.5, s * warmup ** -1.5);
  };
}

/** What {@link clipByGlobalNorm} returns. */
export interface ClippedGradients {
  /** The clipped gradients, with the same names. */
  clipped: tf.NamedTensorMap;
  /** The global norm before clipping. */
  globalNorm: tf.Scalar;
}

/**
 * Clips gradients so that their global norm (the norm of all of them together) is at most
 * `maxNorm`, as `tf.clip_by_global_norm`: each is scaled by `maxNorm / max(globalNorm, maxNorm)`.
 * For custom training loops (`tf.variableGrads` then `optimizer.applyGradients`).
 *
 * @returns the clipped gradients (same keys) and the global norm before clipping (the caller disposes them).
 * @throws {@link @seq/core!index.SeqError} for a `maxNorm` that is not positive.
 * @example
 * ```ts
 * const { value, grads } = tf.variableGrads(() => loss());
 * const { clipped } = clipByGlobalNorm(grads, 1);
 * optimizer.applyGradients(clipped);
 * ```
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): ClippedGradients {
  assertNumberInRange('clipByGlobalNorm', 'maxNorm', maxNorm, { min: 0, minInclusive: false });
  return tf.tidy(() => {
    const names = Object.keys(grads);
    const globalNorm = tf.sqrt(
      tf.addN(names.map((n) => tf.sum(tf.square(grads[n] as tf.Tensor)))),
    ) as tf.Scalar;
    const scale = tf.div(maxNorm, tf.maximum(globalNorm, maxNorm));
    const clipped: tf.NamedTensorMap = {};
    for (const n of names) clipped[n] = tf.mul(grads[n] as tf.Tensor, scale);
    return { clipped, globalNorm } as unknown as tf.TensorContainer;
  }) as unknown as ClippedGradients;
}
