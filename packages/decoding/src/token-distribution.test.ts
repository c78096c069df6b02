import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  minLengthProcessor,
  noRepeatNgramProcessor,
  repetitionPenaltyProcessor,
  temperatureProcessor,
  tokenDistribution,
  topKProcessor,
  topPProcessor,
} from './index.js';

const golden = JSON.parse(
  readFileSync(new URL('../test/fixtures/sampling_filters.json', import.meta.url), 'utf8'),
) as {
  config: { temperature: number; topK: number; topP: number };
  inputs: { logits: { data: number[] } };
  expected: Record<'probs' | 'topK3' | 'topP09', { data: number[] }>;
  tolerance: number;
};

function expectClose(actual: ArrayLike<number>, expected: readonly number[], tolerance: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(
      Math.abs((actual[i] as number) - (expected[i] as number)),
      `index ${i}`,
    ).toBeLessThanOrEqual(tolerance);
  }
}

describe('tokenDistribution (golden sampling filters)', () => {
  const { temperature, topK, topP } = golden.config;
  const logits = golden.inputs.logits.data;
  it('softmax(logits / T)', () => {
    expectClose(
      tokenDistribution(logits, { temperature }),
      golden.expected.probs.data,
      golden.tolerance,
    );
  });
  it('top-k after the temperature', () => {
    expectClose(
      tokenDistribution(logits, { temperature, topK }),
      golden.expected.topK3.data,
      golden.tolerance,
    );
  });
  it('top-p after the temperature', () => {
    expectClose(
      tokenDistribution(logits, { temperature, topP }),
      golden.expected.topP09.data,
      golden.tolerance,
    );
  });
  it('keeps at least one token, and everything at topP 1 or topK >= vocabulary', () => {
    const one = tokenDistribution([0, 5, 1], { topP: 1e-9 });
    expect(Array.from(one)).toEqual([0, 1, 0]);
    expectClose(
      tokenDistribution(logits, { topP: 1, topK: 10 }),
      Array.from(tokenDistribution(logits)),
      1e-15,
    );
  });
  it('rejects bad filters with the argument named', () => {
    expect(() => tokenDistribution(logits, { temperature: 0 })).toThrow(
      'tokenDistribution: `temperature` must be a number > 0; received 0.',
    );
    expect(() => tokenDistribution(logits, { topK: 0 })).toThrow(
      '`topK` must be a positive integer; received 0.',
    );
    expect(() => tokenDistribution(logits, { topP: 1.5 })).toThrow(
      '`topP` must be a number in (0, 1]; received 1.5.',
    );
    expect(() => tokenDistribution(logits, { topP: 0 })).toThrow(
      '`topP` must be a number in (0, 1]; received 0.',
    );
  });
});

describe('logits processors', () => {
  const context = (sequence: number[], generated = 0) => ({ sequence, generated });
  it('temperature divides', () => {
    const x = Float64Array.from([2, -4]);
    temperatureProcessor(2)(x, context([]));
    expect(Array.from(x)).toEqual([1, -2]);
    expect(() => temperatureProcessor(-1)).toThrow(
      'temperatureProcessor: `temperature` must be a number > 0; received -1.',
    );
  });
  it('top-k keeps the k largest (and ties with the k-th)', () => {
    const x = Float64Array.from([1, 3, 2, 3, 0]);
    topKProcessor(2)(x, context([]));
    expect(Array.from(x)).toEqual([-Infinity, 3, -Infinity, 3, -Infinity]);
    const y = Float64Array.from([1, 3, 2, 5, 0]);
    topKProcessor(3)(y, context([]));
    expect(Array.from(y)).toEqual([-Infinity, 3, 2, 5, -Infinity]);
  });
  it('top-p keeps the smallest set that reaches p, also when the mass meets p exactly', () => {
    const exact = tokenDistribution(Float64Array.from([0.6, 0.2, 0.2], Math.log), { topP: 0.8 });
    expect(Array.from(exact, (p) => p > 0)).toEqual([true, true, false]);
    const tenths = tokenDistribution(new Float64Array(10), { topP: 0.3 });
    expect(Array.from(tenths).filter((p) => p > 0)).toHaveLength(3);
    const x = Float64Array.from([Math.log(0.5), Math.log(0.3), Math.log(0.2)]);
    topPProcessor(0.75)(x, context([]));
    expect(x[2]).toBe(-Infinity);
    expect(Number.isFinite(x[1])).toBe(true);
    expect(() => topPProcessor(0)).toThrow(
      'topPProcessor: `p` must be a number in (0, 1]; received 0.',
    );
  });
  it('repetition penalty divides positive and multiplies negative logits of seen tokens', () => {
    const x = Float64Array.from([2, -2, 2, -2]);
    repetitionPenaltyProcessor(2)(x, context([0, 1, 1]));
    expect(Array.from(x)).toEqual([1, -4, 2, -2]);
  });
  it('no-repeat n-gram bans the token that would repeat an n-gram', () => {
    const x = new Float64Array(6);
    noRepeatNgramProcessor(3)(x, context([1, 2, 3, 4, 1, 2]));
    expect(Array.from(x)).toEqual([0, 0, 0, -Infinity, 0, 0]);
    const y = new Float64Array(4);
    noRepeatNgramProcessor(1)(y, context([2, 0]));
    expect(Array.from(y)).toEqual([-Infinity, 0, -Infinity, 0]);
  });
  it('min length bans the end tokens until enough were generated', () => {
    const x = new Float64Array(3);
    minLengthProcessor([0, 2], 2)(x, context([5], 1));
    expect(Array.from(x)).toEqual([-Infinity, 0, -Infinity]);
    const y = new Float64Array(3);
    minLengthProcessor([0, 2], 2)(y, context([5, 1, 1], 2));
    expect(Array.from(y)).toEqual([0, 0, 0]);
  });
});
