import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { collectTensors, expectNoLeakedTensors } from './expect-no-leaked-tensors.js';

describe('expectNoLeakedTensors', () => {
  it('passes a clean call and disposes what it returned', async () => {
    const x = tf.ones([3]);
    const before = tf.memory().numTensors;
    await expectNoLeakedTensors('square', () => ({ y: tf.square(x), parts: [tf.neg(x)] }));
    await expectNoLeakedTensors('async', async () => tf.tidy(() => x.add(1)));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('does not dispose a tensor the call was given and handed back', async () => {
    const x = tf.ones([3]);
    await expectNoLeakedTensors('identity', () => x);
    expect(x.isDisposed).toBe(false);
    x.dispose();
  });

  it('names the call that leaked and how much', async () => {
    const x = tf.ones([3]);
    let leaked: tf.Tensor | undefined;
    await expect(
      expectNoLeakedTensors('leaky', () => {
        leaked = x.add(1);
        return tf.square(x);
      }),
    ).rejects.toThrow(/^leaky: leaked 1 tensor\(s\) \(\d+ before, \d+ after, 1 returned\)$/);
    leaked?.dispose();
    x.dispose();
  });

  it('notices a call that disposes what it did not make', async () => {
    const x = tf.ones([3]);
    await expect(expectNoLeakedTensors('greedy', () => x.dispose())).rejects.toThrow(
      /^greedy: disposed 1 more than it made of tensor\(s\)/,
    );
  });

  it('finds tensors in arrays and plain objects only', () => {
    const a = tf.ones([1]);
    const b = tf.zeros([1]);
    expect(collectTensors({ a, list: [b, a], n: 1 }).size).toBe(2);
    expect(collectTensors(new Map([['a', a]])).size).toBe(0);
    tf.dispose([a, b]);
  });
});
