import type { SpecialTokenOptions } from './token-vocabulary.js';
import type { SpecialTokens, TokenizerJSON } from './tokenizer.js';
import type { UnicodeNormalization } from './unicode-normalization.js';

/** What a {@link BytePairTokenizer} is built from (what {@link BytePairTokenizer.train} learns). */
export interface BytePairTokenizerOptions {
  /**
   * The characters that are tokens of their own: distinct single code points, not special tokens.
   * Any other character is written as its UTF-8 bytes' byte tokens.
   */
  alphabet: readonly string[];
  /**
   * The merges in rank order: each pair joins two tokens of the alphabet or of earlier merges into
   * a new token (their concatenation), which must not already be a token.
   */
  merges: ReadonlyArray<readonly [string, string]>;
  /** How texts are normalised before encoding. @defaultValue `'NFC'` */
  normalization?: UnicodeNormalization;
  /** The special token strings; `null` leaves out `start` or `end`. @defaultValue `[PAD]`, `[UNK]`, `[START]`, `[END]` */
  specialTokens?: SpecialTokenOptions;
}

/** Options for {@link BytePairTokenizer.train}. */
export interface BytePairTrainOptions {
  /**
   * Most ids, special tokens and the 256 byte tokens included: at least the number of special
   * tokens + 257. Training stops earlier when no pair is frequent enough.
   */
  vocabularySize: number;
  /** Fewest occurrences for a character to join the alphabet and for a pair to merge. @defaultValue `2` */
  minFrequency?: number;
  /** Longest learned token, in code points. @defaultValue no limit */
  maxTokenLength?: number;
  /** How texts are normalised, in training and encoding. @defaultValue `'NFC'` */
  normalization?: UnicodeNormalization;
  /** The special token strings; `null` leaves out `start` or `end`. @defaultValue `[PAD]`, `[UNK]`, `[START]`, `[END]` */
  specialTokens?: SpecialTokenOptions;
}

/** The saved form of a {@link BytePairTokenizer}. */
export interface BytePairTokenizerJSON extends TokenizerJSON {
  /** Always `'bpe'`. */
  type: 'bpe';
  /** Format version, `1`. */
  version: 1;
  /** How texts are normalised. */
  normalization: UnicodeNormalization;
  /** All four roles, `null` for a left-out start or end. */
  specialTokens: SpecialTokens;
  /** The single-character tokens, in id order. */
  alphabet: string[];
  /** The merges in rank order, as `[left, right]` token strings. */
  merges: Array<[string, string]>;
}
