import { CharTokenizer } from '@seq/data';
import { describe, expect, it } from 'vitest';
import { banSpecialTokens } from './ban-special-tokens.js';

describe('banSpecialTokens', () => {
  it('bans padding, unknown, start and end, and nothing else', () => {
    const tokenizer = CharTokenizer.fromCorpus(['ab']);
    const logits = new Float64Array(tokenizer.vocabularySize).fill(1);
    banSpecialTokens(tokenizer)(logits, { sequence: [], generated: 0 });
    const banned = [...logits.keys()].filter((i) => logits[i] === Number.NEGATIVE_INFINITY);
    expect(banned).toEqual(
      [tokenizer.padId, tokenizer.unknownId, tokenizer.startId, tokenizer.endId].sort(),
    );
    expect(logits[tokenizer.encode('a')[0] as number]).toBe(1);
  });
});
