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

const OWNER = 'CharTokenizer';

/** Options for {@link CharTokenizer}. */
export interface CharTokenizerOptions {
  /**
   * The characters, in id order (after the special tokens): each a single code point, no repeats.
   */
  alphabet: Iterable<string>;
  /** Lowercase texts (JavaScript's Unicode-aware `toLowerCase`) before encoding. @defaultValue `false` */
  lowercase?: boolean;
  /** The special tokens; `null` leaves out `start` or `end`. */
  specialTokens?: SpecialTokenOptions;
}

/** Options for {@link CharTokenizer.fromCorpus}. */
export interface CharTokenizerCorpusOptions {
  /** Largest vocabulary, special tokens included; the most frequent characters are kept. @defaultValue no limit */
  maxTokens?: number;
  /** Characters seen fewer times than this are left out (they encode as the unknown id). @defaultValue `1` */
  minFrequency?: number;
  /** @defaultValue `false` */
  lowercase?: boolean;
  /** The special tokens; `null` leaves out `start` or `end`. */
  specialTokens?: SpecialTokenOptions;
}

/**
 * A character tokenizer: one id per Unicode code point, so Hangul syllables, emoji and surrogate
 * pairs stay whole (`'한국👍'` is 3 tokens, not 4 UTF-16 units). Characters outside the alphabet
 * encode as the unknown id. Used for char-RNNs (Géron 16.1: Shakespeare, character by character).
 *
 * `decode(encode(s)) === s` whenever every character of `s` (lowercased, with `lowercase`) is in
 * the alphabet.
 *
 * @example
 * ```ts
 * const tokenizer = CharTokenizer.fromCorpus(['hello world']);
 * tokenizer.encode('hello'); // [8, 9, 4, 4, 5]: ids 0-3 are special, 'l' (4) and 'o' (5) are the most frequent
 * tokenizer.decode(tokenizer.encode('hello')); // 'hello'
 * ```
 */
export class CharTokenizer extends VocabularyTokenizer {
  /** Whether texts are lowercased before encoding. */
  readonly lowercase: boolean;

  /**
   * @throws {@link @seq/core!index.SeqError} for an alphabet entry that is not one code point, a
   *   repeated or special one, or invalid special tokens.
   */
  constructor(options: CharTokenizerOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new SeqError({
        owner: OWNER,
        argument: 'options',
        expected: 'an object with an alphabet',
        received: options,
      });
    }
    const { alphabet } = options;
    if (alphabet == null || typeof (alphabet as Iterable<string>)[Symbol.iterator] !== 'function') {
      throw new SeqError({
        owner: OWNER,
        argument: 'alphabet',
        expected: 'an iterable of characters',
        received: alphabet,
      });
    }
    const characters = typeof alphabet === 'string' ? Array.from(alphabet) : Array.from(alphabet);
    characters.forEach((c, i) => {
      if (typeof c !== 'string' || Array.from(c).length !== 1) {
        throw new SeqError({
          owner: OWNER,
          argument: `alphabet[${i}]`,
          expected: 'a single Unicode code point',
          received: c,
        });
      }
    });
    const lowercase = assertBoolean(OWNER, 'lowercase', options.lowercase ?? false);
    super(
      new TokenVocabulary(OWNER, resolveSpecialTokens(OWNER, options.specialTokens), characters),
    );
    this.lowercase = lowercase;
  }

  /**
   * Builds the alphabet from a corpus: characters by descending frequency (ties by descending code
   * point, as Keras orders a vocabulary).
   *
   * @param corpus - A text or texts.
   * @throws {@link @seq/core!index.SeqError} for an empty corpus, non-string texts, or a
   *   `maxTokens` smaller than the special tokens plus one.
   * @example
   * ```ts
   * const tokenizer = CharTokenizer.fromCorpus(shakespeare, { lowercase: true });
   * ```
   */
  static fromCorpus(
    corpus: string | Iterable<string>,
    options: CharTokenizerCorpusOptions = {},
  ): CharTokenizer {
    const { tokens, lowercase } = learnTokens(
      `${OWNER}.fromCorpus`,
      corpus,
      options,
      false,
      (text) => text,
    );
    return new CharTokenizer({ alphabet: tokens, lowercase, specialTokens: options.specialTokens });
  }

  /** Rebuilds a tokenizer from {@link toJSON}'s output. */
  static fromJSON(json: TokenizerJSON): CharTokenizer {
    if (typeof json !== 'object' || json === null || json.type !== 'char' || json.version !== 1) {
      throw new SeqError({
        owner: `${OWNER}.fromJSON`,
        argument: 'json',
        expected: "a saved CharTokenizer ({ type: 'char', version: 1, ... })",
        received: json,
      });
    }
    return new CharTokenizer({
      alphabet: json.alphabet as string[],
      lowercase: json.lowercase as boolean,
      specialTokens: json.specialTokens as SpecialTokenOptions,
    });
  }

  /** The text's characters (code points), lowercased with `lowercase`. */
  tokenize(text: string): string[] {
    assertText(`${OWNER}.tokenize`, 'text', text);
    return Array.from(this.lowercase ? text.toLowerCase() : text);
  }

  encode(text: string): number[] {
    assertText(`${OWNER}.encode`, 'text', text);
    return this.tokenize(text).map((c) => this.vocabulary.idOrUnknown(c));
  }

  decode(ids: ArrayLike<number>, options?: DecodeOptions): string {
    return this.vocabulary
      .idsToDecode(ids, options)
      .map((id) => this.vocabulary.tokens[id])
      .join('');
  }

  toJSON(): TokenizerJSON {
    return {
      type: 'char',
      version: 1,
      alphabet: this.vocabulary.tokens.slice(this.vocabulary.numSpecial),
      lowercase: this.lowercase,
      specialTokens: { ...this.vocabulary.specialTokens },
    };
  }
}
