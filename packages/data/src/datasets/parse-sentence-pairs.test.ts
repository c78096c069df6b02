import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSentencePairs } from './parse-sentence-pairs.js';

describe('parseSentencePairs', () => {
  it('reads pairs, an optional attribution column, CRLF and quotes as plain text', () => {
    const text = readFileSync(
      new URL('../../test/fixtures/datasets/fra.txt', import.meta.url),
      'utf8',
    );
    expect(parseSentencePairs(text)).toEqual([
      { source: 'Go.', target: 'Va !' },
      {
        source: 'Hi.',
        target: 'Salut !',
        attribution: 'CC-BY 2.0 (France) Attribution: tatoeba.org #538123 (CM) & #509819 (Aiji)',
      },
      { source: 'Run!', target: 'Cours\u202f!' },
      { source: 'I\'m "fine".', target: 'Je vais "bien".' },
    ]);
  });

  it('reports a line without a tab, or with too many, by its number', () => {
    expect(() => parseSentencePairs('Go.\tVa !\nHi. Salut !\n')).toThrow(
      'parseSentencePairs: `text` must be lines of source<TAB>target, optionally followed by <TAB>attribution; received line 2: "Hi. Salut !".',
    );
    expect(() => parseSentencePairs('a\tb\tc\td')).toThrow('received line 1: "a\\tb\\tc\\td".');
    expect(() => parseSentencePairs(null as unknown as string)).toThrow(
      'parseSentencePairs: `text` must be tab-separated sentence pairs; received null.',
    );
  });
});
