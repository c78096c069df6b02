import { describe, expect, it } from 'vitest';
import { cleanReview, ReviewEncoder } from './review-encoder.js';

const english = ['A great film.<br /><br />Great cast!', 'A dull film', 'great great fun'];
const korean = ['진짜 재밌네요', '진짜 지루하네요', '재밌어요 추천', '지루 최악'];

describe('ReviewEncoder', () => {
  it('words: pads with 0 at the end, cuts at length, maps unseen words to 1', async () => {
    const encoder = await ReviewEncoder.fit('words', english, {
      vocabularySize: 100,
      length: 4,
      maxLength: 10,
    });
    const vocabulary = encoder.toJSON().vocabulary as string[];
    expect(vocabulary.slice(0, 3)).toEqual(['', '[UNK]', 'great']);
    const ids = encoder.encode(['Great film', 'great unseen great great great']);
    const id = (w: string) => vocabulary.indexOf(w);
    expect(Array.from(ids)).toEqual([
      id('great'),
      id('film'),
      0,
      0,
      id('great'),
      1,
      id('great'),
      id('great'),
    ]);
    expect(encoder.tokens('A GREAT <br />film, truly!')).toEqual(['a', 'great', 'film', 'truly']);
  });

  it('picks the 90th percentile length when length is 0, at most maxLength', async () => {
    const texts = Array.from({ length: 10 }, (_, i) => 'w '.repeat(i + 1));
    const encoder = await ReviewEncoder.fit('words', texts, {
      vocabularySize: 10,
      length: 0,
      maxLength: 100,
    });
    expect(encoder.length).toBe(9);
    const capped = await ReviewEncoder.fit('words', texts, {
      vocabularySize: 10,
      length: 0,
      maxLength: 5,
    });
    expect(capped.length).toBe(5);
  });

  it.each(['subword', 'chars'] as const)(
    '%s: Korean round-trips through JSON with the same ids',
    async (kind) => {
      const encoder = await ReviewEncoder.fit(kind, korean, {
        vocabularySize: 300,
        length: 12,
        maxLength: 12,
      });
      const copy = ReviewEncoder.fromJSON(JSON.parse(JSON.stringify(encoder.toJSON())));
      const ids = encoder.encode(['진짜 재밌네요 추천']);
      expect(Array.from(copy.encode(['진짜 재밌네요 추천']))).toEqual(Array.from(ids));
      expect(ids.length).toBe(12);
      expect(ids.some((id) => id > 1)).toBe(true);
      expect(copy.tokens('진짜 재밌네요').join('').replace(/ /g, '')).toBe('진짜재밌네요');
    },
  );
});

describe('cleanReview', () => {
  it('removes HTML line breaks', () => {
    expect(cleanReview('Good.<br /><br />Really<BR>good ')).toBe('Good.  Really good');
  });
});
