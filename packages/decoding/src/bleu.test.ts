import { readGolden } from '@seq/testing';
import { describe, expect, it } from 'vitest';
import { type BleuSentence, type BleuSmoothing, corpusBleu, sentenceBleu } from './bleu.js';

/** Equal to within a few units in the last place (Math.log/exp may differ from libm by an ulp). */
function expectClose(actual: number, expected: number, tolerance = 1e-14): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);
}

const SMOOTHINGS: BleuSmoothing[] = ['none', 'epsilon', 'add-one', 'exponential'];

/*
 * Expected numbers below came from NLTK 3.8 (python3-nltk 3.8-1, Python 3.11), with
 *   from nltk.translate.bleu_score import corpus_bleu, sentence_bleu, SmoothingFunction
 *   sf = SmoothingFunction(); methods = {'none': None, 'epsilon': sf.method1,
 *     'add-one': sf.method2, 'exponential': sf.method3}
 *   corpus_bleu([[r.split() for r in refs] for refs in references], [h.split() for h in hypotheses],
 *     weights=weights, smoothing_function=methods[smoothing])
 *   sentence_bleu([r.split() for r in refs], hypothesis.split(), weights=..., smoothing_function=...)
 * (token lists passed as they are for the numeric cases; weights (0.25,) * 4 unless stated).
 * Where NLTK without smoothing gives a tiny positive number for an order without a match
 * (it takes log(sys.float_info.min)), corpusBleu returns exactly 0; NLTK's value is noted.
 */

