import { assertOneOf, assertPositiveInteger, SeqError } from '@seq/core';
import type {
  BytePairTokenizerJSON,
  BytePairTokenizerOptions,
  BytePairTrainOptions,
} from './byte-pair-options.js';
import { countChunks, learnBytePairMerges } from './byte-pair-trainer.js';
import { BYTE_TOKENS, decodeUtf8, pushUtf8Bytes } from './byte-tokens.js';
import { checkBytePairJSON, checkBytePairModel } from './check-byte-pair-model.js';
import { preTokenize } from './pre-tokenize.js';
import {
  assertCorpus,
  assertText,
  resolveSpecialTokens,
  specialTokenList,
  TokenVocabulary,
} from './token-vocabulary.js';
import type { DecodeOptions } from './tokenizer.js';
import {
  normalizeUnicode,
  UNICODE_NORMALIZATIONS,
  type UnicodeNormalization,
} from './unicode-normalization.js';
import { VocabularyTokenizer } from './vocabulary-tokenizer.js';

const CACHE_LIMIT = 50_000;
const CACHED_CHUNK_LENGTH = 256;

/** Work arrays for merging one run of symbols: its linked list and the candidate-pair heap. */
interface MergeScratch {
  next: Int32Array;
  prev: Int32Array;
  heapRanks: Int32Array;
  heapAt: Int32Array;
}

/**
 * Pushes (rank, at) on a binary min-heap ordered by rank, then position; returns the new size.
 */
function heapPush(
  ranks: Int32Array,
  positions: Int32Array,
  size: number,
  rank: number,
  at: number,
): number {
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const parentRank = ranks[parent] as number;
    if (parentRank < rank || (parentRank === rank && (positions[parent] as number) < at)) break;
    ranks[i] = parentRank;
    positions[i] = positions[parent] as number;
    i = parent;
  }
  ranks[i] = rank;
  positions[i] = at;
  return size + 1;
}

/**
 * A subword tokenizer: character-level byte-pair encoding with byte fallback, as SentencePiece's
 * BPE model (Sennrich et al. 2016, "Neural Machine Translation of Rare Words with Subword Units";
 * Kudo & Richardson 2018). Learn one with {@link BytePairTokenizer.train}.
 *
 * The vocabulary, by id: the special tokens (pad 0, unknown 1, then start and end when present),
 * the 256 byte tokens `<0x00>`..`<0xFF>`, the alphabet (single code points, most frequent first),
 * then one token per merge, in merge order. A text is normalised ({@link normalizeUnicode}: lone
 * surrogates to U+FFFD, then NFC by default), split into chunks by {@link preTokenize} (merges never
 * cross chunks), and each chunk's characters are merged by rank (lowest first, as GPT-2). A
 * character outside the alphabet is written as its UTF-8 bytes' byte tokens, so nothing is
 * unknown and `decode(encode(text)) === normalize(text)` for every string.
 *
 * Unlike keras-hub's `BytePairTokenizer` (GPT-2's byte-level BPE, which maps every byte to a
 * printable character first, so a Hangul syllable starts as three byte symbols), the symbols here
 * are code points: a Hangul syllable, a CJK ideograph or an emoji code point is one symbol, and
 * tokens are readable text with their spaces (`' 진짜'`). The saved merges are pairs of token
 * strings, not keras-hub's `"a b"` lines (a token may hold a space).
 *
 * @example
 * ```ts
 * const tokenizer = BytePairTokenizer.train(['low lower lowest', 'newer wider'], {
 *   vocabularySize: 300,
 * });
 * const ids = tokenizer.encode('lowest 👍');
 * tokenizer.decode(ids); // 'lowest 👍' (the emoji as four byte tokens)
 * ```
 */
export class BytePairTokenizer extends VocabularyTokenizer {
  /** How texts are normalised before encoding. */
  readonly normalization: UnicodeNormalization;
  private readonly alphabet: readonly string[];
  private readonly merges: ReadonlyArray<readonly [string, string]>;
  private readonly charIds: Map<string, number>;
  /** Pair key (`left * size + right`) to merge rank. */
  private readonly mergeRanks = new Map<number, number>();
  private readonly firstMergeId: number;
  /** Each merge's left and right token ids, by rank. */
  private readonly mergeLefts: Int32Array;
  private readonly mergeRights: Int32Array;
  private scratch: MergeScratch | undefined;
  private readonly cache = new Map<string, number[]>();

