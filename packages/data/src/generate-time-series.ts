import { assertPositiveInteger, SeededRandom } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/** Options of {@link generateTimeSeries}. */
export interface GenerateTimeSeriesOptions {
  /** Seed: the same seed gives the same series. @defaultValue random */
  seed?: number | string;
}

/**
 * The synthetic series of Géron's chapter 15: each is the sum of two sine waves with random
 * frequencies and phase offsets, plus uniform noise, over `nSteps` steps of a unit time interval:
 *
 * `0.5 sin((t - o1)(10 f1 + 10)) + 0.2 sin((t - o2)(20 f2 + 20)) + 0.1 (u - 0.5)`, with `f1, f2,
 * o1, o2, u` uniform in `[0, 1)` and `t = 0 .. 1` in `nSteps` equal steps.
 *
 * @param batchSize - How many independent series.
 * @param nSteps - Steps per series.
 * @returns a `[batchSize, nSteps, 1]` float32 tensor (the caller disposes it).
 * @throws {@link @seq/core!index.SeqError} when `batchSize` or `nSteps` is not a positive integer.
 * @example
 * ```ts
 * const series = generateTimeSeries(10000, 51, { seed: 42 }); // [10000, 51, 1]
 * const xTrain = series.slice([0, 0, 0], [7000, 50, 1]); // [7000, 50, 1]: the inputs
 * const yTrain = series.slice([0, 50, 0], [7000, 1, 1]).reshape([7000, 1]); // the next value
 * ```
 */
export function generateTimeSeries(
  batchSize: number,
  nSteps: number,
  options: GenerateTimeSeriesOptions = {},
): tf.Tensor3D {
  assertPositiveInteger('generateTimeSeries', 'batchSize', batchSize);
  assertPositiveInteger('generateTimeSeries', 'nSteps', nSteps);
  const random = new SeededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32));
  const values = new Float32Array(batchSize * nSteps);
  for (let b = 0; b < batchSize; b++) {
    const f1 = random.next();
    const f2 = random.next();
    const o1 = random.next();
    const o2 = random.next();
    for (let i = 0; i < nSteps; i++) {
      const t = nSteps === 1 ? 0 : i / (nSteps - 1);
      values[b * nSteps + i] =
        0.5 * Math.sin((t - o1) * (f1 * 10 + 10)) +
        0.2 * Math.sin((t - o2) * (f2 * 20 + 20)) +
        0.1 * (random.next() - 0.5);
    }
  }
  return tf.tensor3d(values, [batchSize, nSteps, 1]); // [batch, time, 1]
}
