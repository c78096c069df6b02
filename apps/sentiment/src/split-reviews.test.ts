import { describe, expect, it } from 'vitest';
import { splitReviews } from './split-reviews.js';

describe('splitReviews', () => {
  const labels = Array.from({ length: 100 }, (_, i) => (i < 60 ? 1 : 0));

  it('partitions every index once, stratified by label', () => {
    const split = splitReviews(labels, { validation: 0.1, test: 0.2 }, 7);
    const all = [...split.train, ...split.valid, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(split.valid).toHaveLength(10);
    expect(split.test).toHaveLength(20);
    expect(split.test.filter((i) => labels[i] === 1)).toHaveLength(12);
    expect(split.valid.filter((i) => labels[i] === 1)).toHaveLength(6);
  });

  it('is seeded', () => {
    const a = splitReviews(labels, { validation: 0.1, test: 0.1 }, 1);
    expect(splitReviews(labels, { validation: 0.1, test: 0.1 }, 1)).toEqual(a);
    expect(splitReviews(labels, { validation: 0.1, test: 0.1 }, 2).test).not.toEqual(a.test);
  });

  it('rejects fractions that leave no training part', () => {
    expect(() => splitReviews(labels, { validation: 0.5, test: 0.5 }, 1)).toThrow(
      /add up to less than 1/,
    );
  });
});
