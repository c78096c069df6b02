import { readFileSync } from 'node:fs';
import { expectNoLeakedTensors } from '@seq/testing';
import { describe, expect, it } from 'vitest';
import { bigramModel, hashLogits, prefixModel, sequenceLogProb } from '../test/toy-models.js';
import { beamSearch, greedySearch } from './index.js';

interface GoldenHypothesis {
  tokens: number[];
  logProb: number;
  score: number;
}
const golden = JSON.parse(
  readFileSync(new URL('../test/fixtures/beam_search_bigram.json', import.meta.url), 'utf8'),
) as {
  config: { vocabSize: number; maxLength: number; eos: number; bos: number };
  inputs: { logProbs: { data: number[] } };
  expected: { greedy: number[]; exhaustive: Record<string, GoldenHypothesis[]> };
};
const { vocabSize: V, maxLength, eos, bos } = golden.config;
const table = Array.from({ length: V }, (_, i) =>
  golden.inputs.logProbs.data.slice(i * V, (i + 1) * V),
);
const TOL = 1e-5; // the logits travel as float32

/** Same list up to the tolerance; hypotheses whose expected scores tie may come in either order. */
function expectSameNBest(actual: GoldenHypothesis[], expected: GoldenHypothesis[]) {
  expect(actual.length).toBe(expected.length);
  const remaining = [...expected];
  actual.forEach((hypothesis, i) => {
    expect(hypothesis.score).toBeCloseTo(expected[i]?.score as number, 5);
    const match = remaining.findIndex(
      (e) =>
        JSON.stringify(e.tokens) === JSON.stringify(hypothesis.tokens) &&
        Math.abs(e.score - hypothesis.score) < TOL,
    );
    expect(match, `hypothesis ${i} ${JSON.stringify(hypothesis.tokens)}`).toBeGreaterThanOrEqual(0);
    const [e] = remaining.splice(match, 1);
    expect(Math.abs((e as GoldenHypothesis).logProb - hypothesis.logProb)).toBeLessThan(TOL);
  });
}

describe('beamSearch on the golden bigram model', () => {
  for (const alpha of ['0.0', '1.0']) {
    it(`a beam as wide as every output equals exhaustive search (lengthPenalty ${alpha})`, async () => {
      const { next } = bigramModel(table);
      const result = await beamSearch(next, [[bos]], {
        maxLength,
        eosTokenId: eos,
        beamWidth: V ** (maxLength - 1),
        numReturnSequences: 5,
        lengthPenalty: Number(alpha),
      });
      expectSameNBest(
        result.nBest[0] as GoldenHypothesis[],
        golden.expected.exhaustive[alpha] as GoldenHypothesis[],
      );
      expect(result.tokens[0]).toEqual(result.nBest[0]?.[0]?.tokens);
    });
  }

  it('width 1 gives the greedy output, as greedySearch does', async () => {
    const beam = await beamSearch(bigramModel(table).next, [[bos]], {
      maxLength,
      eosTokenId: eos,
      beamWidth: 1,
    });
    const greedy = await greedySearch(bigramModel(table).next, [[bos]], {
      maxLength,
      eosTokenId: eos,
    });
    expect(beam.tokens[0]).toEqual(golden.expected.greedy);
    expect(greedy.tokens[0]).toEqual(golden.expected.greedy);
    expect(beam.logProbs[0]).toBeCloseTo(greedy.logProbs[0] as number, 10);
  });

  it('batches rows and folds the beams into the batch: one model call per step', async () => {
    const model = bigramModel(table);
    const options = {
      maxLength,
      eosTokenId: eos,
      beamWidth: 3,
      earlyStopping: false,
      noRepeatNgramSize: 2,
      repetitionPenalty: 1.3,
    };
    const result = await beamSearch(model.next, [[bos], [2], [3, 4]], options);
    expect(model.calls[0]).toBe(3); // the prompts' common prefix, one row each
    expect(model.calls.slice(1).every((rows) => rows === 9)).toBe(true);
    // Each row equals its own search alone (the ragged prompt is fed before it generates, and the
    // processors see each row's own history).
    for (const [b, prompt] of [[bos], [2], [3, 4]].entries()) {
      const alone = await beamSearch(bigramModel(table).next, [prompt], options);
      expect(result.tokens[b]).toEqual(alone.tokens[0]);
      expect(result.logProbs[b]).toBeCloseTo(alone.logProbs[0] as number, 10);
    }
  });
});

