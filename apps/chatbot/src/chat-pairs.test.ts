import { describe, expect, it } from 'vitest';
import { type ChatbotPair, splitPairs } from './chat-pairs.js';

const pair = (question: string, answer = '네.'): ChatbotPair => ({ question, answer, label: 0 });

describe('splitPairs', () => {
  const pairs = Array.from({ length: 100 }, (_, i) => pair(`질문 ${i % 80}`, `답 ${i}`));

  it('keeps every pair once, a question in one part only, and is seeded', () => {
    const split = splitPairs(pairs, 7, 0.1);
    const all = [...split.train, ...split.valid, ...split.test];
    expect(all).toHaveLength(100);
    expect(new Set(all)).toEqual(new Set(pairs));
    const questions = (list: ChatbotPair[]) => new Set(list.map((p) => p.question));
    for (const q of questions(split.test)) {
      expect(questions(split.train).has(q)).toBe(false);
      expect(questions(split.valid).has(q)).toBe(false);
    }
    expect(questions(split.valid).size).toBe(8); // 10% of 80 questions
    expect(questions(split.test).size).toBe(8);
    expect(splitPairs(pairs, 7, 0.1)).toEqual(split);
    expect(splitPairs(pairs, 8, 0.1).test).not.toEqual(split.test);
  });

  it('gives each held-out part at least one question, and refuses fewer than three', () => {
    const split = splitPairs([pair('가'), pair('나'), pair('다')], 1);
    expect([split.train.length, split.valid.length, split.test.length]).toEqual([1, 1, 1]);
    expect(() => splitPairs([pair('가'), pair('가 ')], 1)).toThrow(
      'the data has 1 distinct questions; a split needs at least 3',
    );
  });
});
