import { describe, expect, it } from 'vitest';
import { LossHistory } from './loss-history.js';

describe('LossHistory', () => {
  it('places batches inside their epoch and epochs at their end', () => {
    const history = new LossHistory(4);
    history.addBatch(0, 0, 2);
    history.addBatch(0, 3, 1.5);
    history.addEpoch(0, 1.7, 1.6);
    history.addBatch(1, 1, Number.NaN); // a NaN loss is not drawn
    history.addEpoch(1, 1.2, null);
    expect(history.points).toEqual([
      { x: 0.25, y: 2, series: 'batch' },
      { x: 1, y: 1.5, series: 'batch' },
      { x: 1, y: 1.7, series: 'training' },
      { x: 1, y: 1.6, series: 'validation' },
      { x: 2, y: 1.2, series: 'training' },
    ]);
    expect(history.epochLosses).toEqual([1.7, 1.2]);
    expect(history.improved()).toBe(true);
  });

  it('has not improved with one epoch, or a loss that went up', () => {
    const history = new LossHistory(1);
    history.addEpoch(0, 1, null);
    expect(history.improved()).toBe(false);
    history.addEpoch(1, 2, null);
    expect(history.improved()).toBe(false);
  });
});
