import { SeqError } from '@seq/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CharTokenizer } from './char-tokenizer.js';
import type { Tokenizer } from './tokenizer.js';
import { tokenizerFromJSON } from './tokenizer-from-json.js';
import { WordTokenizer } from './word-tokenizer.js';

const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const texts = fc.array(anyText, { minLength: 1, maxLength: 5 });

function expectIdsInRange(tokenizer: Tokenizer, ids: number[]): void {
  for (const id of ids) {
    expect(Number.isInteger(id) && id >= 0 && id < tokenizer.vocabularySize).toBe(true);
  }
}

describe('CharTokenizer', () => {
  it('encodes by code point, most frequent characters first', () => {
    const tokenizer = CharTokenizer.fromCorpus(['hello world']);
    expect(tokenizer.encode('hello')).toEqual([8, 9, 4, 4, 5]);
    expect(tokenizer.decode(tokenizer.encode('hello'))).toBe('hello');
    expect(tokenizer.getVocabulary().slice(0, 6)).toEqual([
      '[PAD]',
      '[UNK]',
      '[START]',
      '[END]',
      'l',
      'o',
    ]);
  });

  it('keeps Hangul syllables, emoji and surrogate pairs whole', () => {
    const tokenizer = new CharTokenizer({
      alphabet: ['한', '국', '👍', '🏽'],
      specialTokens: { start: null, end: null },
    });
    expect(tokenizer.encode('한국👍🏽')).toEqual([2, 3, 4, 5]);
    expect(tokenizer.tokenize('😀')).toEqual(['😀']);
    expect(tokenizer.encode('😀x')).toEqual([1, 1]);
    expect(tokenizer.decode([2, 1, 0])).toBe('한[UNK]');
    expect(tokenizer.decode([0, 2], { skipSpecialTokens: false })).toBe('[PAD]한');
  });

  it('lowercases every script when asked, and limits the alphabet', () => {
    const tokenizer = CharTokenizer.fromCorpus('ÉÉé a', { lowercase: true, maxTokens: 5 });
    expect(tokenizer.getVocabulary()).toEqual(['[PAD]', '[UNK]', '[START]', '[END]', 'é']);
    expect(CharTokenizer.fromCorpus('aab', { minFrequency: 2 }).getVocabulary().slice(4)).toEqual([
      'a',
    ]);
  });

  it('round-trips arbitrary Unicode when built from it, ids always in range', () => {
    fc.assert(
      fc.property(texts, anyText, (corpus, other) => {
        if (!corpus.some((t) => t.length > 0)) return;
        const tokenizer = CharTokenizer.fromCorpus(corpus);
        for (const text of corpus) expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
        expectIdsInRange(tokenizer, tokenizer.encode(other));
      }),
    );
  });

  it('saves and restores through JSON', () => {
    const tokenizer = CharTokenizer.fromCorpus('abcabc', {
      lowercase: true,
      specialTokens: { end: '<eos>' },
    });
    const copy = tokenizerFromJSON(JSON.parse(JSON.stringify(tokenizer)));
    expect(copy).toBeInstanceOf(CharTokenizer);
    expect(copy.getVocabulary()).toEqual(tokenizer.getVocabulary());
    expect(copy.encode('CAB')).toEqual(tokenizer.encode('CAB'));
    expect(copy.endId).toBe(3);
  });
});

describe('WordTokenizer', () => {
  it('splits words and punctuation in any script, keeps inner apostrophes', () => {
    const tokenizer = WordTokenizer.fromCorpus(['The cat sat.', 'The dog sat!']);
    expect(tokenizer.tokenize("The cat's mat.")).toEqual(['the', "cat's", 'mat', '.']);
    expect(tokenizer.tokenize('아 더빙.. 진짜 짜증나네요')).toEqual([
      '아',
      '더빙',
      '.',
      '.',
      '진짜',
      '짜증나네요',
    ]);
    expect(tokenizer.decode(tokenizer.encode('The cat sat.'))).toBe('the cat sat.');
    expect(tokenizer.decode(tokenizer.encode('The bird sat.'))).toBe('the [UNK] sat.');
    expect(tokenizer.getVocabulary().slice(4)).toEqual(['the', 'sat', 'dog', 'cat', '.', '!']);
  });

  it('limits the vocabulary by frequency', () => {
    const tokenizer = WordTokenizer.fromCorpus('a a a b b c', { maxTokens: 6 });
    expect(tokenizer.getVocabulary().slice(4)).toEqual(['a', 'b']);
    expect(tokenizer.encode('c a')).toEqual([1, 4]);
  });

  it('decodes to text that encodes to the same ids, for arbitrary Unicode', () => {
    fc.assert(
      fc.property(texts, (corpus) => {
        if (!corpus.some((t) => t.length > 0)) return;
        const tokenizer = WordTokenizer.fromCorpus(corpus);
        for (const text of corpus) {
          const ids = tokenizer.encode(text);
          expectIdsInRange(tokenizer, ids);
          expect(tokenizer.encode(tokenizer.decode(ids))).toEqual(ids);
        }
      }),
    );
  });

  it('saves and restores through JSON', () => {
    const tokenizer = WordTokenizer.fromCorpus('Hello, world!', {
      lowercase: false,
      specialTokens: { start: null },
    });
    const copy = tokenizerFromJSON(JSON.parse(JSON.stringify(tokenizer)));
    expect(copy).toBeInstanceOf(WordTokenizer);
    expect(copy.encode('Hello world')).toEqual(tokenizer.encode('Hello world'));
    expect(copy.startId).toBeUndefined();
  });
});

