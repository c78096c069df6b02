import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BytePairModel,
  compareByCodePoint,
  countChunks,
  learnBytePairMerges,
} from './byte-pair-trainer.js';
import { preTokenize } from './pre-tokenize.js';

/** Sennrich et al.'s example: word counts, no spaces. */
const WORDS = new Map([
  ['low', 5],
  ['lower', 2],
  ['newest', 6],
  ['widest', 3],
]);

/**
 * The slow, obvious trainer: recount every pair after every merge. Same alphabet, same order and
 * ties as learnBytePairMerges, which must agree with it exactly.
 */
function referenceMerges(
  chunks: ReadonlyMap<string, number>,
  maxTokens: number,
  minFrequency: number,
  maxTokenLength = Infinity,
): BytePairModel {
  const charCounts = new Map<string, number>();
  for (const [chunk, count] of chunks) {
    for (const c of chunk) charCounts.set(c, (charCounts.get(c) ?? 0) + count);
  }
  const alphabet = [...charCounts]
    .filter(([, n]) => n >= minFrequency)
    .sort((a, b) => b[1] - a[1] || compareByCodePoint(a[0], b[0]))
    .slice(0, maxTokens)
    .map(([c]) => c);
  const known = new Set(alphabet);
  const words: Array<{ symbols: string[]; count: number }> = [];
  for (const [chunk, count] of chunks) {
    let symbols: string[] = [];
    for (const c of chunk) {
      if (known.has(c)) {
        symbols.push(c);
      } else {
        words.push({ symbols, count });
        symbols = [];
      }
    }
    words.push({ symbols, count });
  }
  const taken = new Set(alphabet);
  const merges: Array<[string, string]> = [];
  const ids = new Map(alphabet.map((token, id) => [token, id])); // learning order
  const order = (s: string) => ids.get(s) ?? -1;
  const length = (s: string) => [...s].length;
  while (alphabet.length + merges.length < maxTokens) {
    const counts = new Map<string, { pair: [string, string]; count: number; order: number }>();
    for (const { symbols, count } of words) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const pair: [string, string] = [symbols[i] as string, symbols[i + 1] as string];
        const key = `${pair[0]}\u0000${pair[1]}`;
        const entry = counts.get(key) ?? { pair, count: 0, order: 0 };
        entry.count += count;
        entry.order = order(pair[0]) * 1e6 + order(pair[1]);
        counts.set(key, entry);
      }
    }
    const candidates = [...counts.values()]
      .filter(({ pair: [a, b] }) => !taken.has(a + b) && length(a + b) <= maxTokenLength)
      .sort(
        (x, y) =>
          y.count - x.count ||
          compareByCodePoint(x.pair.join(''), y.pair.join('')) ||
          x.order - y.order,
      );
    const best = candidates[0];
    if (best === undefined || best.count < minFrequency) break;
    const [a, b] = best.pair;
    merges.push([a, b]);
    ids.set(a + b, alphabet.length + merges.length - 1);
    taken.add(a + b);
    for (const word of words) {
      const out: string[] = [];
      for (let i = 0; i < word.symbols.length; i++) {
        if (word.symbols[i] === a && word.symbols[i + 1] === b && i + 1 < word.symbols.length) {
          out.push(a + b);
          i++;
        } else {
          out.push(word.symbols[i] as string);
        }
      }
      word.symbols = out;
    }
  }
  return { alphabet, merges };
}

