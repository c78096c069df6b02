import { describe, expect, it } from 'vitest';
import { sortModelFiles, tokenizerUrlFor } from './model-files.js';

const file = (name: string) => ({ name });

describe('sortModelFiles', () => {
  it('finds the manifest, the weights and the tokenizer, and ignores the rest', () => {
    const sorted = sortModelFiles([
      file('config.json'),
      file('weights-1a2b.bin'),
      file('tokenizer.json'),
      file('model.json'),
    ]);
    expect(sorted.manifest.name).toBe('model.json');
    expect(sorted.weights.map((f) => f.name)).toEqual(['weights-1a2b.bin']);
    expect(sorted.tokenizer?.name).toBe('tokenizer.json');
  });

  it('leaves the tokenizer out when none was chosen', () => {
    expect(sortModelFiles([file('model.json'), file('w.bin')]).tokenizer).toBeNull();
  });

  it('names what is missing', () => {
    expect(() => sortModelFiles([file('w.bin')])).toThrow(
      "Choose the model's model.json, its .bin weights file(s) and tokenizer.json (chosen: w.bin).",
    );
    expect(() => sortModelFiles([])).toThrow('(chosen: none)');
    expect(() => sortModelFiles([file('model.json')])).toThrow(
      'model.json needs its weights: choose the .bin file(s) saved beside it too.',
    );
  });
});

describe('tokenizerUrlFor', () => {
  it('is tokenizer.json in the folder above the model', () => {
    expect(tokenizerUrlFor('runs/a/model/model.json', 'http://x/play/')).toBe(
      'http://x/play/runs/a/tokenizer.json',
    );
    expect(tokenizerUrlFor('https://h/r/model/model.json', 'http://x/')).toBe(
      'https://h/r/tokenizer.json',
    );
  });
});
