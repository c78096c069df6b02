import { describe, expect, it } from 'vitest';
import { formatDate, generateDatePairs } from './date-pairs.js';

describe('generateDatePairs', () => {
  it('writes the book example in each format', () => {
    expect(formatDate(2019, 4, 22, 'long')).toEqual({
      source: 'April 22, 2019',
      target: '2019-04-22',
    });
    expect(formatDate(2019, 4, 22, 'day-first').source).toBe('22 April 2019');
    expect(formatDate(2019, 4, 22, 'short').source).toBe('Apr 22, 2019');
    expect(formatDate(2019, 4, 22, 'weekday').source).toBe('Monday, April 22, 2019');
    expect(formatDate(1000, 1, 1, 'long').target).toBe('1000-01-01');
    expect(formatDate(1066, 10, 4, 'long').target).toBe('1066-10-04');
  });

  it('gives valid dates, the same for a seed and others for another', () => {
    const pairs = generateDatePairs(2000, 7);
    expect(generateDatePairs(2000, 7)).toEqual(pairs);
    expect(generateDatePairs(2000, 8)).not.toEqual(pairs);
    for (const { source, target } of pairs) {
      const [year, month, day] = target.split('-').map(Number) as [number, number, number];
      const date = new Date(Date.UTC(year, month - 1, day));
      expect(date.getUTCDate()).toBe(day); // a day the month has
      expect(year).toBeGreaterThanOrEqual(1000);
      expect(year).toBeLessThanOrEqual(9999);
      expect(target).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(source).toContain(String(year));
    }
    // Several formats turn up.
    expect(new Set(pairs.map((p) => p.source.split(' ').length)).size).toBeGreaterThan(1);
  });
});
