import { assertBoolean, SeqError } from '@seq/core';
import {
  assertText,
  learnTokens,
  resolveSpecialTokens,
  type SpecialTokenOptions,
  TokenVocabulary,
} from './token-vocabulary.js';
import type { DecodeOptions, TokenizerJSON } from './tokenizer.js';
import { VocabularyTokenizer } from './vocabulary-tokenizer.js';

const OWNER = 'WordTokenizer';

/**
 * Words (letters and marks, with inner apostrophes: `don't`, `l'eau`), numbers, and each other
 * non-space character on its own (`"Hello, world!"` → `Hello` `,` `world` `!`).
 */
const WORD = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|\p{N}+|[^\s\p{L}\p{M}\p{N}]/gu;

/** Punctuation written without a space before it when decoding. */
const CLOSING = /^[.,!?;:%)\]}»”’…]$/u;
/** Punctuation written without a space after it when decoding. */
const OPENING = /^[([{«“¿¡]$/u;

/** Options for {@link WordTokenizer}. */
export interface WordTokenizerOptions {
  /** The words, in id order (after the special tokens); no repeats. */
  words: Iterable<string>;
  /** Lowercase texts (Unicode-aware) before splitting. @defaultValue `true` */
  lowercase?: boolean;
  /** The special tokens; `null` leaves out `start` or `end`. */
  specialTokens?: SpecialTokenOptions;
}

/** Options for {@link WordTokenizer.fromCorpus}. */
export interface WordTokenizerCorpusOptions {
  /** Largest vocabulary, special tokens included; the most frequent words are kept. @defaultValue no limit */
  maxTokens?: number;
  /** Words seen fewer times are left out (they encode as the unknown id). @defaultValue `1` */
  minFrequency?: number;
  /** @defaultValue `true` */
  lowercase?: boolean;
  /** The special tokens; `null` leaves out `start` or `end`. */
  specialTokens?: SpecialTokenOptions;
}

/**
 * A word tokenizer: splits on whitespace and punctuation (each punctuation mark is a token, words
 * keep inner apostrophes), in any script, with a frequency-limited vocabulary; words outside it
 * encode as the unknown id (`[UNK]`).
 *
 * Decoding joins words with spaces and attaches punctuation (`"hello , world !"` is written
 * `"hello, world!"`), so it restores the words, not the original spacing: `encode(decode(ids))`
 * equals `ids` for ids without the unknown token.
 *
 * @example
 * ```ts
 * const tokenizer = WordTokenizer.fromCorpus(['The cat sat.', 'The dog sat!']);
 * tokenizer.tokenize("The cat's mat."); // ['the', "cat's", 'mat', '.']
 * tokenizer.decode(tokenizer.encode('The cat sat.')); // 'the cat sat.'
 * ```
 */
export class WordTokenizer extends VocabularyTokenizer {
  /** Whether texts are lowercased before splitting. */
  readonly lowercase: boolean;

  /**
   * @throws {@link @seq/core!index.SeqError} for repeated or special words, or invalid special tokens.
   */
  constructor(options: WordTokenizerOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new SeqError({
        owner: OWNER,
        argument: 'options',
        expected: 'an object with words',
        received: options,
      });
    }
    const { words } = options;
    if (
      words == null ||
      typeof words === 'string' ||
      typeof (words as Iterable<string>)[Symbol.iterator] !== 'function'
    ) {
      throw new SeqError({
        owner: OWNER,
        argument: 'words',
        expected: 'an iterable of words',
        received: words,
      });
    }
    const list = Array.from(words);
    list.forEach((w, i) => {
      if (typeof w !== 'string' || w === '') {
        throw new SeqError({
          owner: OWNER,
          argument: `words[${i}]`,
          expected: 'a non-empty string',
          received: w,
        });
      }
    });
    const lowercase = assertBoolean(OWNER, 'lowercase', options.lowercase ?? true);
    super(new TokenVocabulary(OWNER, resolveSpecialTokens(OWNER, options.specialTokens), list));
    this.lowercase = lowercase;
  }

  /**
   * Builds the vocabulary from a corpus: words by descending frequency (ties by descending code
   * point order, as Keras).
   *
   * @throws {@link @seq/core!index.SeqError} for an empty corpus, non-string texts, or a
   *   `maxTokens` not above the number of special tokens.
   */
  static fromCorpus(
    corpus: string | Iterable<string>,
    options: WordTokenizerCorpusOptions = {},
  ): WordTokenizer {
    const { tokens, lowercase } = learnTokens(
      `${OWNER}.fromCorpus`,
      corpus,
      options,
      true,
      splitWords,
    );
    return new WordTokenizer({ words: tokens, lowercase, specialTokens: options.specialTokens });
  }

  /** Rebuilds a tokenizer from {@link toJSON}'s output. */
  static fromJSON(json: TokenizerJSON): WordTokenizer {
    if (typeof json !== 'object' || json === null || json.type !== 'word' || json.version !== 1) {
      throw new SeqError({
        owner: `${OWNER}.fromJSON`,
        argument: 'json',
        expected: "a saved WordTokenizer ({ type: 'word', version: 1, ... })",
        received: json,
      });
    }
    return new WordTokenizer({
      words: json.words as string[],
      lowercase: json.lowercase as boolean,
      specialTokens: json.specialTokens as SpecialTokenOptions,
    });
  }

  /** The text's words and punctuation marks, lowercased with `lowercase`. */
  tokenize(text: string): string[] {
    assertText(`${OWNER}.tokenize`, 'text', text);
    return splitWords(this.lowercase ? text.toLowerCase() : text);
  }

  encode(text: string): number[] {
    assertText(`${OWNER}.encode`, 'text', text);
    return this.tokenize(text).map((w) => this.vocabulary.idOrUnknown(w));
  }

  decode(ids: ArrayLike<number>, options?: DecodeOptions): string {
    let out = '';
    let glue = true;
    for (const id of this.vocabulary.idsToDecode(ids, options)) {
      const token = this.vocabulary.tokens[id] as string;
      if (!(glue || CLOSING.test(token))) out += ' ';
      out += token;
      glue = OPENING.test(token);
    }
    return out;
  }

  toJSON(): TokenizerJSON {
    return {
      type: 'word',
      version: 1,
      words: this.vocabulary.tokens.slice(this.vocabulary.numSpecial),
      lowercase: this.lowercase,
      specialTokens: { ...this.vocabulary.specialTokens },
    };
  }
}

function splitWords(text: string): string[] {
  return text.match(WORD) ?? [];
}
