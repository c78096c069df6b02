import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { causalMask, combineMasks, paddingMask } from './masks.js';
import { scaledDotProductAttention } from './scaled-dot-product-attention.js';

describe('masks', () => {
  it('causalMask lets step i see steps <= i, also with a longer key sequence', () => {
    expect(causalMask(3).arraySync()).toEqual([
      [
        [1, 0, 0],
        [1, 1, 0],
        [1, 1, 1],
      ],
    ]);
    expect(causalMask(2, 4).arraySync()).toEqual([
      [
        [1, 1, 1, 0],
        [1, 1, 1, 1],
      ],
    ]);
    expect(() => causalMask(0)).toThrow(
      'causalMask: `queryLength` must be a positive integer; received 0.',
    );
    expect(() => causalMask(3, 2)).toThrow(
      'causalMask: `valueLength` must be at least queryLength (3); received 2.',
    );
  });

  it('paddingMask from lengths or a 0/1 tensor', () => {
    expect(paddingMask([2, 3], 4).arraySync()).toEqual([
      [1, 1, 0, 0],
      [1, 1, 1, 0],
    ]);
    expect(paddingMask(tf.tensor1d([1, 2], 'int32')).arraySync()).toEqual([
      [1, 0],
      [1, 1],
    ]);
    expect(paddingMask(tf.tensor2d([[1, 0]], [1, 2], 'bool')).arraySync()).toEqual([[1, 0]]);
    expect(() => paddingMask([2, -1])).toThrow(
      'paddingMask: `lengths` must be non-negative integer lengths, or a [batch, time] 0/1 tensor; received [2, -1].',
    );
    expect(() => paddingMask([5], 4)).toThrow(
      'paddingMask: `maxLength` must be at least the longest length (5); received 4.',
    );
  });

  it('combineMasks multiplies, broadcasting, and skips missing masks', () => {
    const combined = combineMasks(
      causalMask(3),
      null,
      paddingMask([2], 3).expandDims(1),
    ) as tf.Tensor;
    expect(combined.arraySync()).toEqual([
      [
        [1, 0, 0],
        [1, 1, 0],
        [1, 1, 0],
      ],
    ]);
    expect(combineMasks(null, undefined)).toBeNull();
  });
});

describe('scaledDotProductAttention', () => {
  it('equals softmax(q kᵀ / sqrt(d)) v, and leaves no tensors behind', () => {
    const q = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1);
    const k = tf.randomNormal([2, 5, 4], 0, 1, 'float32', 2);
    const v = tf.randomNormal([2, 5, 6], 0, 1, 'float32', 3);
    const before = tf.memory().numTensors;
    const { outputs, weights } = scaledDotProductAttention(q, k, v);
    expect(tf.memory().numTensors).toBe(before + 2);
    const expected = tf.tidy(() =>
      tf.matMul(tf.softmax(tf.div(tf.matMul(q, k, false, true), 2)), v),
    );
    expect(tf.max(tf.abs(tf.sub(outputs, expected))).dataSync()[0]).toBeLessThan(1e-5);
    expect(weights.shape).toEqual([2, 3, 5]);
  });

  it('is causal under a causal mask, checked by gradient', () => {
    const x = tf.randomNormal([1, 6, 4], 0, 1, 'float32', 4);
    for (const t of [0, 3, 5]) {
      const g = tf.grad((a: tf.Tensor) =>
        tf.sum(
          scaledDotProductAttention(a, a, a, { mask: causalMask(6) }).outputs.slice(
            [0, t, 0],
            [1, 1, 4],
          ),
        ),
      )(x);
      const perStep = tf.sum(tf.abs(g), [0, 2]).arraySync() as number[];
      expect(perStep.slice(t + 1).every((v) => v === 0)).toBe(true);
      expect(perStep[t]).toBeGreaterThan(0);
    }
  });

  it('gives a query whose keys are all masked uniform weights (the mean of the values), not NaN', () => {
    const q = tf.randomNormal([1, 2, 3], 0, 1, 'float32', 5);
    const v = tf.tensor3d([
      [
        [1, 2, 3],
        [3, 4, 5],
      ],
    ]);
    const mask = tf.tensor3d([
      [
        [1, 0],
        [0, 0],
      ],
    ]); // query 1 may attend to nothing
    const { outputs, weights } = scaledDotProductAttention(q, v, v, { mask });
    expect(Array.from(weights.dataSync()).every(Number.isFinite)).toBe(true);
    expect(weights.arraySync()).toEqual([
      [
        [1, 0],
        [0.5, 0.5],
      ],
    ]);
    expect((outputs.arraySync() as number[][][])[0]?.[1]).toEqual([2, 3, 4]);
  });

  it('rejects mismatched depths and lengths', () => {
    const q = tf.zeros([1, 2, 3]);
    expect(() => scaledDotProductAttention(q, tf.zeros([1, 4, 2]), tf.zeros([1, 4, 2]))).toThrow(
      'scaledDotProductAttention: `k` must be keys of depth 3, as the queries; received a float32 tensor of shape [1, 4, 2].',
    );
    expect(() => scaledDotProductAttention(q, tf.zeros([1, 4, 3]), tf.zeros([1, 5, 2]))).toThrow(
      'scaledDotProductAttention: `v` must be values of length 4, as the keys; received a float32 tensor of shape [1, 5, 2].',
    );
  });
});