  /**
   * @throws {@link @seq/core!index.SeqError} for a bad option, naming it: "BytePairTokenizer:
   *   \`alphabet[3]\` must be a string of one code point (not a lone surrogate); received "ab"."
   */
  constructor(options: BytePairTokenizerOptions) {
    const model = checkBytePairModel('BytePairTokenizer', '', options);
    const merged = model.merges.map(([left, right]) => left + right);
    super(
      new TokenVocabulary('BytePairTokenizer', model.specialTokens, [
        ...BYTE_TOKENS,
        ...model.alphabet,
        ...merged,
      ]),
    );
    this.normalization = model.normalization;
    this.alphabet = model.alphabet;
    this.merges = model.merges;
    const alphabetStart = this.vocabulary.numSpecial + BYTE_TOKENS.length;
    this.charIds = new Map(model.alphabet.map((char, i) => [char, alphabetStart + i]));
    this.firstMergeId = alphabetStart + model.alphabet.length;
    const size = this.vocabulary.size;
    this.mergeLefts = new Int32Array(model.merges.length);
    this.mergeRights = new Int32Array(model.merges.length);
    model.merges.forEach(([left, right], rank) => {
      const leftId = this.vocabulary.tokenToId(left) as number;
      const rightId = this.vocabulary.tokenToId(right) as number;
      this.mergeLefts[rank] = leftId;
      this.mergeRights[rank] = rightId;
      this.mergeRanks.set(leftId * size + rightId, rank);
    });
  }

  /**
   * Learns a tokenizer from a corpus: counts the chunks once, keeps the most frequent characters
   * as the alphabet, then merges the most frequent adjacent pair until `vocabularySize` ids or no
   * pair occurs `minFrequency` times. Ties go to the pair whose merged text is smaller by code
   * point, then to the pair whose left token was learned first.
   * When `vocabularySize` leaves no room for every character, the most frequent ones are kept and
   * the others use byte fallback. About 1.2 s for 10 MB of text and 8000 ids (one core).
   *
   * @param corpus - One text, or an array (or iterable) of texts.
   * @throws {@link @seq/core!index.SeqError} for an empty corpus, a non-string text or a bad
   *   option: "BytePairTokenizer.train: \`vocabularySize\` must be an integer >= 261 (4 special
   *   tokens, 256 byte tokens and 1 character); received 100."
   * @example
   * ```ts
   * const tokenizer = BytePairTokenizer.train(reviews, { vocabularySize: 8000 });
   * tokenizer.tokenize('진짜 재밌네요'); // e.g. ['진짜', ' 재밌', '네요']
   * ```
   */
  static train(
    corpus: string | Iterable<string>,
    options: BytePairTrainOptions,
  ): BytePairTokenizer {
    const owner = 'BytePairTokenizer.train';
    const texts = assertCorpus(owner, 'corpus', corpus);
    if (typeof options !== 'object' || options === null) {
      throw new SeqError({ owner, argument: 'options', expected: 'an object', received: options });
    }
    const specialTokens = resolveSpecialTokens(owner, options.specialTokens);
    const special = specialTokenList(specialTokens);
    const smallest = special.length + BYTE_TOKENS.length + 1;
    if (!Number.isInteger(options.vocabularySize) || options.vocabularySize < smallest) {
      throw new SeqError({
        owner,
        argument: 'vocabularySize',
        expected: `an integer >= ${smallest} (${special.length} special tokens, 256 byte tokens and 1 character)`,
        received: options.vocabularySize,
      });
    }
    const minFrequency = assertPositiveInteger(owner, 'minFrequency', options.minFrequency ?? 2);
    const maxTokenLength =
      options.maxTokenLength === undefined
        ? Infinity
        : assertPositiveInteger(owner, 'maxTokenLength', options.maxTokenLength);
    const normalization = assertOneOf(
      owner,
      'normalization',
      options.normalization ?? 'NFC',
      UNICODE_NORMALIZATIONS,
    );
    const counts = countChunks(texts, (text) => normalizeUnicode(text, normalization), preTokenize);
    const model = learnBytePairMerges(counts, {
      maxTokens: options.vocabularySize - special.length - BYTE_TOKENS.length,
      minFrequency,
      maxTokenLength,
      reserved: [...special, ...BYTE_TOKENS],
    });
    return new BytePairTokenizer({ ...model, normalization, specialTokens });
  }

