import { describe, expect, it } from 'vitest';
import { SeqError } from './seq-error.js';

describe('SeqError', () => {
  it('reads "owner: `argument` must be expected; received value."', () => {
    const error = new SeqError({
      owner: 'MultiHeadAttention',
      argument: 'numHeads',
      expected: 'a positive integer',
      received: 0,
    });
    expect(error.message).toBe(
      'MultiHeadAttention: `numHeads` must be a positive integer; received 0.',
    );
    expect(error.name).toBe('SeqError');
    expect(error).toBeInstanceOf(Error);
    expect([error.owner, error.argument, error.expected, error.received]).toEqual([
      'MultiHeadAttention',
      'numHeads',
      'a positive integer',
      '0',
    ]);
  });

  it('uses receivedDescription instead of describing the value', () => {
    const error = new SeqError({
      owner: 'f',
      argument: 'x',
      expected: 'a tensor of rank 3',
      receivedDescription: 'shape [2, 5]',
    });
    expect(error.message).toBe('f: `x` must be a tensor of rank 3; received shape [2, 5].');
  });

  it('keeps the cause', () => {
    const cause = new Error('disk full');
    expect(new SeqError({ owner: 'f', argument: 'x', expected: 'y', cause }).cause).toBe(cause);
  });

  it('isInstance recognises seq errors from any copy of @seq/core, and nothing else', () => {
    const error = new SeqError({ owner: 'f', argument: 'x', expected: 'y' });
    expect(SeqError.isInstance(error)).toBe(true);
    // What a second installed copy of the class produces: a different class, the same marker.
    const fromOtherCopy = Object.assign(new Error('other'), {
      [Symbol.for('@seq/core.SeqError')]: true,
    });
    expect(SeqError.isInstance(fromOtherCopy)).toBe(true);
    expect(SeqError.isInstance(new Error('plain'))).toBe(false);
    expect(SeqError.isInstance(null)).toBe(false);
    expect(SeqError.isInstance('SeqError')).toBe(false);
  });
});
