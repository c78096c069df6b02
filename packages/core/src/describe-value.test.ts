import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { describeValue, formatShape } from './describe-value.js';

describe('describeValue', () => {
  it.each([
    [0, '0'],
    [-1.5, '-1.5'],
    [Number.NaN, 'NaN'],
    [true, 'true'],
    ['relu', '"relu"'],
    [undefined, 'undefined'],
    [null, 'null'],
    [[1, 2, null], '[1, 2, null]'],
    [() => 1, 'a function'],
    [{ a: 1 }, 'an object'],
    [new Map(), 'an instance of Map'],
    [new Float32Array(3), 'a Float32Array of 3 items'],
  ])('describes %o as %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });

  it('shortens long strings and arrays', () => {
    expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(60)}..."`);
    expect(describeValue(Array.from({ length: 100 }, () => 0))).toBe('an array of 100 items');
    expect(describeValue([[1], [2]])).toBe('an array of 2 items');
  });

  it('describes tensors by dtype and shape, never by their data', () => {
    const x = tf.zeros([2, 3]);
    const i = tf.zeros([4], 'int32');
    expect(describeValue(x)).toBe('a float32 tensor of shape [2, 3]');
    expect(describeValue(i)).toBe('an int32 tensor of shape [4]');
    expect(describeValue({ shape: [null, 5] })).toBe('a tensor of shape [*, 5]');
    tf.dispose([x, i]);
  });
});

describe('formatShape', () => {
  it('writes unknown sizes as *', () => {
    expect(formatShape([2, null, 8])).toBe('[2, *, 8]');
    expect(formatShape([])).toBe('[]');
  });
});
