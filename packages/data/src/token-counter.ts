import { rankTokens } from './rank-tokens.js';

/** What {@link TokenCounter.finalize} learned: tokens in id order and their IDF weights. @internal */
export interface LearnedVocabulary {
  tokens: string[];
  /** `log(1 + documents / (1 + documentCount))` per token, when document counts were kept. */
  idfWeights: number[] | null;
}

/**
 * Counts tokens (and the documents each appears in) over a corpus, the state of Keras'
 * `IndexLookup.update_state`, and ranks them as its `finalize_state` does.
 * @internal
 */
export class TokenCounter {
  private readonly counts = new Map<string, number>();
  private readonly documentCounts: Map<string, number> | null;
  private documents = 0;

  constructor(keepDocumentCounts: boolean) {
    this.documentCounts = keepDocumentCounts ? new Map() : null;
  }

  get size(): number {
    return this.counts.size;
  }

  /** Adds one document's tokens. */
  update(tokens: readonly string[]): void {
    for (const token of tokens) this.counts.set(token, (this.counts.get(token) ?? 0) + 1);
    if (this.documentCounts) {
      for (const token of new Set(tokens)) {
        this.documentCounts.set(token, (this.documentCounts.get(token) ?? 0) + 1);
      }
      this.documents++;
    }
  }

  /**
   * Ranks the counted tokens (count descending, ties by descending code point order), leaving out
   * `reserved` (the mask and OOV tokens, never learned), keeping at most `limit`.
   */
  finalize(reserved: readonly string[], limit: number): LearnedVocabulary {
    for (const token of reserved) this.counts.delete(token);
    const tokens = rankTokens(this.counts, limit);
    const documentCounts = this.documentCounts;
    const idfWeights = documentCounts
      ? tokens.map((t) => Math.log(1 + this.documents / (1 + (documentCounts.get(t) ?? 0))))
      : null;
    return { tokens, idfWeights };
  }
}