  /**
   * Rebuilds a tokenizer from {@link BytePairTokenizer.toJSON}'s output, checking every field.
   * @throws {@link @seq/core!index.SeqError} naming the bad field: "BytePairTokenizer.fromJSON:
   *   \`json.merges[0][1]\` must be a token of the alphabet or of an earlier merge; received "q"."
   * @example
   * ```ts
   * const copy = BytePairTokenizer.fromJSON(JSON.parse(JSON.stringify(tokenizer)));
   * ```
   */
  static fromJSON(json: unknown): BytePairTokenizer {
    return new BytePairTokenizer(checkBytePairJSON(json));
  }

  /**
   * The text as the tokenizer sees it: lone surrogates replaced by U+FFFD, then normalised.
   * `decode(encode(text))` returns exactly this.
   * @throws {@link @seq/core!index.SeqError} when `text` is not a string.
   */
  normalize(text: string): string {
    return normalizeUnicode(
      assertText('BytePairTokenizer.normalize', 'text', text),
      this.normalization,
    );
  }

  /**
   * Encodes a text as token ids, each in `[0, vocabularySize)`; never the unknown id (unseen
   * characters become byte tokens). No start or end token is added.
   * @throws {@link @seq/core!index.SeqError} when `text` is not a string.
   * @example
   * ```ts
   * tokenizer.decode(tokenizer.encode('아 더빙.. 진짜')); // '아 더빙.. 진짜'
   * ```
   */
  encode(text: string): number[] {
    assertText('BytePairTokenizer.encode', 'text', text);
    const ids: number[] = [];
    for (const chunk of preTokenize(normalizeUnicode(text, this.normalization))) {
      for (const id of this.encodeChunk(chunk)) ids.push(id);
    }
    return ids;
  }

  /**
   * Splits a text into token strings (byte tokens written `<0xEC>`).
   * @throws {@link @seq/core!index.SeqError} when `text` is not a string.
   */
  tokenize(text: string): string[] {
    assertText('BytePairTokenizer.tokenize', 'text', text);
    const tokens = this.vocabulary.tokens;
    return this.encode(text).map((id) => tokens[id] as string);
  }

  /**
   * Turns ids back into text: tokens are concatenated, and runs of byte tokens are decoded as
   * UTF-8, an invalid sequence becoming U+FFFD. Special tokens are written as their strings
   * (pad, start and end only when `skipSpecialTokens` is `false`).
   * @throws {@link @seq/core!index.SeqError} for an id outside `[0, vocabularySize)`.
   */
  decode(ids: ArrayLike<number>, options?: DecodeOptions): string {
    const tokens = this.vocabulary.tokens;
    const firstByte = this.vocabulary.numSpecial;
    let text = '';
    const bytes: number[] = [];
    for (const id of this.vocabulary.idsToDecode(ids, options)) {
      if (id >= firstByte && id < firstByte + 256) {
        bytes.push(id - firstByte);
        continue;
      }
      if (bytes.length > 0) {
        text += decodeUtf8(bytes);
        bytes.length = 0;
      }
      text += tokens[id] as string;
    }
    return bytes.length > 0 ? text + decodeUtf8(bytes) : text;
  }

  /** The alphabet: the characters with a token of their own, in id order. */
  getAlphabet(): string[] {
    return [...this.alphabet];
  }
  /** The merges in rank order, as pairs of token strings. */
  getMerges(): Array<[string, string]> {
    return this.merges.map(([left, right]) => [left, right]);
  }

  toJSON(): BytePairTokenizerJSON {
    return {
      type: 'bpe',
      version: 1,
      normalization: this.normalization,
      specialTokens: { ...this.vocabulary.specialTokens },
      alphabet: this.getAlphabet(),
      merges: this.getMerges(),
    };
  }