describe('beamSearch on a model that sees the whole prefix', () => {
  const logitsOf = hashLogits(7, 3);
  const prompts = [[1, 2], [3], [4, 5, 6]];

  it('reports log-probabilities equal to the recomputed sums, n-best sorted by score', async () => {
    for (const [beamWidth, lengthPenalty, lengthNormalization] of [
      [1, 0, 'power'],
      [3, 0, 'power'],
      [4, 0.6, 'gnmt'],
      [6, 1, 'power'],
    ] as const) {
      const result = await beamSearch(prefixModel(logitsOf).next, prompts, {
        maxLength: 6,
        eosTokenId: [0, 6],
        beamWidth,
        numReturnSequences: beamWidth,
        lengthPenalty,
        lengthNormalization,
      });
      result.nBest.forEach((list, b) => {
        expect(list.length).toBeGreaterThan(0);
        for (let i = 1; i < list.length; i++) {
          expect((list[i - 1] as { score: number }).score).toBeGreaterThanOrEqual(
            (list[i] as { score: number }).score,
          );
        }
        for (const h of list) {
          expect(h.logProb).toBeCloseTo(
            sequenceLogProb(logitsOf, prompts[b] as number[], h.tokens),
            9,
          );
          const length = h.tokens.length;
          const penalty =
            lengthNormalization === 'gnmt'
              ? ((5 + length) / 6) ** lengthPenalty
              : length ** lengthPenalty;
          expect(h.score).toBeCloseTo(h.logProb / penalty, 9);
          const last = h.tokens[length - 1] as number;
          expect(h.finishReason).toBe(last === 0 || last === 6 ? 'eos' : 'max-length');
          if (h.finishReason === 'max-length') expect(length).toBe(6);
        }
      });
    }
  });

  it('a wider beam never finds a worse best hypothesis than greedy search (exact mode)', async () => {
    const greedy = await greedySearch(prefixModel(logitsOf).next, prompts, {
      maxLength: 5,
      eosTokenId: 0,
    });
    const beam = await beamSearch(prefixModel(logitsOf).next, prompts, {
      maxLength: 5,
      eosTokenId: 0,
      beamWidth: 4,
      earlyStopping: false,
    });
    for (const [b, lp] of beam.logProbs.entries()) {
      expect(lp).toBeGreaterThanOrEqual((greedy.logProbs[b] as number) - 1e-12);
    }
  });

  it('stops a hypothesis at a stop sequence, and leaves no tensor behind', async () => {
    await expectNoLeakedTensors('beamSearch', async () => {
      const result = await beamSearch(prefixModel(logitsOf).next, prompts, {
        maxLength: 8,
        beamWidth: 3,
        numReturnSequences: 3,
        stopSequences: [[2, 3], [5]],
      });
      for (const list of result.nBest) {
        for (const h of list) {
          const t = h.tokens;
          const endsWithStop =
            t[t.length - 1] === 5 || (t[t.length - 2] === 2 && t[t.length - 1] === 3);
          expect(h.finishReason).toBe(endsWithStop ? 'stop-sequence' : 'max-length');
          // A stop sequence ends a hypothesis the first time it appears.
          const inner = t.slice(0, -1);
          expect(inner.includes(5)).toBe(false);
        }
      }
      return null;
    });
  });

  it('puts finished hypotheses before the ones an abort cut off', async () => {
    const controller = new AbortController();
    const result = await beamSearch(prefixModel(logitsOf).next, [[1]], {
      maxLength: 30,
      eosTokenId: [0, 1, 2, 3],
      beamWidth: 3,
      numReturnSequences: 3,
      signal: controller.signal,
      onStep: (_best, step) => {
        if (step === 1) controller.abort();
      },
    });
    const reasons = result.nBest[0]?.map((h) => h.finishReason) ?? [];
    expect(reasons.length).toBeGreaterThan(0);
    const firstAborted = reasons.indexOf('aborted');
    if (firstAborted >= 0)
      expect(reasons.slice(firstAborted).every((r) => r === 'aborted')).toBe(true);
    expect(result.nBest[0]?.every((h) => h.tokens.length <= 2)).toBe(true);
  });
});
