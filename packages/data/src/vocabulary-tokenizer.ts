import type { TokenVocabulary } from './token-vocabulary.js';
import type { DecodeOptions, SpecialTokens, Tokenizer, TokenizerJSON } from './tokenizer.js';

/**
 * What every seq tokenizer shares: the {@link Tokenizer} members that only read its
 * vocabulary (sizes, special token ids, lookups). Subclasses split and join text.
 * @internal
 */
export abstract class VocabularyTokenizer implements Tokenizer {
  /** @internal */
  protected readonly vocabulary: TokenVocabulary;

  protected constructor(vocabulary: TokenVocabulary) {
    this.vocabulary = vocabulary;
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
  tokenToId(token: string): number | undefined {
    return this.vocabulary.tokenToId(token);
  }
  idToToken(id: number): string {
    return this.vocabulary.idToToken(id);
  }
  getVocabulary(): string[] {
    return [...this.vocabulary.tokens];
  }
  /** Splits a text into vocabulary tokens (after normalisation), as strings. */
  abstract tokenize(text: string): string[];
  /** Encodes a text as token ids, each in `[0, vocabularySize)`. */
  abstract encode(text: string): number[];
  /** Turns ids back into text; ids outside `[0, vocabularySize)` are an error. */
  abstract decode(ids: ArrayLike<number>, options?: DecodeOptions): string;
  /** A plain JSON object from which `tokenizerFromJSON` rebuilds an equal tokenizer. */
  abstract toJSON(): TokenizerJSON;
}
