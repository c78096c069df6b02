import { WordTokenizer } from '@seq/data';
import { describe, expect, it } from 'vitest';
import { scoreTranslations } from './score-translations.js';

describe('scoreTranslations', () => {
  const tokenizer = WordTokenizer.fromCorpus(['Je vois le chat.', 'Nous aimons la mer.']);
  const ids = (text: string) => tokenizer.encode(text);

  it('gives BLEU 1 and exact matches for the references, whatever their case', () => {
    const scores = scoreTranslations(
      tokenizer,
      [ids('je vois le chat.'), ids('nous aimons la mer.')],
      ['Je vois le chat.', 'Nous aimons la mer.'],
    );
    expect(scores).toEqual({ bleu: 1, exactMatch: 1 });
  });

  it('an unknown word is one token that matches nothing, even a word outside the vocabulary', () => {
    const unknown = tokenizer.encode('nous aimons la baleine.'); // "baleine" -> [UNK]
    const scores = scoreTranslations(tokenizer, [unknown], ['Nous aimons la baleine.']);
    expect(scores.exactMatch).toBe(0);
    expect(scores.bleu).toBe(0); // no 4-gram matches: the unknown word is in both
    expect(tokenizer.decode([unknown[3] as number], { skipSpecialTokens: false })).toBe('[UNK]');
    // Against itself as the tokenizer writes it, "[UNK]" is still no word: no exact match.
    const self = scoreTranslations(tokenizer, [unknown], [tokenizer.decode(unknown)]);
    expect(self.exactMatch).toBe(0);
  });
});
