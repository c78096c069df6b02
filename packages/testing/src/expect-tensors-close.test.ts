import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectTensorsClose } from './expect-tensors-close.js';

describe('expectTensorsClose', () => {
  it('accepts close values from tensors, arrays and typed arrays', () => {
    const t = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    expectTensorsClose(t, [
      [1, 2],
      [3, 4.00005],
    ]);
    expectTensorsClose(new Float32Array([1, 2]), [1.00001, 2]);
    expectTensorsClose(5, 5.00001);
    expectTensorsClose(
      [Number.NaN, Number.POSITIVE_INFINITY],
      [Number.NaN, Number.POSITIVE_INFINITY],
    );
    t.dispose();
  });

  it('reports the largest difference and where', () => {
    expect(() => expectTensorsClose([1, 2, 3], [1, 2.5, 3.1], { label: 'GRU output' })).toThrow(
      'GRU output: 2 of 3 values differ beyond atol=0.0001, rtol=0; the largest at flat index 1: 2 vs expected 2.5 (difference 0.5)',
    );
    expect(() => expectTensorsClose([Number.NaN], [1])).toThrow('1 of 1 values differ');
    expect(() =>
      expectTensorsClose([100, 200], [101, 202], { atol: 0, rtol: 0.011 }),
    ).not.toThrow();
    expect(() => expectTensorsClose([100, 200], [101, 202], { atol: 0, rtol: 0.001 })).toThrow(
      '2 of 2',
    );
  });

  it('compares tensors inside arrays by their values, and refuses ragged arrays', () => {
    const ones = tf.ones([2, 3]);
    const zeros = tf.zeros([2, 3]);
    expect(() => expectTensorsClose([ones], [zeros])).toThrow('6 of 6 values differ');
    expectTensorsClose([ones, ones], tf.ones([2, 2, 3]));
    expect(() => expectTensorsClose([[1, 2], [3]], [[1, 2], [3]])).toThrow(
      'flatten: nested arrays must be rectangular',
    );
    tf.dispose([ones, zeros]);
  });

  it('reports a shape mismatch', () => {
    const t = tf.zeros([2, 3]);
    expect(() => expectTensorsClose(t, tf.zeros([3, 2]))).toThrow(
      'tensors: shape [2, 3] differs from the expected [3, 2]',
    );
    expect(() => expectTensorsClose([1, 2], [1, 2, 3])).toThrow(
      'shape [2] differs from the expected [3]',
    );
    t.dispose();
  });
});
