import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { preTokenize } from './pre-tokenize.js';

describe('preTokenize', () => {
  it('splits words with their leading space, numbers, punctuation and whitespace runs', () => {
    expect(preTokenize('Hello  world!!\n')).toEqual(['Hello', ' ', ' world', '!!', '\n']);
    expect(preTokenize('아 더빙.. 진짜 짜증나네요 목소리')).toEqual([
      '아',
      ' 더빙',
      '..',
      ' 진짜',
      ' 짜증나네요',
      ' 목소리',
    ]);
    expect(preTokenize('10/10 great')).toEqual(['10', '/', '10', ' great']);
    expect(preTokenize('a\tb \t c')).toEqual(['a', '\t', 'b', ' \t', ' c']);
    expect(preTokenize('')).toEqual([]);
  });

  it('keeps combining marks in their word and emoji sequences together', () => {
    expect(preTokenize('cafe\u0301 ok')).toEqual(['cafe\u0301', ' ok']);
    expect(preTokenize('हिन्दी')).toEqual(['हिन्दी']);
    expect(preTokenize('\u0301x')).toEqual(['\u0301', 'x']);
    expect(preTokenize('hi 👍🏽👨‍👩‍👧')).toEqual(['hi', ' 👍🏽👨‍👩‍👧']);
  });

  it('drops nothing: the chunks joined give back any string, lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })),
        (text) => {
          const chunks = preTokenize(text);
          expect(chunks.join('')).toBe(text);
          expect(chunks.every((chunk) => chunk.length > 0)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
