import { SeqError } from '@seq/core';
import { describe, expect, it } from 'vitest';
import { ngrams, splitText } from './split-text.js';
import { standardizeText } from './standardize-text.js';

describe('standardizeText', () => {
  it("strips Python's string.punctuation and lowercases ASCII, as Keras", () => {
    expect(standardizeText("Don't PANIC! (42%) a_b [c]{d}~`e`")).toBe('dont panic 42 ab cde');
    expect(standardizeText('¿Qué? «Ça» 한국어!', 'strip_punctuation')).toBe('¿Qué «Ça» 한국어');
    expect(standardizeText('ÀB', 'lower')).toBe('Àb');
    expect(standardizeText('ÀB', 'lower', { lowercase: 'unicode' })).toBe('àb');
    expect(standardizeText('A.b', null)).toBe('A.b');
  });

  it('rejects bad input', () => {
    expect(() => standardizeText(1 as never)).toThrow(SeqError);
    expect(() => standardizeText('a', 'upper' as never)).toThrow(
      /standardizeText: `mode` must be one of/,
    );
    expect(() => standardizeText('a', 'lower', { lowercase: 'turkish' as never })).toThrow(
      /`options.lowercase` must be one of "ascii", "unicode"; received "turkish"/,
    );
  });
});

describe('splitText', () => {
  it('splits on runs of ASCII whitespace only, as tf.strings.split', () => {
    expect(splitText('  the \t cat\n')).toEqual(['the', 'cat']);
    expect(splitText('a\u00a0b\u3000c')).toEqual(['a\u00a0b\u3000c']);
    expect(splitText('')).toEqual([]);
  });

  it('splits characters by code point, or keeps the text whole', () => {
    expect(splitText('한국어👍', 'character')).toEqual(['한', '국', '어', '👍']);
    expect(splitText('a b', null)).toEqual(['a b']);
  });
});

describe('ngrams', () => {
  it('gives widths 1..n for a number, the listed widths for a list', () => {
    expect(ngrams(['a', 'b', 'c'], 2)).toEqual(['a', 'b', 'c', 'a b', 'b c']);
    expect(ngrams(['a', 'b', 'c'], [3, 1])).toEqual(['a b c', 'a', 'b', 'c']);
    expect(ngrams(['a'], [2])).toEqual([]);
  });

  it('rejects widths that are not positive integers', () => {
    expect(() => ngrams(['a'], -1)).toThrow(
      /ngrams: `widths` must be a positive integer or a non-empty list of positive integers; received -1/,
    );
    expect(() => ngrams(['a'], [])).toThrow(SeqError);
  });
});
