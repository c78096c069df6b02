import { readFileSync } from 'node:fs';
import { SeededRandom } from '@seq/core';
import { expectNoLeakedTensors } from '@seq/testing';
import { describe, expect, it } from 'vitest';
import { hashLogits, prefixModel, sequenceLogProb } from '../test/toy-models.js';
import { sample, tokenDistribution } from './index.js';

const golden = JSON.parse(
  readFileSync(new URL('../test/fixtures/sampling_filters.json', import.meta.url), 'utf8'),
) as { inputs: { logits: { data: number[] } } };
const logits = golden.inputs.logits.data;
const constant = () => prefixModel(() => logits);

/** Pearson's chi-square statistic of observed counts against expected probabilities (p > 0 only). */
function chiSquare(
  counts: number[],
  probs: Float64Array,
  n: number,
): { statistic: number; df: number } {
  let statistic = 0;
  let df = -1;
  probs.forEach((p, i) => {
    if (p === 0) return;
    const expected = p * n;
    statistic += ((counts[i] as number) - expected) ** 2 / expected;
    df++;
  });
  return { statistic, df };
}
// Upper 0.1% points of the chi-square distribution.
const CRITICAL: Record<number, number> = { 2: 13.82, 3: 16.27, 9: 27.88 };

describe('sample', () => {
  for (const filters of [
    { temperature: 0.7 },
    { temperature: 0.7, topK: 3 },
    { temperature: 0.7, topP: 0.9 },
    { topK: 4, topP: 0.8, temperature: 1.3 },
  ]) {
    it(`draws from the filtered distribution (chi-square, ${JSON.stringify(filters)})`, async () => {
      const n = 6000;
      const prompts = Array.from({ length: n }, () => [0]);
      const { tokens } = await sample(constant().next, prompts, {
        maxLength: 1,
        seed: 7,
        ...filters,
      });
      const probs = tokenDistribution(logits, filters);
      const counts = new Array(logits.length).fill(0);
      for (const [t] of tokens) counts[t as number]++;
      probs.forEach((p, i) => {
        if (p === 0) expect(counts[i], `token ${i} is filtered out`).toBe(0);
      });
      const { statistic, df } = chiSquare(counts, probs, n);
      expect(statistic).toBeLessThan(CRITICAL[df] as number);
    });
  }

  it('is repeatable with a seed, and goes on from a SeededRandom', async () => {
    const model = () => prefixModel(hashLogits(9)).next;
    const a = await sample(model(), [[1], [2]], { maxLength: 12, seed: 3 });
    const b = await sample(model(), [[1], [2]], { maxLength: 12, seed: 3 });
    const c = await sample(model(), [[1], [2]], { maxLength: 12, seed: 4 });
    expect(a.tokens).toEqual(b.tokens);
    expect(a.tokens).not.toEqual(c.tokens);
    const random = new SeededRandom(3);
    const d = await sample(model(), [[1], [2]], { maxLength: 12, random });
    expect(d.tokens).toEqual(a.tokens);
  });

  it('reports the log-probabilities of the drawn tokens under the model (no filters)', async () => {
    const logitsOf = hashLogits(9, 1);
    const prompts = [[1, 2, 3], [4]];
    const result = await sample(prefixModel(logitsOf).next, prompts, { maxLength: 7, seed: 1 });
    result.tokens.forEach((t, b) => {
      expect(t.length).toBe(7);
      expect(result.logProbs[b]).toBeCloseTo(
        sequenceLogProb(logitsOf, prompts[b] as number[], t),
        9,
      );
    });
  });

  it('never repeats a bigram with noRepeatNgramSize 2', async () => {
    const { tokens } = await sample(prefixModel(hashLogits(9)).next, [[1]], {
      maxLength: 20,
      seed: 2,
      noRepeatNgramSize: 2,
    });
    const seen = new Set<string>();
    const sequence = [1, ...(tokens[0] as number[])];
    for (let i = 0; i + 1 < sequence.length; i++) {
      const bigram = `${sequence[i]},${sequence[i + 1]}`;
      expect(seen.has(bigram), bigram).toBe(false);
      seen.add(bigram);
    }
  });

  it('rejects bad options before any model call', async () => {
    const model = constant();
    const bad: Array<[object, string]> = [
      [{ maxLength: 5, temperature: 0 }, 'sample: `temperature` must be a number > 0; received 0.'],
      [{ maxLength: 5, temperature: -1 }, '`temperature` must be a number > 0; received -1.'],
      [{ maxLength: 5, topK: 0 }, 'sample: `topK` must be a positive integer; received 0.'],
      [{ maxLength: 5, topK: 2.5 }, '`topK` must be a positive integer; received 2.5.'],
      [{ maxLength: 5, topP: 0 }, 'sample: `topP` must be a number in (0, 1]; received 0.'],
      [{ maxLength: 5, topP: 1.01 }, '`topP` must be a number in (0, 1]; received 1.01.'],
      [
        { maxLength: 5, seed: 1, random: new SeededRandom(1) },
        'sample: `seed` must be left out when `random` is given',
      ],
      [{ maxLength: 5, random: {} }, 'sample: `random` must be an object with next()'],
      [
        { maxLength: 5, onToken: 'print' },
        'sample: `onToken` must be a function; received "print".',
      ],
    ];
    for (const [options, message] of bad) {
      await expect(sample(model.next, [[0]], options as never)).rejects.toThrow(message);
    }
    expect(model.calls).toEqual([]);
  });

  it('leaves no tensor behind', async () => {
    await expectNoLeakedTensors('sample', () =>
      sample(prefixModel(hashLogits(6)).next, [[1], [2, 3]], {
        maxLength: 6,
        seed: 1,
        topK: 3,
        eosTokenId: 0,
      }),
    );
  });
});
