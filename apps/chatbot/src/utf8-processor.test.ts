import { describe, expect, it } from 'vitest';
import { utf8Next, utf8Processor } from './utf8-processor.js';

const bytes = (text: string) => [...new TextEncoder().encode(text)];

describe('utf8Next', () => {
  it('follows a Hangul syllable (3 bytes) and a 4-byte emoji', () => {
    const han = bytes('한'); // ED 95 9C
    expect(utf8Next([])).toEqual({ need: 0, min: 0x80, max: 0xbf });
    expect(utf8Next(han.slice(0, 1))).toEqual({ need: 2, min: 0x80, max: 0x9f }); // no surrogates after ED
    expect(utf8Next(han.slice(0, 2)).need).toBe(1);
    expect(utf8Next(han).need).toBe(0);
    expect(utf8Next(bytes('👍').slice(0, 1))).toEqual({ need: 3, min: 0x90, max: 0xbf });
    expect(utf8Next([0x41, 0xe0])).toEqual({ need: 2, min: 0xa0, max: 0xbf });
  });
});

describe('utf8Processor', () => {
  const FIRST = 4; // byte tokens after 4 special tokens
  const vocabulary = FIRST + 256 + 10;
  const run = (sequence: number[]) => {
    const logits = new Float64Array(vocabulary);
    utf8Processor(FIRST)(logits, { sequence, generated: sequence.length });
    return logits;
  };

  it('allows only continuation bytes inside a character', () => {
    const logits = run([2, FIRST + 0xed]); // start, then the lead byte of 한
    for (let id = 0; id < vocabulary; id++) {
      const byte = id - FIRST;
      expect(Number.isFinite(logits[id] as number)).toBe(byte >= 0x80 && byte <= 0x9f);
    }
  });

  it('bans stray continuation and invalid bytes between characters, nothing else', () => {
    const logits = run([2, FIRST + 0xed, FIRST + 0x95, FIRST + 0x9c, 300]);
    expect(logits[FIRST + 0x80]).toBe(Number.NEGATIVE_INFINITY);
    expect(logits[FIRST + 0xc0]).toBe(Number.NEGATIVE_INFINITY);
    expect(logits[FIRST + 0xea]).toBe(0);
    expect(logits[FIRST + 0x41]).toBe(0);
    expect(logits[3]).toBe(0); // the end token
    expect(logits[FIRST + 256]).toBe(0);
  });
});
