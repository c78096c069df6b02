import { describe, expect, it } from 'vitest';
import { formatDate, generateDatePairs } from './date-pairs.js';

describe('formatDate', () => {
  it('writes the four formats with the ISO target', () => {
    expect(formatDate(2019, 4, 22, 'long')).toEqual({
      source: 'April 22, 2019',
      target: '2019-04-22',
    });
    expect(formatDate(2019, 4, 22, 'day-first').source).toBe('22 April 2019');
    expect(formatDate(2019, 4, 22, 'short').source).toBe('Apr 22, 2019');
    expect(formatDate(2019, 4, 22, 'weekday').source).toBe('Monday, April 22, 2019');
    expect(formatDate(1066, 10, 4, 'long').target).toBe('1066-10-04');
  });
});

describe('generateDatePairs', () => {
  it('is repeatable and stays between the years 1000 and 9999', () => {
    const pairs = generateDatePairs(200, 7);
    expect(generateDatePairs(200, 7)).toEqual(pairs);
    for (const { target } of pairs) {
      const year = Number(target.slice(0, 4));
      expect(year).toBeGreaterThanOrEqual(1000);
      expect(year).toBeLessThanOrEqual(9999);
      expect(target).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});