describe('tokenizers: special tokens in the corpus', () => {
  it('are not learned (their text encodes as ordinary characters or words)', () => {
    const chars = CharTokenizer.fromCorpus('a_b', { specialTokens: { pad: '_' } });
    expect(chars.getVocabulary()).toEqual(['_', '[UNK]', '[START]', '[END]', 'b', 'a']);
    const words = WordTokenizer.fromCorpus('the end', { specialTokens: { end: 'end' } });
    expect(words.getVocabulary()).toEqual(['[PAD]', '[UNK]', '[START]', 'end', 'the']);
  });
});

describe('tokenizers: bad input', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    [
      'empty corpus',
      () => CharTokenizer.fromCorpus([]),
      /CharTokenizer.fromCorpus: `corpus` must be a corpus with at least one non-empty text; received no texts\./,
    ],
    [
      'corpus of empty texts',
      () => WordTokenizer.fromCorpus(['', '']),
      /`corpus` must be a corpus with at least one non-empty text; received 2 empty texts/,
    ],
    [
      'non-string text in a corpus',
      () => WordTokenizer.fromCorpus(['a', 3] as never),
      /WordTokenizer.fromCorpus: `corpus\[1\]` must be a string; received 3/,
    ],
    [
      'maxTokens not above the special tokens',
      () => CharTokenizer.fromCorpus('abc', { maxTokens: 4 }),
      /`maxTokens` must be an integer greater than the 4 special tokens; received 4/,
    ],
    [
      'id outside the vocabulary',
      () => CharTokenizer.fromCorpus('ab').decode([0, 6]),
      /CharTokenizer.decode: `ids\[1\]` must be an integer id in \[0, 6\); received 6/,
    ],
    [
      'non-integer id',
      () => WordTokenizer.fromCorpus('ab').decode([1.5]),
      /WordTokenizer.decode: `ids\[0\]` must be an integer id in \[0, 5\); received 1.5/,
    ],
    [
      'non-string text',
      () => CharTokenizer.fromCorpus('ab').encode(null as never),
      /CharTokenizer.encode: `text` must be a string; received null/,
    ],
    [
      'alphabet entry of two characters',
      () => new CharTokenizer({ alphabet: ['ab'] }),
      /CharTokenizer: `alphabet\[0\]` must be a single Unicode code point; received "ab"/,
    ],
    [
      'repeated word',
      () => new WordTokenizer({ words: ['a', 'a'] }),
      /WordTokenizer: `vocabulary` must be distinct strings that are not special tokens; received "a" at position 1 \(a repeat\)/,
    ],
    [
      'special token in the words',
      () => new WordTokenizer({ words: ['[UNK]'] }),
      /received "\[UNK\]" at position 0 \(a special token\)/,
    ],
    [
      'clashing special tokens',
      () => new CharTokenizer({ alphabet: [], specialTokens: { pad: 'x', unknown: 'x' } }),
      /`specialTokens.unknown` must be a non-empty string different from the other special tokens; received "x"/,
    ],
    [
      'unknown JSON type',
      () => tokenizerFromJSON({ type: 'sentencepiece', version: 1 }),
      /tokenizerFromJSON: `json.type` must be 'char', 'word' or 'bpe'/,
    ],
    [
      'wrong JSON for the class',
      () => CharTokenizer.fromJSON({ type: 'word', version: 1 }),
      /CharTokenizer.fromJSON: `json` must be a saved CharTokenizer/,
    ],
  ];
  for (const [what, make, message] of cases) {
    it(what, () => {
      expect(make).toThrow(SeqError);
      expect(make).toThrow(message);
    });
  }
});
