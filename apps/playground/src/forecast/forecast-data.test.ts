import { describe, expect, it } from 'vitest';
import { csvForecastData, csvValueColumns, syntheticData } from './forecast-data.js';

describe('syntheticData', () => {
  it('splits the series 70 / 20 / 10 into windows and what follows them', () => {
    const data = syntheticData({ series: 100, inputSteps: 20, horizon: 5, seed: 1 });
    expect([data.train.count, data.valid.count, data.test.count]).toEqual([70, 20, 10]);
    expect(data.train.inputs).toHaveLength(70 * 20);
    expect(data.test.future).toHaveLength(10 * 5);
    expect([data.std, data.mean]).toEqual([1, 0]);
    expect(syntheticData({ series: 100, inputSteps: 20, horizon: 5, seed: 1 })).toEqual(data);
  });
});

const csv = (n: number) =>
  `month,sales,returns\n${Array.from({ length: n }, (_, i) => `2000-${String((i % 12) + 1).padStart(2, '0')},${10 + i},${i % 3}`).join('\n')}\n`;

describe('csvValueColumns', () => {
  it('lists the value columns, not the time column', () => {
    expect(csvValueColumns(csv(3))).toEqual(['sales', 'returns']);
  });
});

describe('csvForecastData', () => {
  it('cuts one window per row in each part, standardised with the training part', () => {
    const data = csvForecastData(csv(100), { column: 'sales', inputSteps: 5, horizon: 2 });
    // 70 / 15 / 15 rows; windows of 7 rows never cross a boundary.
    expect([data.train.count, data.valid.count, data.test.count]).toEqual([64, 9, 9]);
    expect(data.source).toBe('CSV column "sales": 100 rows');
    // The training part is 10..79: its mean is 44.5.
    expect(data.mean).toBeCloseTo(44.5, 6);
    const first = (data.train.inputs[0] as number) * data.std + data.mean;
    expect(first).toBeCloseTo(10, 4);
  });

  it('takes the first value column by default', () => {
    expect(csvForecastData(csv(100), { inputSteps: 5, horizon: 2 }).source).toContain('"sales"');
  });

  it('says when the series is too short', () => {
    expect(() => csvForecastData(csv(30), { inputSteps: 5, horizon: 2 })).toThrow(
      'The series has 30 rows: its smallest part (15%) must hold one window of 5 + 2 = 7 rows. Use shorter windows or a longer series.',
    );
  });
});
