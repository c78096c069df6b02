import { describe, expect, it } from 'vitest';
import { chrF, sentenceChrF } from './chrf.js';

function expectClose(actual: number, expected: number, tolerance = 1e-15): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);
}

/*
 * sacrebleu is not installed here, so the expected numbers come from an independent Python
 * re-implementation of sacrebleu 2.x CHRF(word_order=0, eps_smoothing=False) written for this test
 * (kept outside the repository), divided by 100; the first case is also sacrebleu's own published
 * number (61.576379378113785, the Hugging Face chrF metric card), and the small ones are worked by
 * hand.
 */

describe('chrF', () => {
  it("matches sacrebleu's published example (61.576379378113785 / 100)", () => {
    const score = chrF(
      ['The relationship between Obama and Netanyahu is not exactly friendly.'],
      [['The ties between Obama and Netanyahu are not particularly friendly.']],
    );
    expectClose(score, 0.6157637937811379);
  });

  it('a tiny case by hand: "ab" against "abc", orders 1 and 2', () => {
    // unigrams: 2 hyp, 3 ref, 2 match; bigrams: 1 hyp ("ab"), 2 ref ("ab", "bc"), 1 match.
    // P = (2/2 + 1/1) / 2 = 1, R = (2/3 + 1/2) / 2 = 7/12, F2 = 5 P R / (4 P + R) = 7/11
    expectClose(sentenceChrF('ab', ['abc'], { charOrder: 2 }), 7 / 11);
    expectClose(chrF(['ab'], [['abc']], { charOrder: 2 }), 7 / 11);
  });

  it('beta weighs recall: F1 of the tiny case by hand', () => {
    // F1 = 2 P R / (P + R) = 2 * 7/12 / (19/12) = 14/19
    expectClose(sentenceChrF('ab', ['abc'], { charOrder: 2, beta: 1 }), 14 / 19);
  });

  it('sums statistics over the corpus before the F-score (Python reference)', () => {
    const hypotheses = ['the cat sat on the mat', 'a dog barked'];
    expectClose(
      chrF(hypotheses, [['the cat sat on a mat'], ['a dog barked loudly']]),
      0.662787477186241,
    );
    expectClose(
      chrF(hypotheses, [['the cat sat on a mat'], ['a dog barked loudly']], {
        charOrder: 4,
        beta: 1,
      }),
      0.744417479000937,
    );
    expectClose(
      sentenceChrF('the cat sat on the mat', ['the cat sat on a mat'], { beta: 0.5 }),
      0.6597965990995549,
    );
  });

  it('keeps, per sentence, the reference with the best F-score (Python reference)', () => {
    expectClose(
      sentenceChrF('the cat sat on the mat', [
        'a feline was sitting',
        'the cat sat on a mat',
        'cats sit',
      ]),
      0.720848317308462,
    );
    // the best references are the ones of the single-reference corpus above
    expectClose(
      chrF(
        ['the cat sat on the mat', 'a dog barked'],
        [
          ['a feline was sitting', 'the cat sat on a mat'],
          ['dogs bark', 'a dog barked loudly'],
        ],
      ),
      0.662787477186241,
    );
  });

  it('a reference too short for an order drops that order of its hypothesis (exact 89165/274848)', () => {
    // orders 3..6 of "helloworld" are not counted against "hi"
    expectClose(chrF(['hello world', 'abcdefgh'], [['hi'], ['abcdxfgh']]), 89165 / 274848);
  });

  it('counts Unicode code points and ignores whitespace (Python reference)', () => {
    expectClose(
      sentenceChrF('naïve café 😀😀 日本語', ['naive café 😀 日本人']),
      0.5114983469954031,
    );
    expect(sentenceChrF('the cat', ['thecat'])).toBe(1);
    expect(sentenceChrF(' t h e\tcat\n', ['the cat'])).toBe(1);
  });

  it('gives 0 without a match, for an empty hypothesis, and an empty corpus', () => {
    expect(sentenceChrF('xyz', ['abc'])).toBe(0);
    expect(sentenceChrF('', ['abc'])).toBe(0);
    expect(chrF([], [])).toBe(0);
    // Python reference: an empty hypothesis still adds its reference n-grams to recall
    expectClose(chrF(['', 'abc'], [['abc'], ['abd']]), 0.21604938271604934);
  });

  it('rejects bad input with SeqError', () => {
    expect(() => chrF(['a', 'b'], [['a']])).toThrow(
      /chrF: `references` must be one array of references per hypothesis \(2\); received/,
    );
    expect(() => chrF(['a'], [[]])).toThrow(
      /chrF: `references\[0\]` must be a non-empty array of reference strings; received \[\]/,
    );
    expect(() => chrF([['a'] as unknown as string], [['a']])).toThrow(
      /chrF: `hypotheses` must be an array of strings/,
    );
    expect(() => chrF(['a'], [['a']], { charOrder: 0 })).toThrow(
      /chrF: `charOrder` must be a positive integer; received 0/,
    );
    expect(() => chrF(['a'], [['a']], { beta: 0 })).toThrow(
      /chrF: `beta` must be a number > 0; received 0/,
    );
    expect(() => sentenceChrF('a', [], {})).toThrow(
      /sentenceChrF: `references` must be a non-empty array of reference strings; received \[\]/,
    );
    expect(() => sentenceChrF('a', ['a'], { beta: -1 })).toThrow(
      /sentenceChrF: `beta` must be a number > 0; received -1/,
    );
    expect(() => sentenceChrF(['a'] as unknown as string, ['a'])).toThrow(
      /sentenceChrF: `hypothesis` must be a string/,
    );
  });
});
