import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseChatbotData } from './parse-chatbot-data.js';

describe('parseChatbotData', () => {
  it('reads CRLF CSV with quoted fields and trims labels', () => {
    const text = readFileSync(
      new URL('../../test/fixtures/datasets/chatbot.csv', import.meta.url),
      'utf8',
    );
    expect(parseChatbotData(text)).toEqual([
      { question: '12시 땡!', answer: '하루가 또 가네요.', label: 0 },
      { question: '1지망 학교 떨어졌어, 어떡해', answer: '위로해 드립니다.', label: 1 },
      { question: '그녀가 "좋아"라고 했어', answer: '축하해요!', label: 2 },
    ]);
  });

  it('reports a wrong header, a wrong field count, a bad label and an open quote', () => {
    expect(() => parseChatbotData('question,answer\r\n')).toThrow(
      'parseChatbotData: `text` must be ChatbotData CSV starting with the header Q,A,label; received line 1: "question,answer".',
    );
    expect(() => parseChatbotData('Q,A,label\r\n안녕,반가워요,0\r\n안녕,0\r\n')).toThrow(
      'parseChatbotData: `text` must be CSV lines of Q,A,label (3 fields); received line 3: "안녕,0".',
    );
    expect(() => parseChatbotData('Q,A,label\n안녕,반가워요,3\n')).toThrow(
      'parseChatbotData: `text` must be a label of 0, 1 or 2; received line 2: "3".',
    );
    expect(() => parseChatbotData('Q,A,label\n"안녕,반가워요,0\n')).toThrow(
      'parseCsv: `text` must be quoted fields that end; received a quote opened on line 2 and never closed.',
    );
  });
});
