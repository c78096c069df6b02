import { assertBoolean, SeqError } from '@seq/core';
import { rankTokens } from './rank-tokens.js';
import {
  assertCorpus,
  assertText,
  resolveSpecialTokens,
  type SpecialTokenOptions,
  specialTokenList,
  TokenVocabulary,
} from './token-vocabulary.js';
import type { DecodeOptions, SpecialTokens, Tokenizer, TokenizerJSON } from './tokenizer.js';

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
export class CharTokenizer implements Tokenizer {
  /** Whether texts are lowercased before encoding. */
  readonly lowercase: boolean;
  private readonly vocabulary: TokenVocabulary;

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
    this.lowercase = assertBoolean(OWNER, 'lowercase', options.lowercase ?? false);
    this.vocabulary = new TokenVocabulary(
      OWNER,
      resolveSpecialTokens(OWNER, options.specialTokens),
      characters,
    );
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
    const owner = `${OWNER}.fromCorpus`;
    const texts = assertCorpus(owner, 'corpus', corpus);
    const lowercase = assertBoolean(owner, 'lowercase', options.lowercase ?? false);
    const special = resolveSpecialTokens(owner, options.specialTokens);
    const numSpecial = 2 + (special.start === null ? 0 : 1) + (special.end === null ? 0 : 1);
    const maxTokens = options.maxTokens ?? Infinity;
    if (maxTokens !== Infinity && !(Number.isInteger(maxTokens) && maxTokens > numSpecial)) {
      throw new SeqError({
        owner,
        argument: 'maxTokens',
        expected: `an integer greater than the ${numSpecial} special tokens`,
        received: options.maxTokens,
      });
    }
    const minFrequency = options.minFrequency ?? 1;
    if (!(Number.isInteger(minFrequency) && minFrequency >= 1)) {
      throw new SeqError({
        owner,
        argument: 'minFrequency',
        expected: 'a positive integer',
        received: minFrequency,
      });
    }
    const counts = new Map<string, number>();
    for (const text of texts) {
      for (const c of lowercase ? text.toLowerCase() : text)
        counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    for (const [c, n] of counts) if (n < minFrequency) counts.delete(c);
    // A special token's string in the text is ordinary text: it is never a learned token.
    for (const token of specialTokenList(special)) counts.delete(token);
    const alphabet = rankTokens(counts, maxTokens - numSpecial);
    return new CharTokenizer({ alphabet, lowercase, specialTokens: options.specialTokens });
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

  get vocabularySize(): number {
    return this.vocabulary.size;
  }
  get specialTokens(): Readonly<SpecialTokens> {
    return this.vocabulary.specialTokens;
  }
  get padId(): number {
    return this.vocabulary.padId;
  }
  get unknownId(): number {
    return this.vocabulary.unknownId;
  }
  get startId(): number | undefined {
    return this.vocabulary.startId;
  }
  get endId(): number | undefined {
    return this.vocabulary.endId;
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

  tokenToId(token: string): number | undefined {
    return this.vocabulary.tokenToId(token);
  }

  idToToken(id: number): string {
    return this.vocabulary.idToToken(id);
  }

  getVocabulary(): string[] {
    return [...this.vocabulary.tokens];
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
