import { CharTokenizer } from '@seq/data';
import { describe, expect, it } from 'vitest';
import { buildCharModel } from './char-model.js';
import { charStepper } from './char-stepper.js';
import { generateText } from './generate-text.js';

const tokenizer = CharTokenizer.fromCorpus(['to be or not to be']);
const model = buildCharModel({
  kind: 'gru',
  vocabularySize: tokenizer.vocabularySize,
  units: 8,
  learningRate: 0.01,
  seed: 1,
});
const stepper = charStepper(model);
const controls = { temperature: 1, topK: 0, topP: 1, beam: 1, seed: 3 };

describe('generateText', () => {
  it('samples through the recurrent stepper, streaming each character', async () => {
    expect(stepper.kind).toBe('recurrent');
    const pieces: string[] = [];
    const text = await generateText(stepper, tokenizer, 'to ', {
      ...controls,
      length: 12,
      onText: (piece, replace) => {
        expect(replace).toBe(false);
        pieces.push(piece);
      },
    });
    expect(pieces).toHaveLength(12);
    expect(pieces.join('')).toBe(text);
    // The same seed gives the same text.
    expect(await generateText(stepper, tokenizer, 'to ', { ...controls, length: 12 })).toBe(text);
  });

  it('is greedy at temperature 0, whatever the seed', async () => {
    const a = await generateText(stepper, tokenizer, 'be', {
      ...controls,
      temperature: 0,
      length: 8,
    });
    const b = await generateText(stepper, tokenizer, 'be', {
      ...controls,
      temperature: 0,
      seed: 99,
      length: 8,
    });
    expect(a).toBe(b);
  });

  it('runs beam search, showing the best beam as it grows', async () => {
    const shown: string[] = [];
    const text = await generateText(stepper, tokenizer, 'or', {
      ...controls,
      beam: 3,
      length: 6,
      onText: (piece, replace) => {
        expect(replace).toBe(true);
        shown.push(piece);
      },
    });
    expect(Array.from(text)).toHaveLength(6);
    expect(shown.at(-1)).toBe(text);
    expect(shown.length).toBeGreaterThan(1);
  });

  it('stops when aborted', async () => {
    const abort = new AbortController();
    let count = 0;
    const text = await generateText(stepper, tokenizer, 'to', {
      ...controls,
      length: 50,
      signal: abort.signal,
      onText: () => {
        if (++count === 5) abort.abort();
      },
    });
    expect(Array.from(text)).toHaveLength(5);
  });
});
