import { SeqError } from '@seq/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashLogits, logSoftmaxOf, prefixModel, sequenceLogProb } from '../test/toy-models.js';
import { beamSearch, greedySearch, sample, tokenDistribution } from './index.js';

/** Every finished output of a model: sequences that end at their first end token, or reach maxLength. */
function allOutputs(vocabulary: number, maxLength: number, eos: readonly number[]): number[][] {
  const out: number[][] = [];
  const grow = (prefix: number[]) => {
    for (let t = 0; t < vocabulary; t++) {
      const next = [...prefix, t];
      if (eos.includes(t) || next.length === maxLength) out.push(next);
      else grow(next);
    }
  };
  grow([]);
  return out;
}

const penaltyOf = (alpha: number, form: 'power' | 'gnmt', length: number) =>
  alpha === 0 ? 1 : form === 'power' ? length ** alpha : ((5 + length) / 6) ** alpha;

const setting = fc.record({
  vocabulary: fc.integer({ min: 2, max: 4 }),
  maxLength: fc.integer({ min: 1, max: 4 }),
  salt: fc.integer({ min: 0, max: 1000 }),
  prompt: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 1, maxLength: 3 }),
  withEos: fc.boolean(),
  alpha: fc.constantFrom(0, 0.6, 1, -0.5),
  form: fc.constantFrom('power' as const, 'gnmt' as const),
});

