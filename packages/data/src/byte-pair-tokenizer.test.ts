import { SeqError } from '@seq/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BytePairTokenizer } from './byte-pair-tokenizer.js';

/** Sennrich et al.'s example, one word per text (so no chunk has a space). */
const WORDS = [
  ...Array<string>(5).fill('low'),
  ...Array<string>(2).fill('lower'),
  ...Array<string>(6).fill('newest'),
  ...Array<string>(3).fill('widest'),
];

const KOREAN = [
  '아 더빙.. 진짜 짜증나네요 목소리',
  '흠...포스터보고 초딩영화줄....오버연기조차 가볍지 않구나',
  '너무재밓었다그래서보는것을추천한다',
  '교도소 이야기구먼 ..솔직히 재미는 없다..평점 조정',
  '진짜 재밌네요 👍🏽👍🏽 최고예요!!',
  'The movie was great, 진짜 great. 10/10 😂😂',
  'Café déjà vu — naïve coöperation\tend\n',
];

const korean = BytePairTokenizer.train([...KOREAN, ...KOREAN], { vocabularySize: 420 });

/**
 * The tokens of one pre-tokenized chunk, the slow way (BytePairTokenizer's first algorithm): runs
 * of alphabet characters, each merged round by round: find the lowest-ranked pair, merge it
 * everywhere left to right, rescan. Characters outside the alphabet become byte tokens.
 */
function slowTokenize(tokenizer: BytePairTokenizer, chunk: string): string[] {
  const alphabet = new Set(tokenizer.getAlphabet());
  const ranks = new Map(tokenizer.getMerges().map(([a, b], rank) => [`${a}\u0000${b}`, rank]));
  const tokens: string[] = [];
  const mergeRun = (run: string[]) => {
    let word = run;
    for (;;) {
      let best = Infinity;
      for (let i = 0; i + 1 < word.length; i++) {
        best = Math.min(best, ranks.get(`${word[i]}\u0000${word[i + 1]}`) ?? Infinity);
      }
      if (best === Infinity) break;
      const [a, b] = tokenizer.getMerges()[best] as [string, string];
      const merged: string[] = [];
      for (let i = 0; i < word.length; i++) {
        if (word[i] === a && word[i + 1] === b && i + 1 < word.length) {
          merged.push(a + b);
          i++;
        } else {
          merged.push(word[i] as string);
        }
      }
      word = merged;
    }
    tokens.push(...word);
  };
  let run: string[] = [];
  for (const char of chunk) {
    if (alphabet.has(char)) {
      run.push(char);
      continue;
    }
    mergeRun(run);
    run = [];
    tokens.push(...tokenizer.tokenize(char));
  }
  mergeRun(run);
  return tokens;
}

/** Id of a byte token for a tokenizer with the four default special tokens. */
const byteId = (byte: number) => 4 + byte;

