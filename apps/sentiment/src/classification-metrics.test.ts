import { describe, expect, it } from 'vitest';
import { classificationMetrics, confusionMatrix } from './classification-metrics.js';

describe('confusionMatrix', () => {
  it('counts [actual][predicted]', () => {
    expect(confusionMatrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 0])).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });
  it('rejects other values and different lengths', () => {
    expect(() => confusionMatrix([0, 2], [0, 1])).toThrow(/must be 0 or 1/);
    expect(() => confusionMatrix([0], [0, 1])).toThrow(/1 labels but 2 predictions/);
  });
});

describe('classificationMetrics', () => {
  it('computes accuracy, precision, recall and F1 of the positive class', () => {
    // tp 2, fp 1, fn 1, tn 1
    const m = classificationMetrics([1, 1, 1, 0, 0], [0.9, 0.6, 0.2, 0.7, 0.1]);
    expect(m.confusion).toEqual([
      [1, 1],
      [1, 2],
    ]);
    expect(m.accuracy).toBeCloseTo(3 / 5);
    expect(m.precision).toBeCloseTo(2 / 3);
    expect(m.recall).toBeCloseTo(2 / 3);
    expect(m.f1).toBeCloseTo(2 / 3);
    expect(m.loss).toBeCloseTo(
      -(Math.log(0.9) + Math.log(0.6) + Math.log(0.2) + Math.log(0.3) + Math.log(0.9)) / 5,
    );
  });
  it('gives F1 0 when nothing positive is found, NaN when it is undefined', () => {
    expect(classificationMetrics([1, 0], [0.1, 0.9]).f1).toBe(0);
    expect(classificationMetrics([0, 0], [0.1, 0.2]).f1).toBeNaN();
  });
  it('thresholds at 0.5 inclusive by default', () => {
    expect(classificationMetrics([1], [0.5]).accuracy).toBe(1);
  });
});
