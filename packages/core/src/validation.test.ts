import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SeqError } from './seq-error.js';
import {
  assertBoolean,
  assertNonNegativeInteger,
  assertNumberInRange,
  assertOneOf,
  assertPositiveInteger,
  assertRank,
  assertShape,
} from './validation.js';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(SeqError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a SeqError, but nothing was thrown');
}

describe('assertPositiveInteger', () => {
  it('returns valid values', () => {
    expect(assertPositiveInteger('L', 'n', 3)).toBe(3);
  });
  it.each([
    [0, '0'],
    [-2, '-2'],
    [1.5, '1.5'],
    ['4', '"4"'],
    [Number.NaN, 'NaN'],
    [undefined, 'undefined'],
  ])('rejects %o', (value, shown) => {
    expect(messageOf(() => assertPositiveInteger('MultiHeadAttention', 'numHeads', value))).toBe(
      `MultiHeadAttention: \`numHeads\` must be a positive integer; received ${shown}.`,
    );
  });
});

describe('assertNonNegativeInteger', () => {
  it('accepts zero and rejects negatives and fractions', () => {
    expect(assertNonNegativeInteger('f', 'startIndex', 0)).toBe(0);
    expect(messageOf(() => assertNonNegativeInteger('f', 'startIndex', -1))).toBe(
      'f: `startIndex` must be a non-negative integer; received -1.',
    );
    expect(messageOf(() => assertNonNegativeInteger('f', 'startIndex', 0.5))).toBe(
      'f: `startIndex` must be a non-negative integer; received 0.5.',
    );
  });
});

describe('assertNumberInRange', () => {
  it('accepts values in range, with open and closed ends', () => {
    expect(assertNumberInRange('A', 'dropout', 0, { min: 0, max: 1, maxInclusive: false })).toBe(0);
    expect(assertNumberInRange('A', 'x', 1, { min: 0, max: 1 })).toBe(1);
    expect(assertNumberInRange('A', 'x', -5)).toBe(-5);
  });
  it('names the range in the message', () => {
    expect(
      messageOf(() =>
        assertNumberInRange('Attention', 'dropout', 1, { min: 0, max: 1, maxInclusive: false }),
      ),
    ).toBe('Attention: `dropout` must be a number in [0, 1); received 1.');
    expect(
      messageOf(() => assertNumberInRange('S', 'temperature', 0, { min: 0, minInclusive: false })),
    ).toBe('S: `temperature` must be a number > 0; received 0.');
    expect(messageOf(() => assertNumberInRange('S', 'x', 3, { max: 2 }))).toBe(
      'S: `x` must be a number <= 2; received 3.',
    );
    expect(messageOf(() => assertNumberInRange('S', 'x', Number.POSITIVE_INFINITY))).toBe(
      'S: `x` must be a finite number; received Infinity.',
    );
    expect(messageOf(() => assertNumberInRange('S', 'x', '0.1', { min: 0 }))).toBe(
      'S: `x` must be a number >= 0; received "0.1".',
    );
  });
});

describe('assertBoolean', () => {
  it('accepts booleans only', () => {
    expect(assertBoolean('GRU', 'resetAfter', false)).toBe(false);
    expect(messageOf(() => assertBoolean('GRU', 'resetAfter', 'yes'))).toBe(
      'GRU: `resetAfter` must be a boolean; received "yes".',
    );
  });
});

describe('assertOneOf', () => {
  it('returns the value narrowed, or lists the allowed values', () => {
    const mode: 'dot' | 'concat' = assertOneOf('Attention', 'scoreMode', 'dot', [
      'dot',
      'concat',
    ] as const);
    expect(mode).toBe('dot');
    expect(messageOf(() => assertOneOf('Attention', 'scoreMode', 'add', ['dot', 'concat']))).toBe(
      'Attention: `scoreMode` must be one of "dot", "concat"; received "add".',
    );
  });
});

describe('assertRank', () => {
  it('accepts the rank, from a tensor or a shape', () => {
    const x = tf.zeros([2, 5, 8]);
    assertRank('GRU', 'inputs', x, 3);
    assertRank('GRU', 'inputs', [2, 5], [2, 3]);
    x.dispose();
  });
  it('says which rank and what was received', () => {
    const x = tf.zeros([2, 5]);
    expect(messageOf(() => assertRank('GRU', 'inputs', x, 3, '[batch, time, features]'))).toBe(
      'GRU: `inputs` must be a tensor of rank 3 ([batch, time, features]); received a float32 tensor of shape [2, 5].',
    );
    expect(messageOf(() => assertRank('f', 'x', [1], [2, 3]))).toBe(
      'f: `x` must be a tensor of rank 2 or 3; received shape [1].',
    );
    x.dispose();
  });
});

describe('assertShape', () => {
  it('accepts matching shapes, with null as "any size" on either side', () => {
    assertShape('A', 'mask', [2, 5], [null, 5]);
    assertShape('A', 'mask', [null, 5], [2, 5]);
  });
  it('rejects a wrong size or rank', () => {
    const mask = tf.ones([2, 4]);
    expect(
      messageOf(() => assertShape('Attention', 'mask', mask, [null, 5], '[batch, time]')),
    ).toBe(
      'Attention: `mask` must be a tensor of shape [*, 5] ([batch, time]); received a float32 tensor of shape [2, 4].',
    );
    expect(messageOf(() => assertShape('A', 'mask', [2, 5, 1], [2, 5]))).toBe(
      'A: `mask` must be a tensor of shape [2, 5]; received shape [2, 5, 1].',
    );
    mask.dispose();
  });
});