describe('BytePairTokenizer', () => {
  const tokenizer = BytePairTokenizer.train(WORDS, { vocabularySize: 1000 });

  it('builds the vocabulary: specials, 256 bytes, alphabet by frequency, merges in order', () => {
    const vocabulary = tokenizer.getVocabulary();
    expect(vocabulary.slice(0, 4)).toEqual(['[PAD]', '[UNK]', '[START]', '[END]']);
    expect(vocabulary.slice(4, 6)).toEqual(['<0x00>', '<0x01>']);
    expect(vocabulary[4 + 0xff]).toBe('<0xFF>');
    expect(vocabulary.slice(260, 270)).toEqual(['e', 'w', 's', 't', 'l', 'o', 'n', 'd', 'i', 'r']);
    // See byte-pair-trainer.test.ts for how these merges are worked out.
    expect(vocabulary.slice(270)).toEqual([
      'es',
      'est',
      'lo',
      'low',
      'ew',
      'ewest',
      'newest',
      'dest',
      'idest',
      'widest',
      'er',
      'lower',
    ]);
    expect(tokenizer.vocabularySize).toBe(282);
    expect(tokenizer.getMerges()[0]).toEqual(['e', 's']);
    expect([tokenizer.padId, tokenizer.unknownId, tokenizer.startId, tokenizer.endId]).toEqual([
      0, 1, 2, 3,
    ]);
  });

  it('encodes by merge rank, lowest first', () => {
    expect(tokenizer.encode('lowest')).toEqual([273, 271]);
    expect(tokenizer.tokenize('lowest')).toEqual(['low', 'est']);
    expect(tokenizer.tokenize('newer')).toEqual(['n', 'ew', 'er']);
    expect(tokenizer.tokenize('widest lower')).toEqual(['widest', '<0x20>', 'lower']);
    // ' wider' is one chunk; the space is not in the alphabet and is written as a byte.
    expect(tokenizer.tokenize(' wider')).toEqual(['<0x20>', 'w', 'i', 'd', 'er']);
    expect(tokenizer.encode('')).toEqual([]);
  });

  it('writes characters outside the alphabet as UTF-8 byte tokens and decodes them back', () => {
    expect(tokenizer.tokenize('é')).toEqual(['<0xC3>', '<0xA9>']);
    expect(tokenizer.encode('low가')).toEqual([273, byteId(0xea), byteId(0xb0), byteId(0x80)]);
    expect(tokenizer.decode(tokenizer.encode('low가!'))).toBe('low가!');
    expect(tokenizer.encode('👍🏽').every((id) => id >= 4 && id < 260)).toBe(true);
    expect(tokenizer.encode('👍🏽')).toHaveLength(8);
    expect(tokenizer.decode(tokenizer.encode('👍🏽'))).toBe('👍🏽');
  });

  it('round-trips Korean, emoji, mixed scripts, tabs, newlines and runs of spaces', () => {
    for (const text of [
      ...KOREAN,
      '아 더빙.. 진짜 짜증나네요 목소리',
      '👍🏽 👨‍👩‍👧 🇰🇷',
      'mixed 漢字 かな русский العربية हिन्दी',
      '  two  spaces\t\ttabs\n\nnewlines   ',
      '',
      ' ',
    ]) {
      expect(korean.decode(korean.encode(text))).toBe(text);
    }
  });

  it('keeps Hangul syllables and emoji code points whole and learns Korean subwords', () => {
    expect(korean.getAlphabet()).toContain('짜');
    expect(korean.getAlphabet()).toContain('👍');
    expect(korean.tokenize('진짜')).toEqual(['진짜']);
    expect(korean.tokenize(' 진짜')).toEqual([' 진짜']);
    expect(korean.tokenize(' 👍🏽👍🏽')).toEqual([' ', '👍🏽', '👍🏽']);
  });

  it('never produces the unknown id and counts ids below vocabularySize', () => {
    const ids = korean.encode('처음 보는 글자: 鬱, ☃, \u0000');
    expect(ids).not.toContain(korean.unknownId);
    expect(Math.max(...ids)).toBeLessThan(korean.vocabularySize);
  });

  it('normalises: NFC by default, NFKC or none when asked, lone surrogates to U+FFFD', () => {
    const jamo = '\u1112\u1161\u11AB'; // 한 as three conjoining jamo
    expect(korean.normalize(jamo)).toBe('한');
    expect(korean.decode(korean.encode(jamo))).toBe('한');
    expect(korean.normalize('a\uD800b\uDFFF')).toBe('a\uFFFDb\uFFFD');
    const nfkc = BytePairTokenizer.train('Ａ Ａ', { vocabularySize: 300, normalization: 'NFKC' });
    expect(nfkc.normalize('Ａﬁ')).toBe('Afi');
    expect(nfkc.getAlphabet()).toContain('A');
    const none = BytePairTokenizer.train(jamo, {
      vocabularySize: 300,
      normalization: 'none',
      minFrequency: 1,
    });
    expect(none.decode(none.encode(jamo))).toBe(jamo);
    expect(none.normalization).toBe('none');
  });

  it('decodes special tokens and invalid bytes without throwing', () => {
    const low = 273;
    expect(tokenizer.decode([2, low, 0, 1, 3])).toBe('low[UNK]');
    expect(tokenizer.decode([2, low, 0, 3], { skipSpecialTokens: false })).toBe(
      '[START]low[PAD][END]',
    );
    expect(tokenizer.decode([byteId(0xff)])).toBe('\uFFFD');
    expect(tokenizer.decode([byteId(0xea), byteId(0xb0), low])).toBe('\uFFFDlow');
    expect(tokenizer.decode([byteId(0xef), byteId(0xbb), byteId(0xbf)])).toBe('\uFEFF');
  });

  it('takes custom special tokens and leaves out start and end', () => {
    const custom = BytePairTokenizer.train(WORDS, {
      vocabularySize: 300,
      specialTokens: { pad: '<pad>', unknown: '<unk>', start: null, end: '</s>' },
    });
    expect(custom.getVocabulary().slice(0, 4)).toEqual(['<pad>', '<unk>', '</s>', '<0x00>']);
    expect(custom.endId).toBe(2);
    expect(custom.startId).toBeUndefined();
    // A special token the merges could spell is never learned as a merge.
    const spelled = BytePairTokenizer.train(WORDS, {
      vocabularySize: 300,
      specialTokens: { end: 'es' },
    });
    expect(spelled.getMerges()[0]).toEqual(['s', 't']);
    expect(spelled.decode(spelled.encode('newest'))).toBe('newest');
  });

  it('keeps the most frequent characters when vocabularySize is smaller than the alphabet', () => {
    const small = BytePairTokenizer.train(WORDS, { vocabularySize: 263 });
    expect(small.getAlphabet()).toEqual(['e', 'w', 's']);
    expect(small.getMerges()).toEqual([]);
    expect(small.tokenize('lowest')).toEqual(['<0x6C>', '<0x6F>', 'w', 'e', 's', '<0x74>']);
    expect(small.decode(small.encode('lowest'))).toBe('lowest');
  });

  it('honours minFrequency and maxTokenLength', () => {
    const rare = BytePairTokenizer.train(WORDS, { vocabularySize: 1000, minFrequency: 3 });
    expect(rare.getAlphabet()).not.toContain('r');
    expect(rare.getMerges()).toHaveLength(10);
    const short = BytePairTokenizer.train(WORDS, { vocabularySize: 1000, maxTokenLength: 3 });
    expect(Math.max(...short.getMerges().map(([a, b]) => [...(a + b)].length))).toBe(3);
  });

  it('rejects bad training input with a message naming the argument', () => {
    const train = (corpus: unknown, options: unknown) =>
      BytePairTokenizer.train(corpus as string[], options as { vocabularySize: number });
    expect(() => train([], { vocabularySize: 300 })).toThrow(
      'BytePairTokenizer.train: `corpus` must be a corpus with at least one non-empty text; received no texts.',
    );
    expect(() => train(['', ''], { vocabularySize: 300 })).toThrow('received 2 empty texts.');
    expect(() => train(['a', 7], { vocabularySize: 300 })).toThrow(
      'BytePairTokenizer.train: `corpus[1]` must be a string; received 7.',
    );
    expect(() => train(42, { vocabularySize: 300 })).toThrow(
      '`corpus` must be a string or an array of strings; received 42.',
    );
    expect(() => train(WORDS, { vocabularySize: 100 })).toThrow(
      'BytePairTokenizer.train: `vocabularySize` must be an integer >= 261 (4 special tokens, 256 byte tokens and 1 character); received 100.',
    );
    expect(() =>
      train(WORDS, { vocabularySize: 258, specialTokens: { start: null, end: null } }),
    ).toThrow('`vocabularySize` must be an integer >= 259 (2 special tokens');
    expect(() => train(WORDS, { vocabularySize: 300.5 })).toThrow('received 300.5.');
    expect(() => train(WORDS, { vocabularySize: 300, minFrequency: 0 })).toThrow(
      'BytePairTokenizer.train: `minFrequency` must be a positive integer; received 0.',
    );
    expect(() => train(WORDS, { vocabularySize: 300, maxTokenLength: 0 })).toThrow(
      'BytePairTokenizer.train: `maxTokenLength` must be a positive integer; received 0.',
    );
    expect(() => train(WORDS, { vocabularySize: 300, normalization: 'NFD' })).toThrow(
      'BytePairTokenizer.train: `normalization` must be one of "NFC", "NFKC", "none"; received "NFD".',
    );
    expect(() => train(WORDS, null)).toThrow(
      'BytePairTokenizer.train: `options` must be an object; received null.',
    );
    expect(() => train(WORDS, { vocabularySize: 300, specialTokens: { pad: '<0x00>' } })).toThrow(
      '`specialTokens.pad` must be a string other than the byte tokens <0x00>..<0xFF>; received "<0x00>".',
    );
    expect(() => train(WORDS, { vocabularySize: 300, specialTokens: { pad: '' } })).toThrow(
      SeqError,
    );
  });

  it('rejects a non-string text and ids outside the vocabulary', () => {
    expect(() => tokenizer.encode(5 as unknown as string)).toThrow(
      'BytePairTokenizer.encode: `text` must be a string; received 5.',
    );
    expect(() => tokenizer.tokenize(null as unknown as string)).toThrow(
      'BytePairTokenizer.tokenize: `text`',
    );
    expect(() => tokenizer.normalize([] as unknown as string)).toThrow(
      'BytePairTokenizer.normalize: `text`',
    );
    expect(() => tokenizer.decode([273, 282])).toThrow(
      'BytePairTokenizer.decode: `ids[1]` must be an integer id in [0, 282); received 282.',
    );
    expect(() => tokenizer.decode([1.5])).toThrow('received 1.5.');
    expect(() => tokenizer.idToToken(-1)).toThrow('BytePairTokenizer.idToToken: `id`');
    expect(tokenizer.idToToken(273)).toBe('low');
    expect(tokenizer.tokenToId('low')).toBe(273);
    expect(tokenizer.tokenToId('nope')).toBeUndefined();
  });
});