  /** The ids of one pre-tokenized chunk (cached). */
  private encodeChunk(chunk: string): number[] {
    const cached = this.cache.get(chunk);
    if (cached !== undefined) return cached;
    const ids: number[] = [];
    let run: number[] = [];
    const bytes: number[] = [];
    for (const char of chunk) {
      const id = this.charIds.get(char);
      if (id !== undefined) {
        run.push(id);
        continue;
      }
      if (run.length > 0) {
        this.applyMerges(run, ids);
        run = [];
      }
      bytes.length = 0;
      pushUtf8Bytes(char.codePointAt(0) as number, bytes);
      for (const byte of bytes) ids.push(this.vocabulary.numSpecial + byte);
    }
    if (run.length > 0) this.applyMerges(run, ids);
    if (chunk.length <= CACHED_CHUNK_LENGTH) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(chunk, ids);
    }
    return ids;
  }

  /**
   * Merges `symbols` by rank, lowest first, all occurrences left to right; appends to `out`.
   *
   * The symbols form a doubly linked list and the candidate pairs a min-heap ordered by (rank,
   * position of the left symbol), with lazy invalidation: a popped pair is merged only if its two
   * symbols are still neighbours with those ids. A merge only makes pairs with the new token,
   * whose ranks are higher (a merge's parts come from earlier merges), so pairs are merged in rank
   * order and, within a rank, left to right, skipping overlaps (`aaa` gives `aa a`): the same
   * result as merging the lowest-ranked pair everywhere, round after round, in O(n log n).
   */
  private applyMerges(symbols: number[], out: number[]): void {
    const n = symbols.length;
    if (n < 2) {
      if (n === 1) out.push(symbols[0] as number);
      return;
    }
    const size = this.vocabulary.size;
    const ranks = this.mergeRanks;
    const { mergeLefts, mergeRights, firstMergeId } = this;
    const scratch = this.scratchFor(n);
    const { next, prev, heapRanks, heapAt } = scratch;
    const sym = symbols; // the run is ours to overwrite; a merged-away symbol becomes -1
    let heapSize = 0;

    for (let i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    for (let i = 0; i + 1 < n; i++) {
      const rank = ranks.get((sym[i] as number) * size + (sym[i + 1] as number));
      if (rank !== undefined) heapSize = heapPush(heapRanks, heapAt, heapSize, rank, i);
    }

    while (heapSize > 0) {
      const rank = heapRanks[0] as number;
      const at = heapAt[0] as number;
      // Pop: sift the last entry down from the root.
      heapSize--;
      if (heapSize > 0) {
        const lastRank = heapRanks[heapSize] as number;
        const lastAt = heapAt[heapSize] as number;
        let i = 0;
        for (;;) {
          let child = 2 * i + 1;
          if (child >= heapSize) break;
          let cr = heapRanks[child] as number;
          let ca = heapAt[child] as number;
          const right = child + 1;
          if (right < heapSize) {
            const rr = heapRanks[right] as number;
            const ra = heapAt[right] as number;
            if (rr < cr || (rr === cr && ra < ca)) {
              child = right;
              cr = rr;
              ca = ra;
            }
          }
          if (lastRank < cr || (lastRank === cr && lastAt < ca)) break;
          heapRanks[i] = cr;
          heapAt[i] = ca;
          i = child;
        }
        heapRanks[i] = lastRank;
        heapAt[i] = lastAt;
      }

      const right = next[at] as number;
      if (right < 0 || sym[at] !== mergeLefts[rank] || sym[right] !== mergeRights[rank]) continue;
      const merged = firstMergeId + rank;
      sym[at] = merged;
      sym[right] = -1;
      const after = next[right] as number;
      next[at] = after;
      if (after >= 0) {
        prev[after] = at;
        const r = ranks.get(merged * size + (sym[after] as number));
        if (r !== undefined) heapSize = heapPush(heapRanks, heapAt, heapSize, r, at);
      }
      const before = prev[at] as number;
      if (before >= 0) {
        const r = ranks.get((sym[before] as number) * size + merged);
        if (r !== undefined) heapSize = heapPush(heapRanks, heapAt, heapSize, r, before);
      }
    }
    for (let i = 0; i >= 0; i = next[i] as number) out.push(sym[i] as number);
  }

  /** Work arrays for {@link applyMerges} on `n` symbols, reused between calls. */
  private scratchFor(n: number): MergeScratch {
    let scratch = this.scratch;
    if (scratch === undefined || scratch.next.length < n) {
      const capacity = Math.max(n, 2 * (scratch?.next.length ?? 32));
      scratch = {
        next: new Int32Array(capacity),
        prev: new Int32Array(capacity),
        // At most n - 1 initial pairs, then two per merge (at most n - 1 merges).
        heapRanks: new Int32Array(3 * capacity),
        heapAt: new Int32Array(3 * capacity),
      };
      this.scratch = scratch;
    }
    return scratch;
  }
}
