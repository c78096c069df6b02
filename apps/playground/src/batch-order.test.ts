import { describe, expect, it } from 'vitest';
import { batchOrder } from './batch-order.js';

describe('batchOrder', () => {
  it('covers every row once per epoch, in batches', () => {
    const batches = batchOrder(10, 4, 1, 0);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('is the same for the same seed and epoch, and differs between epochs', () => {
    expect(batchOrder(50, 8, 3, 2)).toEqual(batchOrder(50, 8, 3, 2));
    expect(batchOrder(50, 8, 3, 2)).not.toEqual(batchOrder(50, 8, 3, 1));
  });
});
