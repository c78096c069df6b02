import { BytePairTokenizer } from '@seq/data';
import { describe, expect, it } from 'vitest';
import { encodePairs, encodeQuestion } from './encode-pairs.js';

const tokenizer = BytePairTokenizer.train(['안녕하세요 반가워요', '안녕 반가워'], {
  vocabularySize: 300,
});
const START = tokenizer.startId as number;
const END = tokenizer.endId as number;

describe('encodePairs', () => {
  it('packs question, shifted answer and labels, padded with 0, and counts the real labels', () => {
    const encoded = encodePairs([{ question: '안녕', answer: '반가워', label: 0 }], tokenizer, 8);
    const q = tokenizer.encode('안녕');
    const a = tokenizer.encode('반가워');
    const pad = (ids: number[]) => [...ids, ...new Array(8 - ids.length).fill(0)];
    expect(Array.from(encoded.source[0] as Int32Array)).toEqual(pad(q));
    expect(Array.from(encoded.decoderInput[0] as Int32Array)).toEqual(pad([START, ...a]));
    expect(Array.from(encoded.labels[0] as Int32Array)).toEqual(pad([...a, END]));
    expect(encoded.tokens).toBe(a.length + 1);
    expect(encoded.truncated).toBe(0);
    // A label is real exactly where the decoder input is not padding.
    const di = encoded.decoderInput[0] as Int32Array;
    const labels = encoded.labels[0] as Int32Array;
    di.forEach((id, t) => {
      expect(id !== 0).toBe(labels[t] !== 0);
    });
  });

  it('cuts long questions and answers, keeping the end token', () => {
    const long = '안녕하세요 '.repeat(10);
    const encoded = encodePairs([{ question: long, answer: long, label: 1 }], tokenizer, 4);
    expect(encoded.truncated).toBe(1);
    expect(encoded.labels[0]?.[3]).toBe(END);
    expect(encoded.decoderInput[0]?.[0]).toBe(START);
    expect(encoded.tokens).toBe(4);
  });

  it('refuses a tokenizer without start and end tokens, and a length under 2', () => {
    const bare = BytePairTokenizer.train('안녕', {
      vocabularySize: 300,
      specialTokens: { start: null, end: null },
    });
    expect(() => encodePairs([], bare, 8)).toThrow('the tokenizer needs start and end tokens');
    expect(() => encodePairs([], tokenizer, 1)).toThrow(
      'the sequence length must be an integer >= 2',
    );
  });
});

describe('encodeQuestion', () => {
  it('pads to the length and never returns an empty question', () => {
    expect(encodeQuestion(tokenizer, '', 3)).toEqual([tokenizer.unknownId, 0, 0]);
    expect(encodeQuestion(tokenizer, '안녕하세요 '.repeat(5), 3)).toHaveLength(3);
  });
});
