import { CharTokenizer } from '@seq/data';
import { describe, expect, it } from 'vitest';
import { encodePairs, lengthFor } from './encode-pairs.js';

describe('encodePairs', () => {
  it('shifts the target behind the start token and ends it with the end token', () => {
    const tokenizer = CharTokenizer.fromCorpus(['ab', '12']);
    const [a, b, one, two] = ['a', 'b', '1', '2'].map((c) => tokenizer.encode(c)[0] as number);
    const start = tokenizer.startId as number;
    const end = tokenizer.endId as number;
    const encoded = encodePairs(tokenizer, [{ source: 'ab', target: '12' }], 3, 4);
    expect(Array.from(encoded.source)).toEqual([a, b, 0]);
    expect(Array.from(encoded.targetIn)).toEqual([start, one, two, 0]);
    expect(Array.from(encoded.targetOut)).toEqual([one, two, end, 0]);
  });

  it('cuts what does not fit', () => {
    const tokenizer = CharTokenizer.fromCorpus(['abcd']);
    const encoded = encodePairs(tokenizer, [{ source: 'abcd', target: 'abcd' }], 2, 3);
    expect(encoded.source.length).toBe(2);
    expect(Array.from(encoded.targetOut).at(-1)).toBe(tokenizer.endId);
  });
});

describe('lengthFor', () => {
  it('holds the longest text, plus one', () => {
    const tokenizer = CharTokenizer.fromCorpus(['abc']);
    expect(lengthFor(tokenizer, ['a', 'abc', 'ab'], 1)).toBe(4);
  });
});
