import { SeqError } from '@seq/core';
import { BytePairTokenizer } from './byte-pair-tokenizer.js';
import { CharTokenizer } from './char-tokenizer.js';
import type { Tokenizer, TokenizerJSON } from './tokenizer.js';
import { WordTokenizer } from './word-tokenizer.js';

/**
 * Rebuilds any seq tokenizer from the object its `toJSON()` returned (or that object after a trip
 * through `JSON.stringify` and `JSON.parse`), by its `type`: `'char'`, `'word'` or `'bpe'`.
 *
 * @throws {@link @seq/core!index.SeqError} for an unknown type or a malformed object (the
 *   message names the field).
 * @example
 * ```ts
 * const saved = JSON.stringify(CharTokenizer.fromCorpus('abc'));
 * const tokenizer = tokenizerFromJSON(JSON.parse(saved));
 * ```
 */
export function tokenizerFromJSON(json: TokenizerJSON): Tokenizer {
  const type = typeof json === 'object' && json !== null ? json.type : undefined;
  switch (type) {
    case 'char':
      return CharTokenizer.fromJSON(json);
    case 'word':
      return WordTokenizer.fromJSON(json);
    case 'bpe':
      return BytePairTokenizer.fromJSON(json);
    default:
      throw new SeqError({
        owner: 'tokenizerFromJSON',
        argument: 'json.type',
        expected: "'char', 'word' or 'bpe' (a saved seq tokenizer)",
        received: type,
        receivedDescription:
          typeof json === 'object' && json !== null ? undefined : `json ${JSON.stringify(json)}`,
      });
  }
}
