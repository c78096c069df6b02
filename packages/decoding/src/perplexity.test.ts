import { expectNoLeakedTensors } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { perplexity } from './perplexity.js';

function value(t: tf.Tensor): number {
  const v = t.dataSync()[0] as number;
  t.dispose();
  return v;
}

describe('perplexity', () => {
  it('uniform logits give a perplexity equal to the vocabulary size', () => {
    const logits = tf.fill([2, 3, 7], 1.5);
    const labels = tf.tensor2d(
      [
        [0, 3, 6],
        [1, 2, 5],
      ],
      [2, 3],
      'int32',
    );
    expect(value(perplexity(logits, labels))).toBeCloseTo(7, 5);
    tf.dispose([logits, labels]);
  });

  it('a case by hand: p = 1/2 and p = 3/4 give sqrt(8/3)', () => {
    // softmax([0, 0]) = [1/2, 1/2]; softmax([ln 3, 0]) = [3/4, 1/4]
    const logits = tf.tensor3d([
      [
        [0, 0],
        [Math.log(3), 0],
      ],
    ]); // [1, 2, 2]
    const labels = tf.tensor2d([[1, 0]], [1, 2], 'int32');
    // exp((ln 2 + ln 4/3) / 2) = sqrt(8/3)
    expect(value(perplexity(logits, labels))).toBeCloseTo(Math.sqrt(8 / 3), 5);
    // float labels holding integers are accepted
    const floatLabels = tf.tensor2d([[1, 0]]);
    expect(value(perplexity(logits, floatLabels))).toBeCloseTo(Math.sqrt(8 / 3), 5);
    tf.dispose([logits, labels, floatLabels]);
  });

  it('the TSDoc example', () => {
    const logits = tf.zeros([2, 3, 10]); // uniform over 10 tokens
    const labels = tf.tensor2d(
      [
        [1, 2, 3],
        [4, 5, -100],
      ],
      [2, 3],
      'int32',
    );
    const mask = tf.tensor2d([
      [1, 1, 1],
      [1, 1, 0],
    ]);
    expect(value(perplexity(logits, labels, { mask }))).toBeCloseTo(10, 4);
    tf.dispose([logits, labels, mask]);
  });

  it('is stable for large logits (log-softmax)', () => {
    const logits = tf.tensor3d([[[1000, 1000 + Math.log(3)]]]); // p(label 1) = 3/4
    const labels = tf.tensor2d([[1]], [1, 1], 'int32');
    expect(value(perplexity(logits, labels))).toBeCloseTo(4 / 3, 4);
    tf.dispose([logits, labels]);
  });

  it('the mask leaves out padded positions, whatever their labels', () => {
    const logits = tf.tensor3d([
      [
        [0, 0],
        [Math.log(3), 0],
      ],
      [
        [0, Number.NEGATIVE_INFINITY],
        [0, 0],
      ],
    ]); // [2, 2, 2]
    // position [1, 0] has p = 0 (an infinite loss, and inf * 0 = NaN); [1, 1] has a padding id
    const labels = tf.tensor2d(
      [
        [1, 0],
        [1, -100],
      ],
      [2, 2],
      'int32',
    );
    const mask = tf.tensor2d([
      [1, 1],
      [0, 0],
    ]);
    expect(value(perplexity(logits, labels, { mask }))).toBeCloseTo(Math.sqrt(8 / 3), 5);
    const firstOnly = tf.tensor2d([
      [1, 0],
      [0, 0],
    ]);
    expect(value(perplexity(logits, labels, { mask: firstOnly }))).toBeCloseTo(2, 5);
    tf.dispose([logits, labels, mask, firstOnly]);
  });

  it('leaks no tensor', async () => {
    const logits = tf.randomNormal([2, 4, 5], 0, 1, 'float32', 1);
    const labels = tf.tensor2d(
      [
        [0, 1, 2, 3],
        [4, 3, 2, 1],
      ],
      [2, 4],
      'int32',
    );
    const mask = tf.tensor2d([
      [1, 1, 1, 0],
      [1, 1, 0, 0],
    ]);
    await expectNoLeakedTensors('perplexity', () => perplexity(logits, labels));
    await expectNoLeakedTensors('perplexity with a mask', () =>
      perplexity(logits, labels, { mask }),
    );
    const before = tf.memory().numTensors;
    expect(() => perplexity(logits, labels, { mask: tf.zeros([2, 4]) })).toThrow();
    expect(tf.memory().numTensors).toBe(before + 1); // only the zeros passed in
    tf.dispose([logits, labels, mask]);
  });

  it('rejects bad input with SeqError', () => {
    tf.engine().startScope();
    const logits = tf.zeros([2, 3, 4]);
    const labels = tf.zeros([2, 3], 'int32');
    expect(() => perplexity(tf.zeros([2, 3]), labels)).toThrow(
      /perplexity: `logits` must be a tensor of rank 3 \(\[batch, time, vocab\]\); received a float32 tensor of shape \[2, 3\]/,
    );
    expect(() => perplexity([[0]] as unknown as tf.Tensor, labels)).toThrow(
      /perplexity: `logits` must be a tf\.Tensor; received an array of 1 items/,
    );
    expect(() => perplexity(logits, tf.zeros([2, 3, 1], 'int32'))).toThrow(
      /perplexity: `labels` must be a tensor of shape \[2, 3\] \(\[batch, time\], as logits\); received an int32 tensor of shape \[2, 3, 1\]/,
    );
    expect(() => perplexity(logits, tf.zeros([3, 2], 'int32'))).toThrow(
      /`labels` must be a tensor of shape \[2, 3\] .*received an int32 tensor of shape \[3, 2\]/,
    );
    expect(() => perplexity(logits, labels, { mask: tf.ones([2, 4]) })).toThrow(
      /perplexity: `mask` must be a tensor of shape \[2, 3\] \(\[batch, time\], as logits\); received a float32 tensor of shape \[2, 4\]/,
    );
    expect(() => perplexity(logits, labels, { mask: tf.zeros([2, 3]) })).toThrow(
      /perplexity: `mask` must be a mask with at least one counted position \(a positive sum\); received a sum of 0/,
    );
    expect(() => perplexity(logits, labels, { mask: tf.fill([2, 3], -1) })).toThrow(
      /perplexity: `mask` must be non-negative finite weights \(1 = count, 0 = padding\); received -1 at flat position 0/,
    );
    expect(() => perplexity(tf.zeros([2, 0, 4]), tf.zeros([2, 0]))).toThrow(
      /perplexity: `logits` must be a tensor with at least one \[batch, time\] position; received shape \[2, 0, 4\]/,
    );
    expect(() => perplexity(logits, tf.fill([2, 3], 4, 'int32'))).toThrow(
      /perplexity: `labels` must be integer token ids in \[0, 4\) where the mask counts; received 4 at flat position 0/,
    );
    expect(() => perplexity(logits, tf.fill([2, 3], 0.5))).toThrow(
      /`labels` must be integer token ids in \[0, 4\) where the mask counts; received 0\.5/,
    );
    tf.engine().endScope();
  });
});