describe('BytePairTokenizer TSDoc example', () => {
  it('round-trips an unseen emoji through byte tokens', () => {
    const tokenizer = BytePairTokenizer.train(['low lower lowest', 'newer wider'], {
      vocabularySize: 300,
    });
    const ids = tokenizer.encode('lowest 👍');
    expect(tokenizer.decode(ids)).toBe('lowest 👍');
    expect(tokenizer.tokenize('👍')).toEqual(['<0xF0>', '<0x9F>', '<0x91>', '<0x8D>']);
    const copy = BytePairTokenizer.fromJSON(JSON.parse(JSON.stringify(tokenizer)));
    expect(copy.encode('lowest 👍')).toEqual(ids);
  });
});

describe('BytePairTokenizer constructor', () => {
  it('builds from an alphabet and merges', () => {
    const tokenizer = new BytePairTokenizer({
      alphabet: ['a', 'b', '가'],
      merges: [
        ['a', 'b'],
        ['ab', '가'],
      ],
      specialTokens: { start: null, end: null },
    });
    expect(tokenizer.getVocabulary().slice(258)).toEqual(['a', 'b', '가', 'ab', 'ab가']);
    expect(tokenizer.tokenize('abab가c')).toEqual(['ab', 'ab가', '<0x63>']);
    expect(tokenizer.normalization).toBe('NFC');
  });

  it('rejects a bad alphabet or merge, naming it', () => {
    const make = (options: unknown) =>
      new BytePairTokenizer(options as ConstructorParameters<typeof BytePairTokenizer>[0]);
    expect(() => make(undefined)).toThrow('BytePairTokenizer: `options` must be an object');
    expect(() => make({ alphabet: 'ab', merges: [] })).toThrow(
      'BytePairTokenizer: `alphabet` must be an array of characters; received "ab".',
    );
    expect(() => make({ alphabet: ['a', 'bc'], merges: [] })).toThrow(
      'BytePairTokenizer: `alphabet[1]` must be a string of one code point (not a lone surrogate); received "bc".',
    );
    expect(() => make({ alphabet: ['\uD800'], merges: [] })).toThrow(
      '`alphabet[0]` must be a string of one code point',
    );
    expect(() => make({ alphabet: ['a', 'a'], merges: [] })).toThrow(
      '`alphabet[1]` must be a character not already in the alphabet and not a special token; received "a".',
    );
    expect(() => make({ alphabet: ['a'], merges: [], specialTokens: { pad: 'a' } })).toThrow(
      '`alphabet[0]`',
    );
    expect(() => make({ alphabet: ['a'], merges: {} })).toThrow(
      '`merges` must be an array of [left, right] token pairs',
    );
    expect(() => make({ alphabet: ['a'], merges: [['a']] })).toThrow(
      'BytePairTokenizer: `merges[0]` must be a [left, right] pair of tokens; received ["a"].',
    );
    expect(() => make({ alphabet: ['a'], merges: [['a', 'q']] })).toThrow(
      'BytePairTokenizer: `merges[0][1]` must be a token of the alphabet or of an earlier merge; received "q".',
    );
    expect(() =>
      make({
        alphabet: ['a', 'b', 'c'],
        merges: [
          ['a', 'b'],
          ['b', 'c'],
          ['ab', 'c'],
          ['a', 'bc'],
        ],
      }),
    ).toThrow('`merges[3]` must be a pair whose merged token is new');
    expect(() => make({ alphabet: [], merges: [], normalization: 'NFD' })).toThrow(
      'BytePairTokenizer: `normalization` must be one of "NFC", "NFKC", "none"; received "NFD".',
    );
  });
});

