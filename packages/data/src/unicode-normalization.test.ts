import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeUnicode, toWellFormed } from './unicode-normalization.js';

describe('normalizeUnicode', () => {
  it('composes with NFC by default, folds with NFKC, leaves the text with none', () => {
    const jamo = '\u1112\u1161\u11AB';
    expect(normalizeUnicode(jamo)).toBe('한');
    expect(normalizeUnicode(jamo, 'none')).toBe(jamo);
    expect(normalizeUnicode('Ａﬁ', 'NFC')).toBe('Ａﬁ');
    expect(normalizeUnicode('Ａﬁ', 'NFKC')).toBe('Afi');
  });

  it('replaces lone surrogates with U+FFFD and keeps pairs', () => {
    expect(normalizeUnicode('a\uD800b\uDC00 👍', 'none')).toBe('a\uFFFDb\uFFFD 👍');
    expect(normalizeUnicode('\uDC00\uD800')).toBe('\uFFFD\uFFFD');
    expect(normalizeUnicode('Ａ\uD800', 'NFKC')).toBe('A\uFFFD'); // the TSDoc example
  });

  it('rejects an unknown form', () => {
    expect(() => normalizeUnicode('a', 'NFD' as 'NFC')).toThrow(
      'normalizeUnicode: `form` must be one of "NFC", "NFKC", "none"; received "NFD".',
    );
  });
});

describe('toWellFormed', () => {
  it('matches String.prototype.toWellFormed, with or without it', () => {
    const native = String.prototype as { toWellFormed?: () => string };
    const saved = native.toWellFormed;
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const expected = toWellFormed(text);
        native.toWellFormed = undefined;
        try {
          expect(toWellFormed(text)).toBe(expected);
        } finally {
          native.toWellFormed = saved;
        }
        expect(encodeURIComponent(expected)).toBeTypeOf('string'); // throws on a lone surrogate
      }),
      { numRuns: 300 },
    );
  });
});
