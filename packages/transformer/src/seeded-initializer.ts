import { assertNonNegativeInteger } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/**
 * Checks a layer's `seed` argument: `null`/`undefined` for random weights, else a non-negative
 * integer.
 * @internal
 */
export function checkSeed(owner: string, seed: unknown): number | null {
  return seed == null ? null : assertNonNegativeInteger(owner, 'seed', seed);
}

/**
 * A glorot-uniform (or other) initializer whose seed is the layer's `seed` plus the weight's
 * index, so that every weight of a seeded layer differs and the layer is reproducible; random
 * without a seed.
 * @internal
 */
export function seededGlorotUniform(
  seed: number | null,
  index: number,
): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform(seed === null ? {} : { seed: seed + index });
}