describe('corpusBleu', () => {
  it('reproduces the golden corpus example (NLTK docs) to 1e-9', () => {
    const golden = readGolden(new URL('../test/fixtures/bleu.json', import.meta.url));
    const cases = golden.expected.cases as Array<{
      hypotheses: string[];
      references: string[][];
      bleu: number;
    }>;
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(Math.abs(corpusBleu(c.hypotheses, c.references) - c.bleu)).toBeLessThan(
        golden.tolerance,
      );
    }
  });

  const gh = [
    'It is a guide to action which ensures that the military always obeys the commands of the party',
    'he read the book because he was interested in world history',
  ];
  const gr = [
    [
      'It is a guide to action that ensures that the military will forever heed Party commands',
      'It is the guiding principle which guarantees the military forces always being under the command of the Party',
      'It is the practical guide for the army always to heed the directions of the party',
    ],
    ['he was interested in world history because he read the book'],
  ];

  it.each([
    ['none', 0.5920778868801042],
    ['epsilon', 0.5920778868801042],
    ['add-one', 0.6108780048582715],
    ['exponential', 0.5920778868801042],
  ] as const)('golden corpus with smoothing %s (NLTK 3.8)', (smoothing, expected) => {
    expectClose(corpusBleu(gh, gr, { smoothing }), expected);
  });

  it('custom weights, and maxOrder taken from the weights (NLTK 3.8)', () => {
    // corpus_bleu(..., weights=(0.4, 0.3, 0.2, 0.1))
    expectClose(corpusBleu(gh, gr, { weights: [0.4, 0.3, 0.2, 0.1] }), 0.700580182643915);
    // corpus_bleu(..., weights=(1/3, 1/3, 1/3))
    expectClose(corpusBleu(gh, gr, { maxOrder: 3 }), 0.7069430098960677);
    expectClose(corpusBleu(gh, gr, { weights: [1 / 3, 1 / 3, 1 / 3] }), 0.7069430098960677);
  });

  it.each([
    ['none', 0.5810512313505661],
    ['epsilon', 0.5810512313505661],
    ['add-one', 0.6602016619703006],
    ['exponential', 0.5810512313505661],
  ] as const)('the TSDoc example with smoothing %s (NLTK 3.8)', (smoothing, expected) => {
    const hypotheses = ['the cat sat on the mat', 'a dog barked'];
    const references = [
      ['the cat sat on a mat', 'there is a cat on the mat'],
      ['a dog barked loudly'],
    ];
    expectClose(corpusBleu(hypotheses, references, { smoothing }), expected);
  });

  it.each([
    // NLTK without smoothing: 6.439988060393651e-155
    ['none', 0],
    ['epsilon', 0.09653790029387353],
    ['add-one', 0.26784707204785374],
    ['exponential', 0.18152036322260334],
  ] as const)('hypotheses shorter than n, smoothing %s (NLTK 3.8)', (smoothing, expected) => {
    // Each sentence adds at least 1 to every order's denominator, as NLTK does.
    const result = corpusBleu(['the cat', 'a'], [['the cat sat'], ['a dog']], { smoothing });
    expectClose(result, expected);
  });

  it.each([
    ['none', 0.8408964152537145],
    ['epsilon', 0.8408964152537145],
    ['add-one', 0.8694417438899827],
    ['exponential', 0.8408964152537145],
  ] as const)('numeric token ids, smoothing %s (NLTK 3.8)', (smoothing, expected) => {
    const hypotheses = [
      [1, 2, 3, 4, 5, 6, 7],
      [10, 11, 12],
    ];
    const references = [
      [
        [1, 2, 3, 4, 6, 7],
        [2, 3, 4, 5, 6],
      ],
      [[10, 11, 12, 13]],
    ];
    expectClose(corpusBleu(hypotheses, references, { smoothing }), expected);
  });

  it('an empty hypothesis counts 0 tokens and 1 n-gram per order (NLTK 3.8)', () => {
    // corpus_bleu([[['x']], [['a', 'b']]], [[], ['a', 'b']], weights=(0.5, 0.5))
    expectClose(
      corpusBleu(['', 'a b'], [['x'], ['a b']], { weights: [0.5, 0.5] }),
      0.3501806396568502,
    );
    expect(corpusBleu(['   '], [['x']])).toBe(0);
    expect(corpusBleu([], [])).toBe(0);
  });

  it('accepts token arrays and strings alike', () => {
    const asText = corpusBleu(gh, gr);
    const asTokens = corpusBleu(
      gh.map((h) => h.split(' ')),
      gr.map((refs) => refs.map((r) => r.split(' '))),
    );
    expect(asTokens).toBe(asText);
    expect(corpusBleu(['  a \n b\tc d  '], [['a b c d']])).toBe(1);
  });

  it('a hypothesis longer than every reference has no brevity penalty (NLTK 3.8)', () => {
    expect(sentenceBleu('a b c d e f g h', ['a b c d'], { weights: [1] })).toBe(0.5);
  });

  it('rejects bad input with SeqError', () => {
    expect(() => corpusBleu(['a', 'b'], [['a']])).toThrow(
      /corpusBleu: `references` must be one array of references per hypothesis \(2\); received/,
    );
    expect(() => corpusBleu('a' as unknown as string[], [['a']])).toThrow(
      /corpusBleu: `hypotheses` must be an array of sentences/,
    );
    expect(() => corpusBleu(['a', 'b'], [['a'], []])).toThrow(
      /corpusBleu: `references\[1\]` must be a non-empty array of references; received \[\]/,
    );
    expect(() => corpusBleu(['a'], [[{} as unknown as string]])).toThrow(
      /`references\[0\]\[0\]` must be a string or an array of string or number tokens/,
    );
    expect(() => corpusBleu([[1, Number.NaN]], [['a']])).toThrow(
      /`hypotheses\[0\]` must be a string/,
    );
    expect(() => corpusBleu(['a'], [['a']], { maxOrder: 0 })).toThrow(
      /corpusBleu: `maxOrder` must be a positive integer; received 0/,
    );
    expect(() => corpusBleu(['a'], [['a']], { maxOrder: 4, weights: [0.5, 0.5] })).toThrow(
      /corpusBleu: `weights` must be an array of 4 weights, one per n-gram order up to maxOrder; received \[0\.5, 0\.5\]/,
    );
    expect(() => corpusBleu(['a'], [['a']], { weights: [0.5, -0.5, 1] })).toThrow(
      /`weights` must be non-negative finite numbers with a positive sum; received \[0\.5, -0\.5, 1\]/,
    );
    expect(() => corpusBleu(['a'], [['a']], { weights: [0, 0] })).toThrow(
      /`weights` must be non-negative finite numbers with a positive sum/,
    );
    expect(() =>
      corpusBleu(['a'], [['a']], { smoothing: 'floor' as unknown as BleuSmoothing }),
    ).toThrow(
      /corpusBleu: `smoothing` must be one of "none", "epsilon", "add-one", "exponential"; received "floor"/,
    );
  });
});