describe('BytePairTokenizer JSON', () => {
  it('round-trips through JSON: same vocabulary, same encodings', () => {
    const json = JSON.parse(JSON.stringify(korean));
    expect(json.type).toBe('bpe');
    expect(json.version).toBe(1);
    const copy = BytePairTokenizer.fromJSON(json);
    expect(copy.getVocabulary()).toEqual(korean.getVocabulary());
    expect(copy.toJSON()).toEqual(korean.toJSON());
    for (const text of KOREAN) expect(copy.encode(text)).toEqual(korean.encode(text));
  });

  it('rejects a bad saved form, naming the field', () => {
    const good = korean.toJSON();
    const load = (json: unknown) => () => BytePairTokenizer.fromJSON(json);
    expect(load(null)).toThrow(
      'BytePairTokenizer.fromJSON: `json` must be an object saved by BytePairTokenizer.toJSON; received null.',
    );
    expect(load({ ...good, type: 'char' })).toThrow('`json.type` must be "bpe"; received "char".');
    expect(load({ ...good, version: 2 })).toThrow(
      '`json.version` must be 1 (the only version there is); received 2.',
    );
    expect(load({ ...good, normalization: undefined })).toThrow(
      '`json.normalization` must be one of',
    );
    expect(load({ ...good, specialTokens: 'x' })).toThrow(
      '`json.specialTokens` must be an object; received "x".',
    );
    expect(load({ ...good, specialTokens: { ...good.specialTokens, start: undefined } })).toThrow(
      '`json.specialTokens.start` must be a non-empty string different from the other special tokens, or null; received undefined.',
    );
    expect(load({ ...good, alphabet: [...good.alphabet, 'xy'] })).toThrow(
      `BytePairTokenizer.fromJSON: \`json.alphabet[${good.alphabet.length}]\` must be a string of one code point`,
    );
    expect(load({ ...good, merges: [['x', 'y']] })).toThrow(
      'BytePairTokenizer.fromJSON: `json.merges[0][0]` must be a token of the alphabet or of an earlier merge; received "x".',
    );
    expect(load({ ...good, merges: undefined })).toThrow('`json.merges` must be an array');
  });
});

