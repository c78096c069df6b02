/**
 * The special tokens a tokenizer reserves, by role. They take the first ids, in this order: `pad`
 * (always 0), `unknown` (always 1), then `start` and `end` when present. Text is never parsed for
 * them: the string `"[END]"` in a text encodes as ordinary characters, so no input can forge a
 * control token.
 */
export interface SpecialTokens {
  /** Padding, id 0. @defaultValue `'[PAD]'` */
  pad: string;
  /** Out-of-vocabulary, id 1. @defaultValue `'[UNK]'` */
  unknown: string;
  /** Start of sequence (for decoders), id 2 when present. @defaultValue `'[START]'` */
  start: string | null;
  /** End of sequence, the id after `start` when present. @defaultValue `'[END]'` */
  end: string | null;
}

/** Options for {@link Tokenizer.decode}. */
export interface DecodeOptions {
  /**
   * Whether to leave out the pad, start and end tokens (the unknown token is always written, as
   * its string, so a reader sees where text was lost).
   * @defaultValue `true`
   */
  skipSpecialTokens?: boolean;
}

/**
 * What every seq tokenizer does: text to ids and back, with a fixed vocabulary and special tokens
 * at the same ids. {@link CharTokenizer}, {@link WordTokenizer} and {@link BytePairTokenizer}
 * implement it; {@link tokenizerFromJSON} restores any of them.
 */
export interface Tokenizer {
  /** Number of ids, special tokens included: every id is in `[0, vocabularySize)`. */
  readonly vocabularySize: number;
  /** The special token strings by role. */
  readonly specialTokens: Readonly<SpecialTokens>;
  /** Id of the pad token (0). */
  readonly padId: number;
  /** Id of the unknown token (1). */
  readonly unknownId: number;
  /** Id of the start token, or `undefined` when the tokenizer has none. */
  readonly startId: number | undefined;
  /** Id of the end token, or `undefined` when the tokenizer has none. */
  readonly endId: number | undefined;
  /** Splits a text into vocabulary tokens (after normalisation), as strings. */
  tokenize(text: string): string[];
  /** Encodes a text as token ids, each in `[0, vocabularySize)`. */
  encode(text: string): number[];
  /** Turns ids back into text; ids outside `[0, vocabularySize)` are an error. */
  decode(ids: ArrayLike<number>, options?: DecodeOptions): string;
  /** The id of a token string, or `undefined` when it is not in the vocabulary. */
  tokenToId(token: string): number | undefined;
  /** The token string of an id. */
  idToToken(id: number): string;
  /** The vocabulary, indexed by id. */
  getVocabulary(): string[];
  /** A plain JSON object from which {@link tokenizerFromJSON} rebuilds an equal tokenizer. */
  toJSON(): TokenizerJSON;
}

/** The saved form of a tokenizer: `type` tells {@link tokenizerFromJSON} which class to build. */
export interface TokenizerJSON {
  /** `'char'`, `'word'` or `'bpe'`. */
  type: string;
  /** Format version of the saved form. */
  version: number;
  /** Everything else the class needs. */
  [key: string]: unknown;
}