describe('search properties (fast-check)', () => {
  it('a beam as wide as every output returns the exhaustive n-best, with exact log-probabilities', async () => {
    await fc.assert(
      fc.asyncProperty(
        setting,
        async ({ vocabulary, maxLength, salt, prompt, withEos, alpha, form }) => {
          const logitsOf = hashLogits(vocabulary, salt);
          const eos = withEos ? [0] : [];
          const outputs = allOutputs(vocabulary, maxLength, eos);
          const scored = outputs
            .map((tokens) => {
              const logProb = sequenceLogProb(logitsOf, prompt, tokens);
              return { tokens, logProb, score: logProb / penaltyOf(alpha, form, tokens.length) };
            })
            .sort((a, b) => b.score - a.score);
          const n = Math.min(5, outputs.length);
          const result = await beamSearch(prefixModel(logitsOf).next, [prompt], {
            maxLength,
            eosTokenId: eos,
            beamWidth: outputs.length,
            numReturnSequences: n,
            lengthPenalty: alpha,
            lengthNormalization: form,
            earlyStopping: false,
          });
          const best = result.nBest[0] ?? [];
          expect(best).toHaveLength(n);
          for (const [i, h] of best.entries()) {
            expect(h.score).toBeCloseTo((scored[i] as { score: number }).score, 9);
            expect(h.logProb).toBeCloseTo(sequenceLogProb(logitsOf, prompt, h.tokens), 9);
            expect(outputs.some((o) => JSON.stringify(o) === JSON.stringify(h.tokens))).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('any beam: sorted n-best, each log-probability the recomputed sum, each score logProb / penalty', async () => {
    await fc.assert(
      fc.asyncProperty(
        setting,
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        async (
          { vocabulary, maxLength, salt, prompt, withEos, alpha, form },
          beamWidth,
          earlyStopping,
        ) => {
          const logitsOf = hashLogits(vocabulary + 2, salt);
          const eos = withEos ? [1] : [];
          const result = await beamSearch(prefixModel(logitsOf).next, [prompt, [...prompt, 2]], {
            maxLength: maxLength + 2,
            eosTokenId: eos,
            beamWidth,
            numReturnSequences: beamWidth,
            lengthPenalty: alpha,
            lengthNormalization: form,
            earlyStopping,
          });
          for (const [b, list] of result.nBest.entries()) {
            const rowPrompt = b === 0 ? prompt : [...prompt, 2];
            expect(list.length).toBeGreaterThan(0);
            for (const [i, h] of list.entries()) {
              if (i > 0)
                expect((list[i - 1] as { score: number }).score).toBeGreaterThanOrEqual(h.score);
              expect(h.logProb).toBeCloseTo(sequenceLogProb(logitsOf, rowPrompt, h.tokens), 9);
              expect(h.score).toBeCloseTo(h.logProb / penaltyOf(alpha, form, h.tokens.length), 9);
              const last = h.tokens[h.tokens.length - 1] as number;
              expect(h.finishReason).toBe(eos.includes(last) ? 'eos' : 'max-length');
              expect(h.tokens.slice(0, -1).some((t) => eos.includes(t))).toBe(false);
              if (h.finishReason === 'max-length') expect(h.tokens).toHaveLength(maxLength + 2);
            }
            expect(result.tokens[b]).toEqual(list[0]?.tokens);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a beam of width 1 is greedy search', async () => {
    await fc.assert(
      fc.asyncProperty(setting, async ({ vocabulary, maxLength, salt, prompt, withEos }) => {
        const logitsOf = hashLogits(vocabulary + 1, salt);
        const options = { maxLength: maxLength + 1, eosTokenId: withEos ? [0] : [] };
        const greedy = await greedySearch(prefixModel(logitsOf).next, [prompt, [1, 1]], options);
        const beam = await beamSearch(prefixModel(logitsOf).next, [prompt, [1, 1]], {
          ...options,
          beamWidth: 1,
        });
        expect(beam.tokens).toEqual(greedy.tokens);
        expect(beam.finishReasons).toEqual(greedy.finishReasons);
      }),
      { numRuns: 60 },
    );
  });

  it('greedy search follows the argmax; sampling only draws allowed tokens and reports their log-probabilities', async () => {
    await fc.assert(
      fc.asyncProperty(
        setting,
        fc.record({
          temperature: fc.double({ min: 0.2, max: 3, noNaN: true }),
          topK: fc.integer({ min: 1, max: 6 }),
          topP: fc.double({ min: 0.05, max: 1, noNaN: true }),
          seed: fc.integer({ min: 0, max: 2 ** 31 }),
        }),
        async ({ vocabulary, maxLength, salt, prompt }, filters) => {
          const logitsOf = hashLogits(vocabulary + 2, salt);
          const greedy = await greedySearch(prefixModel(logitsOf).next, [prompt], { maxLength });
          const path = [...prompt];
          for (const t of greedy.tokens[0] as number[]) {
            const logits = Array.from(Float32Array.from(logitsOf(path)));
            expect(t).toBe(logits.indexOf(Math.max(...logits)));
            path.push(t);
          }
          expect(greedy.logProbs[0]).toBeCloseTo(
            sequenceLogProb(logitsOf, prompt, greedy.tokens[0] as number[]),
            9,
          );

          const drawn = await sample(prefixModel(logitsOf).next, [prompt], {
            maxLength,
            ...filters,
          });
          let expected = 0;
          const prefix = [...prompt];
          for (const t of drawn.tokens[0] as number[]) {
            const p = tokenDistribution(Float32Array.from(logitsOf(prefix)), filters);
            expect(p[t]).toBeGreaterThan(0);
            expected += Math.log(p[t] as number);
            prefix.push(t);
          }
          expect(drawn.logProbs[0]).toBeCloseTo(expected, 6);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('invalid options always raise a SeqError naming the option, before any model call', async () => {
    const invalid = fc.oneof(
      fc.record({
        beamWidth: fc.oneof(
          fc.integer({ max: 0 }),
          fc.double({ min: 0.1, max: 9.9, noInteger: true }),
        ),
      }),
      fc.record({
        topP: fc.oneof(
          fc.double({ max: 0, noNaN: true }),
          fc.double({ min: 1.0001, max: 1e6, noNaN: true }),
        ),
      }),
      fc.record({ topK: fc.integer({ max: 0 }) }),
      fc.record({ temperature: fc.double({ max: 0, noNaN: true }) }),
      fc.record({ maxLength: fc.integer({ max: 0 }) }),
    );
    await fc.assert(
      fc.asyncProperty(invalid, async (options) => {
        const model = prefixModel(hashLogits(3));
        const argument = Object.keys(options)[0] as string;
        const call =
          argument === 'beamSearch' || argument === 'beamWidth'
            ? beamSearch(model.next, [[0]], { maxLength: 3, ...options })
            : sample(model.next, [[0]], { maxLength: 3, ...options });
        const error = await call.catch((e: unknown) => e);
        expect(SeqError.isInstance(error)).toBe(true);
        expect((error as SeqError).argument).toBe(argument);
        expect(model.calls).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('logSoftmaxOf (the tests’ reference) sums to one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (row) => {
          expect(logSoftmaxOf(row).reduce((s, v) => s + Math.exp(v), 0)).toBeCloseTo(1, 9);
        },
      ),
    );
  });
});