describe('BytePairTokenizer properties', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({
      unit: fc.constantFrom(
        '아',
        '더',
        '빙',
        ' ',
        '.',
        '진',
        '짜',
        '👍',
        '🏽',
        'e',
        '\u0301',
        '\t',
      ),
      maxLength: 30,
    }),
  );

  it('decode(encode(s)) === normalize(s), with integer ids in range, for every string', () => {
    for (const tokenizer of [
      korean,
      BytePairTokenizer.fromJSON({ ...korean.toJSON(), normalization: 'NFKC' }),
    ]) {
      fc.assert(
        fc.property(anyText, (text) => {
          const ids = tokenizer.encode(text);
          for (const id of ids) {
            expect(Number.isInteger(id) && id >= 0 && id < tokenizer.vocabularySize).toBe(true);
          }
          expect(ids).not.toContain(tokenizer.unknownId);
          expect(tokenizer.decode(ids)).toBe(tokenizer.normalize(text));
          expect(tokenizer.tokenize(text).join('').length).toBeGreaterThanOrEqual(0);
        }),
        { numRuns: 300 },
      );
    }
  });

  it('encoding by rank equals applying every merge in order (what training did)', () => {
    const merges = korean.getMerges();
    const letters = korean.getAlphabet().filter((c) => /\p{L}/u.test(c));
    const word = fc
      .tuple(
        fc.boolean(),
        fc.string({ unit: fc.constantFrom(...letters), minLength: 1, maxLength: 12 }),
      )
      .map(([space, text]) => (space ? ` ${text}` : text)); // one pre-tokenized chunk
    fc.assert(
      fc.property(word, (chunk) => {
        let symbols = [...chunk];
        for (const [a, b] of merges) {
          const out: string[] = [];
          for (let i = 0; i < symbols.length; i++) {
            if (symbols[i] === a && symbols[i + 1] === b && i + 1 < symbols.length) {
              out.push(a + b);
              i++;
            } else {
              out.push(symbols[i] as string);
            }
          }
          symbols = out;
        }
        expect(korean.tokenize(chunk)).toEqual(symbols);
      }),
      { numRuns: 300 },
    );
    expect(korean.tokenize(' 목소리')).toEqual([' 목소리']);
  });

  it('encodes long chunks as the round-by-round algorithm does (merge the lowest rank everywhere)', () => {
    // Long runs of letters with no spaces: one chunk each, longer than the cached ones, with many
    // overlapping and repeated pairs (`aaaa`, `abab`) and a letter outside the alphabet (`z`).
    const piece = fc.constantFrom(
      'a',
      'b',
      'c',
      'aa',
      'ab',
      'aab',
      'abc',
      'ba',
      '한',
      '국',
      '한국',
    );
    const long = (minLength: number, maxLength: number) =>
      fc.array(piece, { minLength, maxLength }).map((pieces) => pieces.join(''));
    const tokenizers = fc
      .tuple(
        fc.array(long(50, 400), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 265, max: 700 }),
      )
      .map(([texts, vocabularySize]) =>
        BytePairTokenizer.train([...texts, ...texts], { vocabularySize }),
      );
    const chunk = fc
      .tuple(long(150, 1500), fc.array(fc.nat(), { maxLength: 3 }))
      .map(([text, at]) => {
        let chunk = text;
        for (const i of at)
          chunk = `${chunk.slice(0, i % chunk.length)}z${chunk.slice(i % chunk.length)}`;
        return chunk;
      });
    fc.assert(
      fc.property(
        tokenizers,
        fc.array(chunk, { minLength: 1, maxLength: 3 }),
        (tokenizer, chunks) => {
          for (const text of chunks) {
            expect(tokenizer.tokenize(text)).toEqual(slowTokenize(tokenizer, text));
            expect(tokenizer.tokenize(text)).toEqual(slowTokenize(tokenizer, text)); // not cached
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('trains on small random corpora without throwing, and round-trips them', () => {
    fc.assert(
      fc.property(
        fc
          .array(anyText, { minLength: 1, maxLength: 6 })
          .filter((texts) => texts.some((t) => t.length > 0)),
        fc.integer({ min: 261, max: 330 }),
        fc.integer({ min: 1, max: 3 }),
        (texts, vocabularySize, minFrequency) => {
          const tokenizer = BytePairTokenizer.train(texts, { vocabularySize, minFrequency });
          expect(tokenizer.vocabularySize).toBeLessThanOrEqual(vocabularySize);
          for (const text of texts)
            expect(tokenizer.decode(tokenizer.encode(text))).toBe(tokenizer.normalize(text));
          expect(
            BytePairTokenizer.fromJSON(JSON.parse(JSON.stringify(tokenizer))).getVocabulary(),
          ).toEqual(tokenizer.getVocabulary());
        },
      ),
      { numRuns: 100 },
    );
  });
});