describe('learnBytePairMerges', () => {
  it('learns the merges worked out by hand for low/lower/newest/widest', () => {
    // Pair counts at the start: es 9, st 9, we 8, lo 7, ow 7, ne 6, ew 6, wi 3, id 3, de 3, er 2.
    // es and st tie at 9: "es" < "st". Then est (9); lo and ow tie at 7: "lo"; then low (7);
    // ew, ne and w+est tie at 6: "ew" < "ne" < "west"; then ew+est ("ewest" < "new"); n+ewest;
    // d+est, i+d and w+i tie at 3: "dest"; then i+dest ("idest" < "wi"), w+idest; at 2,
    // "er" < "lowe": e+r, then low+er.
    const model = learnBytePairMerges(WORDS, { maxTokens: 100 });
    expect(model.alphabet).toEqual(['e', 'w', 's', 't', 'l', 'o', 'n', 'd', 'i', 'r']);
    expect(model.merges).toEqual([
      ['e', 's'],
      ['es', 't'],
      ['l', 'o'],
      ['lo', 'w'],
      ['e', 'w'],
      ['ew', 'est'],
      ['n', 'ewest'],
      ['d', 'est'],
      ['i', 'dest'],
      ['w', 'idest'],
      ['e', 'r'],
      ['low', 'er'],
    ]);
  });

  it('stops at maxTokens, counting the alphabet, and keeps the most frequent characters', () => {
    expect(learnBytePairMerges(WORDS, { maxTokens: 12 }).merges).toEqual([
      ['e', 's'],
      ['es', 't'],
    ]);
    expect(learnBytePairMerges(WORDS, { maxTokens: 3 })).toEqual({
      alphabet: ['e', 'w', 's'],
      merges: [],
    });
  });

  it('leaves out characters and pairs seen fewer than minFrequency times', () => {
    const model = learnBytePairMerges(WORDS, { maxTokens: 100, minFrequency: 3 });
    expect(model.alphabet).not.toContain('r');
    expect(model.merges).toHaveLength(10);
    expect(model.merges.at(-1)).toEqual(['w', 'idest']);
  });

  it('never learns a token longer than maxTokenLength', () => {
    const model = learnBytePairMerges(WORDS, { maxTokens: 100, maxTokenLength: 3 });
    expect(model.merges).toEqual([
      ['e', 's'],
      ['es', 't'],
      ['l', 'o'],
      ['lo', 'w'],
      ['e', 'w'],
      ['n', 'ew'],
      ['i', 'd'],
      ['w', 'id'],
      ['e', 'r'],
    ]);
    expect(learnBytePairMerges(WORDS, { maxTokens: 100, maxTokenLength: 1 }).merges).toEqual([]);
  });

  it('never learns a reserved string or a token it already has', () => {
    const model = learnBytePairMerges(WORDS, { maxTokens: 100, reserved: ['es', 'w'] });
    expect(model.alphabet).not.toContain('w');
    expect(model.merges.map(([a, b]) => a + b)).not.toContain('es');
    // "abc" from a+b then ab+c: a+bc would make it again and is skipped.
    const abc = learnBytePairMerges(
      new Map([
        ['ab', 3],
        ['abc', 2],
        ['bc', 2],
        ['xbc', 2],
      ]),
      { maxTokens: 100 },
    );
    const merged = abc.merges.map(([a, b]) => a + b);
    expect(new Set(merged).size).toBe(merged.length);
  });

  it('splits chunks at characters outside the alphabet: no merge crosses them', () => {
    const model = learnBytePairMerges(
      new Map([
        ['ab', 2],
        ['bqa', 5],
      ]),
      { maxTokens: 100 },
    );
    expect(model.alphabet).toEqual(['a', 'b', 'q']);
    const rare = learnBytePairMerges(new Map([['aqb', 5]]), { maxTokens: 100, reserved: ['q'] });
    expect(rare.merges).toEqual([]);
  });

  it('agrees with the brute-force trainer on random corpora', () => {
    const corpus = fc.array(
      fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', ' ', '한'), maxLength: 12 }),
      {
        minLength: 1,
        maxLength: 12,
      },
    );
    fc.assert(
      fc.property(
        corpus,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 3 }),
        fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        (texts, maxTokens, minFrequency, maxTokenLength) => {
          const chunks = countChunks(texts, (t) => t, preTokenize);
          expect(learnBytePairMerges(chunks, { maxTokens, minFrequency, maxTokenLength })).toEqual(
            referenceMerges(chunks, maxTokens, minFrequency, maxTokenLength),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('learnBytePairMerges on long chunks', () => {
  // Long runs of letters with no spaces (one chunk each), with many overlapping and repeated pairs:
  // the linked-list merge must update counts exactly as rewriting the whole word did.
  const piece = fc.constantFrom('a', 'b', 'c', 'aa', 'ab', 'aab', 'abc', 'ba', '한', 'aaaa');
  const long = fc.array(piece, { minLength: 40, maxLength: 600 }).map((pieces) => pieces.join(''));

  it('agrees with the brute-force trainer', () => {
    fc.assert(
      fc.property(
        fc.array(long, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 5, max: 40 }),
        fc.integer({ min: 1, max: 3 }),
        fc.option(fc.integer({ min: 2, max: 8 }), { nil: undefined }),
        (texts, copies, maxTokens, minFrequency, maxTokenLength) => {
          const corpus = texts.flatMap((text, i) => Array<string>(i === 0 ? copies : 1).fill(text));
          const chunks = countChunks(corpus, (t) => t, preTokenize);
          expect(learnBytePairMerges(chunks, { maxTokens, minFrequency, maxTokenLength })).toEqual(
            referenceMerges(chunks, maxTokens, minFrequency, maxTokenLength),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('agrees with the brute-force trainer at many merges', () => {
    fc.assert(
      fc.property(
        fc.array(long, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 50, max: 400 }),
        fc.option(fc.integer({ min: 2, max: 30 }), { nil: undefined }),
        (texts, maxTokens, maxTokenLength) => {
          const chunks = countChunks([...texts, texts[0] as string], (t) => t, preTokenize);
          expect(learnBytePairMerges(chunks, { maxTokens, maxTokenLength })).toEqual(
            referenceMerges(chunks, maxTokens, 2, maxTokenLength),
          );
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('learnBytePairMerges TSDoc example', () => {
  it('gives what the example says', () => {
    expect(
      learnBytePairMerges(
        new Map([
          ['low', 5],
          [' lower', 2],
        ]),
        { maxTokens: 12 },
      ),
    ).toEqual({
      alphabet: ['l', 'o', 'w', ' ', 'e', 'r'],
      merges: [
        ['l', 'o'],
        ['lo', 'w'],
        [' ', 'low'],
        [' low', 'e'],
        [' lowe', 'r'],
      ],
    });
  });
});

describe('compareByCodePoint', () => {
  it('orders by code point, not UTF-16 unit', () => {
    expect(compareByCodePoint('\u{1F600}', '\uFFFD')).toBeGreaterThan(0);
    expect('\u{1F600}' < '\uFFFD').toBe(true); // what plain comparison gets wrong
    expect(compareByCodePoint('ab', 'abc')).toBeLessThan(0);
    expect(compareByCodePoint('가', '가')).toBe(0);
    expect(compareByCodePoint('b', 'a')).toBeGreaterThan(0);
  });
});

describe('countChunks', () => {
  it('counts the chunks of every text after normalising it', () => {
    expect(countChunks(['a b', 'A b'], (t) => t.toLowerCase(), preTokenize)).toEqual(
      new Map([
        ['a', 2],
        [' b', 2],
      ]),
    );
  });
});
