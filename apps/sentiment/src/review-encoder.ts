import { BytePairTokenizer, CharTokenizer, TextVectorization } from '@seq/data';

/** How reviews become token ids (`--tokenizer`). */
export const TOKENIZER_KINDS = ['words', 'subword', 'chars'] as const;
/** One of {@link TOKENIZER_KINDS}. */
export type TokenizerKind = (typeof TOKENIZER_KINDS)[number];

/** What each tokenizer is, for `--help` and the README. */
export const TOKENIZER_DESCRIPTIONS: Record<TokenizerKind, string> = {
  words:
    "Keras' TextVectorization: lowercase, strip punctuation, split on spaces, the most frequent words",
  subword: 'a byte-pair (BPE) tokenizer trained on the training reviews (BytePairTokenizer)',
  chars: 'one token per character (CharTokenizer), a baseline',
};

/** The saved form of a {@link ReviewEncoder}: `tokenizer.json` in a run folder. */
export interface ReviewEncoderJSON {
  kind: TokenizerKind;
  /** Token ids per review: longer reviews are cut, shorter ones padded with 0 at the end. */
  length: number;
  /** The TextVectorization vocabulary (`words`), or the tokenizer's own JSON. */
  vocabulary?: string[];
  tokenizer?: unknown;
}

/**
 * Turns reviews into fixed-length rows of token ids (0 = padding, at the end) with one of seq's
 * tokenizers, and back into the token strings a model saw (for attention highlights).
 */
export class ReviewEncoder {
  private constructor(
    readonly kind: TokenizerKind,
    readonly length: number,
    private readonly vectorizer: TextVectorization | null,
    private readonly tokenizer: BytePairTokenizer | CharTokenizer | null,
  ) {}

  /**
   * Learns a vocabulary of at most `vocabularySize` ids (special ids included) from the training
   * reviews. `length` 0 picks the 90th percentile of the training reviews' token counts, at most
   * `maxLength`.
   */
  static async fit(
    kind: TokenizerKind,
    texts: readonly string[],
    options: { vocabularySize: number; length: number; maxLength: number },
  ): Promise<ReviewEncoder> {
    const cleaned = texts.map(cleanReview);
    let encoder: ReviewEncoder;
    if (kind === 'words') {
      const vectorizer = new TextVectorization({
        maxTokens: options.vocabularySize,
        lowercase: 'unicode',
      });
      await vectorizer.adapt(cleaned);
      encoder = new ReviewEncoder(kind, 1, vectorizer, null);
    } else if (kind === 'subword') {
      const tokenizer = BytePairTokenizer.train(cleaned, {
        vocabularySize: Math.max(options.vocabularySize, 261),
      });
      encoder = new ReviewEncoder(kind, 1, null, tokenizer);
    } else {
      const tokenizer = CharTokenizer.fromCorpus(cleaned, {
        maxTokens: options.vocabularySize,
        lowercase: true,
      });
      encoder = new ReviewEncoder(kind, 1, null, tokenizer);
    }
    let length = options.length;
    if (length === 0) {
      const counts = cleaned.map((t) => encoder.rawTokens(t).length).sort((a, b) => a - b);
      const p90 = counts[Math.floor(0.9 * (counts.length - 1))] ?? 1;
      length = Math.max(1, Math.min(options.maxLength, p90));
    }
    return new ReviewEncoder(kind, length, encoder.vectorizer, encoder.tokenizer);
  }

  /** Rebuilds an encoder from {@link ReviewEncoder.toJSON}'s output. */
  static fromJSON(json: ReviewEncoderJSON): ReviewEncoder {
    if (json.kind === 'words') {
      const vectorizer = new TextVectorization({
        vocabulary: json.vocabulary ?? [],
        lowercase: 'unicode',
      });
      return new ReviewEncoder('words', json.length, vectorizer, null);
    }
    const tokenizer =
      json.kind === 'subword'
        ? BytePairTokenizer.fromJSON(json.tokenizer)
        : CharTokenizer.fromJSON(json.tokenizer as Parameters<typeof CharTokenizer.fromJSON>[0]);
    return new ReviewEncoder(json.kind, json.length, null, tokenizer);
  }

  /** Number of ids, padding and unknown included. */
  get vocabularySize(): number {
    return this.vectorizer
      ? this.vectorizer.vocabularySize()
      : (this.tokenizer as BytePairTokenizer | CharTokenizer).vocabularySize;
  }

  /** The saved form (vocabulary or tokenizer, and the length). */
  toJSON(): ReviewEncoderJSON {
    return this.vectorizer
      ? { kind: this.kind, length: this.length, vocabulary: this.vectorizer.getVocabulary() }
      : { kind: this.kind, length: this.length, tokenizer: this.tokenizer?.toJSON() };
  }

  /** The ids of one (cleaned) review, uncut. */
  private rawIds(text: string): number[] {
    if (this.tokenizer) return this.tokenizer.encode(text);
    const vectorizer = this.vectorizer as TextVectorization;
    const vocabulary = vectorizer.getVocabulary();
    const index = new Map(vocabulary.map((token, id) => [token, id]));
    return vectorizer.tokenize(text).map((token) => index.get(token) ?? 1);
  }

  /** The token strings of one (cleaned) review, uncut. */
  private rawTokens(text: string): string[] {
    return this.tokenizer
      ? this.tokenizer.tokenize(text)
      : (this.vectorizer as TextVectorization).tokenize(text);
  }

  /**
   * Encodes reviews as a `[reviews, length]` row-major array of ids: cut to the first `length`
   * tokens, padded with 0 at the end.
   */
  encode(texts: readonly string[]): Float32Array {
    const { length } = this;
    const out = new Float32Array(texts.length * length);
    const index =
      this.vectorizer === null
        ? null
        : new Map(this.vectorizer.getVocabulary().map((token, id) => [token, id]));
    texts.forEach((raw, row) => {
      const text = cleanReview(raw);
      const ids = index
        ? (this.vectorizer as TextVectorization).tokenize(text).map((t) => index.get(t) ?? 1)
        : this.rawIds(text);
      const n = Math.min(length, ids.length);
      for (let t = 0; t < n; t++) out[row * length + t] = ids[t] as number;
    });
    return out;
  }

  /** The tokens of a review as the model sees them (cut to `length`), for display. */
  tokens(text: string): string[] {
    return this.rawTokens(cleanReview(text)).slice(0, this.length);
  }
}

/** Removes the HTML line breaks IMDB reviews hold (`<br />`) and trims. */
export function cleanReview(text: string): string {
  return text.replace(/<br\s*\/?>/gi, ' ').trim();
}