describe('sentenceBleu', () => {
  it('the TSDoc example (NLTK 3.8)', () => {
    expectClose(
      sentenceBleu('the cat sat on the mat', ['the cat sat on a mat']),
      0.537284965911771,
    );
  });

  it.each([
    // NLTK without smoothing: 7.380245217279165e-78
    ['none', 0],
    ['epsilon', 0.28574404296988],
    ['add-one', 0.5318295896944989],
    ['exponential', 0.42728700639623407],
  ] as const)('no 3- or 4-gram match, smoothing %s (NLTK 3.8)', (smoothing, expected) => {
    const refs = ['the quick brown dog leaps over', 'a quick brown fox jumps'];
    expectClose(sentenceBleu('the quick brown cat jumps', refs, { smoothing }), expected);
  });

  it('weights: fewer orders, zero weights skip an order, unnormalised weights (NLTK 3.8)', () => {
    const refs = ['the quick brown dog leaps over', 'a quick brown fox jumps'];
    const hyp = 'the quick brown cat jumps';
    expectClose(sentenceBleu(hyp, refs, { weights: [0.5, 0.5] }), 0.6324555320336759);
    expectClose(sentenceBleu(hyp, refs, { maxOrder: 2 }), 0.6324555320336759);
    expectClose(sentenceBleu(hyp, refs, { weights: [0.5, 0.5, 0, 0] }), 0.6324555320336759);
    expectClose(sentenceBleu(hyp, refs, { weights: [1, 1] }), 0.4);
  });

  it.each(SMOOTHINGS)('no unigram match gives 0 whatever the smoothing (%s)', (smoothing) => {
    expect(sentenceBleu('foo bar baz qux', ['the cat sat on the mat'], { smoothing })).toBe(0);
  });

  it('brevity penalty: closest reference length, the shorter on a tie (NLTK 3.8)', () => {
    // references of length 8 and 4 are both 2 away from 6: r = 4, so no penalty
    expect(sentenceBleu('a b c d e f', ['a b c d e f g h', 'a b c d'], { weights: [1] })).toBe(1);
    // c = 3 < r = 6: exp(1 - 6/3)
    expectClose(sentenceBleu('a b c', ['a b c d e f'], { weights: [1] }), 0.36787944117144233);
  });

  it('a number token never matches a string token (NLTK 3.8)', () => {
    const refs: BleuSentence[] = [[1, 2, 3, 4]];
    expectClose(sentenceBleu(['1', 2, 3, 4], refs, { smoothing: 'epsilon' }), 0.3976353643835253);
    expect(sentenceBleu([1, 2, 3, 4], refs)).toBe(1);
  });

  it('is corpusBleu of a one-sentence corpus', () => {
    const refs = ['the cat is on the mat', 'there is a cat on the mat'];
    for (const smoothing of SMOOTHINGS) {
      expect(sentenceBleu('the cat the cat on the mat', refs, { smoothing })).toBe(
        corpusBleu(['the cat the cat on the mat'], [refs], { smoothing }),
      );
    }
  });

  it('rejects an empty reference list', () => {
    expect(() => sentenceBleu('a', [])).toThrow(
      /sentenceBleu: `references` must be a non-empty array of references; received \[\]/,
    );
    expect(() => sentenceBleu('a', ['a'], { maxOrder: 1.5 })).toThrow(
      /sentenceBleu: `maxOrder` must be a positive integer; received 1\.5/,
    );
  });
});
