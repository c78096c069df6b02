import { expectTensorsClose } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { learningRateScheduler } from './index.js'; // re-exported from @seq/core
import { clipByGlobalNorm, transformerSchedule } from './training-helpers.js';

describe('transformerSchedule', () => {
  it('warms up linearly, peaks at warmupSteps, then decays as 1/sqrt(step)', () => {
    const lr = transformerSchedule({ embeddingDim: 64, warmupSteps: 100 });
    expect(lr(50)).toBeCloseTo(64 ** -0.5 * 50 * 100 ** -1.5, 12);
    expect(lr(100)).toBeCloseTo(64 ** -0.5 * 100 ** -0.5, 12);
    expect(lr(400)).toBeCloseTo(lr(100) / 2, 12);
    expect(lr(100)).toBeGreaterThan(lr(99));
    expect(lr(100)).toBeGreaterThan(lr(101));
    expect(() => transformerSchedule({ embeddingDim: 0 })).toThrow(
      'transformerSchedule: `embeddingDim` must be a positive integer; received 0.',
    );
  });
});

describe('learningRateScheduler', () => {
  it("sets the optimizer's learning rate before every batch", async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
    const optimizer = tf.train.adam(1);
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const seen: number[] = [];
    const schedule = (step: number) => step / 1000;
    const spy = new tf.CustomCallback({
      onBatchEnd: async () =>
        void seen.push((optimizer as unknown as { learningRate: number }).learningRate),
    });
    await model.fit(tf.ones([8, 2]), tf.zeros([8, 1]), {
      epochs: 2,
      batchSize: 4,
      verbose: 0,
      callbacks: [learningRateScheduler(optimizer, schedule), spy],
    });
    expect(seen).toEqual([0.001, 0.002, 0.003, 0.004]);
    expect(() => learningRateScheduler({} as never, schedule)).toThrow(
      /^learningRateScheduler: `optimizer` must be a tfjs optimizer/,
    );
  });
});

describe('clipByGlobalNorm', () => {
  it('scales every gradient by maxNorm / globalNorm when above, and leaves them alone below', () => {
    const grads = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) }; // global norm 5
    const { clipped, globalNorm } = clipByGlobalNorm(grads, 1);
    expect(globalNorm.dataSync()[0]).toBeCloseTo(5, 6);
    expectTensorsClose(clipped.a as tf.Tensor, [0.6, 0], { atol: 1e-6 });
    expectTensorsClose(clipped.b as tf.Tensor, [0, 0.8], { atol: 1e-6 });
    const same = clipByGlobalNorm(grads, 10).clipped;
    expectTensorsClose(same.a as tf.Tensor, [3, 0], { atol: 1e-6 });
    expect(() => clipByGlobalNorm(grads, 0)).toThrow(
      'clipByGlobalNorm: `maxNorm` must be a number > 0; received 0.',
    );
  });
});
