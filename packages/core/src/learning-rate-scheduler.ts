import * as tf from '@tensorflow/tfjs';
import { SeqError } from './seq-error.js';
import { assertNonNegativeInteger, assertOneOf } from './validation.js';

/** Options of {@link learningRateScheduler}. */
export interface LearningRateSchedulerOptions {
  /**
   * When the rate is set: before every batch, from the global step (1, 2, ...), or before every
   * epoch, from the epoch (0, 1, ..., as Keras' `LearningRateScheduler`).
   * @defaultValue `'batch'`
   */
  per?: 'batch' | 'epoch';
  /** Batches already run, when resuming a per-batch schedule (ignored per epoch). @defaultValue `0` */
  startStep?: number;
}

/**
 * A training callback that sets an optimizer's learning rate from a schedule, for `fit` and
 * `fitDataset` (tfjs has no scheduler callback): before every batch from the global step, or before
 * every epoch from the epoch (with `initialEpoch`, a resumed run continues the schedule).
 *
 * @param optimizer - The optimizer given to `model.compile` (its `learningRate` is set).
 * @param schedule - The learning rate for a step or epoch, given the current rate.
 * @throws {@link @seq/core!index.SeqError} for an optimizer without a numeric `learningRate` or bad options; during
 *   training, when the schedule returns something other than a finite number >= 0.
 * @example
 * ```ts
 * const halveEvery10 = (epoch: number) => 0.01 * 0.5 ** Math.floor(epoch / 10);
 * await model.fit(x, y, { epochs: 50, callbacks: [learningRateScheduler(optimizer, halveEvery10, { per: 'epoch' })] });
 * ```
 */
export function learningRateScheduler(
  optimizer: tf.Optimizer,
  schedule: (step: number, learningRate: number) => number,
  options: LearningRateSchedulerOptions = {},
): tf.CustomCallback {
  const owner = 'learningRateScheduler';
  if (!optimizer || typeof (optimizer as { learningRate?: unknown }).learningRate !== 'number') {
    throw new SeqError({
      owner,
      argument: 'optimizer',
      expected: 'a tfjs optimizer with a numeric learningRate (sgd, adam, rmsprop...)',
      received: optimizer,
    });
  }
  if (typeof schedule !== 'function') {
    throw new SeqError({
      owner,
      argument: 'schedule',
      expected: 'a function (step, learningRate) => number',
      received: schedule,
    });
  }
  const per = assertOneOf(owner, 'per', options.per ?? 'batch', ['batch', 'epoch'] as const);
  let step = assertNonNegativeInteger(owner, 'startStep', options.startStep ?? 0);
  const target = optimizer as unknown as {
    learningRate: number;
    setLearningRate?: (rate: number) => void;
  };
  const set = (at: number) => {
    const rate = schedule(at, target.learningRate);
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) {
      throw new SeqError({
        owner,
        argument: 'schedule',
        expected: `a function that returns a finite number >= 0 (at ${per} ${at} it did not)`,
        received: rate,
      });
    }
    // SGD and momentum cache the rate in a scalar that only setLearningRate refreshes.
    if (typeof target.setLearningRate === 'function') target.setLearningRate(rate);
    else target.learningRate = rate;
  };
  return new tf.CustomCallback(
    per === 'batch'
      ? {
          onBatchBegin: async () => {
            step += 1;
            set(step);
          },
        }
      : { onEpochBegin: async (epoch) => set(epoch) },
  );
}
