/** What {@link learnBytePairMerges} learns: the characters kept and the merges, in order. */
export interface BytePairModel {
  /** Single code points, most frequent first (ties by code point). */
  alphabet: string[];
  /** Pairs of tokens to merge, in merge order (the rank of a merge is its index). */
  merges: Array<[string, string]>;
}

/** Options for {@link learnBytePairMerges}. */
export interface LearnBytePairMergesOptions {
  /** Most tokens to learn, alphabet and merged tokens together. */
  maxTokens: number;
  /**
   * Fewest occurrences for a character to join the alphabet and for a pair to be merged.
   * @defaultValue `2`
   */
  minFrequency?: number;
  /** Longest merged token, in code points. @defaultValue `Infinity` */
  maxTokenLength?: number;
  /** Strings no learned token may equal (special and byte tokens). @defaultValue none */
  reserved?: Iterable<string>;
}

/**
 * Compares two strings by code point, not by UTF-16 unit (where `'\u{1F600}'` would sort before
 * `'\uFFFD'`).
 * @internal
 */
export function compareByCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // Surrogates (code points above U+FFFF) sort after U+E000..U+FFFF.
        return (x >= 0xe000 ? x - 0x800 : x + 0x2000) - (y >= 0xe000 ? y - 0x800 : y + 0x2000);
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/** A max-heap of candidate pairs: highest count, then smallest merged text, then smallest key. */
class PairHeap {
  private readonly counts: number[] = [];
  private readonly keys: number[] = [];
  private readonly texts: string[] = [];

  get size(): number {
    return this.counts.length;
  }

  private above(i: number, j: number): boolean {
    const ci = this.counts[i] as number;
    const cj = this.counts[j] as number;
    if (ci !== cj) return ci > cj;
    const order = compareByCodePoint(this.texts[i] as string, this.texts[j] as string);
    return order !== 0 ? order < 0 : (this.keys[i] as number) < (this.keys[j] as number);
  }

  private swap(i: number, j: number): void {
    const { counts, keys, texts } = this;
    const count = counts[i] as number;
    counts[i] = counts[j] as number;
    counts[j] = count;
    const key = keys[i] as number;
    keys[i] = keys[j] as number;
    keys[j] = key;
    const text = texts[i] as string;
    texts[i] = texts[j] as string;
    texts[j] = text;
  }

  push(count: number, key: number, text: string): void {
    this.counts.push(count);
    this.keys.push(key);
    this.texts.push(text);
    let i = this.counts.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes the top entry and returns it (the heap must not be empty). */
  pop(): { count: number; key: number; text: string } {
    const top = {
      count: this.counts[0] as number,
      key: this.keys[0] as number,
      text: this.texts[0] as string,
    };
    const last = this.counts.length - 1;
    this.swap(0, last);
    this.counts.pop();
    this.keys.pop();
    this.texts.pop();
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < last && this.above(left, best)) best = left;
      if (right < last && this.above(right, best)) best = right;
      if (best === i) break;
      this.swap(i, best);
      i = best;
    }
    return top;
  }
}

/**
 * Learns byte-pair merges from pre-tokenized chunk counts, SentencePiece style (character BPE):
 *
 * 1. The alphabet: every code point seen at least `minFrequency` times (and not reserved), most
 *    frequent first, ties by code point, at most `maxTokens` of them. Other characters are left
 *    to byte fallback and split the chunk: no merge ever includes them.
 * 2. Merges, until `maxTokens` tokens or no pair is seen `minFrequency` times: the adjacent pair
 *    with the highest count (summed over chunks, times each chunk's count) is merged everywhere,
 *    left to right. Ties go to the pair whose merged text is smaller by code point, then to the
 *    pair whose left token was learned first. A pair whose merged text would be longer than
 *    `maxTokenLength`, equal a reserved string or equal an existing token (`ab`+`c` after
 *    `a`+`bc`) is never merged, so every token comes from exactly one merge.
 *
 * Counting is incremental: each word is a linked list of symbols, with the pair counts, where
 * each pair occurs, and a max-heap of candidates with lazy invalidation (a popped entry whose
 * count is stale is pushed back with the current count); a merge touches only the pair's
 * occurrences and their neighbours, so a long chunk (text with no spaces) costs about
 * O(n log n), not a rewrite of the whole chunk per merge.
 *
 * @param chunkCounts - How many times each chunk occurs (see {@link preTokenize}).
 * @returns The alphabet and the merges.
 * @example
 * ```ts
 * learnBytePairMerges(new Map([['low', 5], [' lower', 2]]), { maxTokens: 12 });
 * // { alphabet: ['l', 'o', 'w', ' ', 'e', 'r'],
 * //   merges: [['l', 'o'], ['lo', 'w'], [' ', 'low'], [' low', 'e'], [' lowe', 'r']] }
 * ```
 * @internal
 */
export function learnBytePairMerges(
  chunkCounts: ReadonlyMap<string, number>,
  options: LearnBytePairMergesOptions,
): BytePairModel {
  const { maxTokens, minFrequency = 2, maxTokenLength = Infinity } = options;
  const reserved = new Set(options.reserved ?? []);

  // 1. The alphabet.
  const charCounts = new Map<string, number>();
  for (const [chunk, count] of chunkCounts) {
    for (const char of chunk) charCounts.set(char, (charCounts.get(char) ?? 0) + count);
  }
  const alphabet = [...charCounts]
    .filter(([char, count]) => count >= minFrequency && !reserved.has(char))
    .sort((a, b) => b[1] - a[1] || compareByCodePoint(a[0], b[0]))
    .slice(0, Math.max(0, maxTokens))
    .map(([char]) => char);
  const merges: Array<[string, string]> = [];
  if (alphabet.length >= maxTokens || maxTokenLength < 2) return { alphabet, merges };

  // Tokens by local id: the alphabet, then merged tokens.
  const texts: string[] = [...alphabet];
  const lengths: number[] = alphabet.map(() => 1);
  const taken = new Set<string>([...reserved, ...alphabet]);
  const charIds = new Map(alphabet.map((char, id) => [char, id]));
  const K = maxTokens + 1; // pair key = left * K + right
  const pairKey = (left: number, right: number) => left * K + right;

  // 2. Words: runs of two or more alphabet characters inside a chunk, laid end to end, each a
  // doubly linked list of symbols (-1 ends it) with the chunk's count. A merge keeps its left
  // symbol and marks its right one -1, so positions stay in word order.
  const symbolList: number[] = [];
  const countList: number[] = [];
  const starts: number[] = []; // where each word starts; the last entry is the end
  for (const [chunk, count] of chunkCounts) {
    let start = symbolList.length;
    for (const char of chunk) {
      const id = charIds.get(char);
      if (id !== undefined) {
        symbolList.push(id);
        countList.push(count);
        continue;
      }
      if (symbolList.length - start > 1) starts.push(start);
      else symbolList.length = countList.length = start;
      start = symbolList.length;
    }
    if (symbolList.length - start > 1) starts.push(start);
    else symbolList.length = countList.length = start;
  }
  const symbols = Int32Array.from(symbolList);
  const counts = Float64Array.from(countList); // the count of each symbol's word
  const next = new Int32Array(symbols.length);
  const prev = new Int32Array(symbols.length);
  starts.push(symbols.length);
  for (let w = 0; w + 1 < starts.length; w++) {
    const start = starts[w] as number;
    const end = starts[w + 1] as number;
    for (let i = start; i < end; i++) {
      prev[i] = i - 1;
      next[i] = i + 1;
    }
    prev[start] = -1;
    next[end - 1] = -1;
  }

  // 3. Pair counts and where each pair occurs: the positions of its left symbol, ascending (a
  // pair only gains positions in the step that makes its newer token, left to right), some stale.
  const pairCounts = new Map<number, number>();
  const pairPositions = new Map<number, number[]>();
  const addPair = (key: number, count: number, at: number) => {
    pairCounts.set(key, (pairCounts.get(key) ?? 0) + count);
    const list = pairPositions.get(key);
    if (list === undefined) pairPositions.set(key, [at]);
    else list.push(at);
  };
  const removePair = (key: number, count: number) => {
    const left = (pairCounts.get(key) as number) - count;
    if (left > 0) pairCounts.set(key, left);
    else pairCounts.delete(key);
  };
  for (let i = 0; i < symbols.length; i++) {
    const j = next[i] as number;
    if (j >= 0)
      addPair(pairKey(symbols[i] as number, symbols[j] as number), counts[i] as number, i);
  }
  const heap = new PairHeap();
  for (const [key, count] of pairCounts) {
    const left = Math.floor(key / K);
    heap.push(count, key, (texts[left] as string) + texts[key - left * K]);
  }

  // 4. Merges: each occurrence of the pair, left to right, skipping one whose symbols have
  // changed (an overlap, `aaa`); only its neighbours' pairs change.
  while (texts.length < maxTokens && heap.size > 0) {
    const top = heap.pop();
    const current = pairCounts.get(top.key) ?? 0;
    if (current !== top.count) {
      if (current > 0) heap.push(current, top.key, top.text);
      continue;
    }
    if (current < minFrequency) break;
    const a = Math.floor(top.key / K);
    const b = top.key - a * K;
    const length = (lengths[a] as number) + (lengths[b] as number);
    if (length > maxTokenLength || taken.has(top.text)) {
      pairPositions.delete(top.key); // never merged
      continue;
    }
    const z = texts.length;
    texts.push(top.text);
    lengths.push(length);
    taken.add(top.text);
    merges.push([texts[a] as string, texts[b] as string]);

    const positions = pairPositions.get(top.key) ?? [];
    pairPositions.delete(top.key);
    const fresh = new Set<number>();
    for (const at of positions) {
      if (symbols[at] !== a) continue;
      const right = next[at] as number;
      if (right < 0 || symbols[right] !== b) continue;
      const count = counts[at] as number;
      const before = prev[at] as number;
      const after = next[right] as number;
      removePair(top.key, count);
      if (before >= 0) removePair(pairKey(symbols[before] as number, a), count);
      if (after >= 0) removePair(pairKey(b, symbols[after] as number), count);
      symbols[at] = z;
      symbols[right] = -1;
      next[at] = after;
      if (after >= 0) {
        prev[after] = at;
        const key = pairKey(z, symbols[after] as number);
        addPair(key, count, at);
        fresh.add(key);
      }
      if (before >= 0) {
        const key = pairKey(symbols[before] as number, z);
        addPair(key, count, before);
        fresh.add(key);
      }
    }
    // Only pairs with the new token gain counts; the others are fixed lazily when popped.
    for (const key of fresh) {
      const count = pairCounts.get(key);
      if (count === undefined) continue;
      const left = Math.floor(key / K);
      heap.push(count, key, (texts[left] as string) + texts[key - left * K]);
    }
  }
  return { alphabet, merges };
}

/**
 * Counts the chunks of a corpus: each text is normalised, then split by `split`.
 * @internal
 */
export function countChunks(
  texts: Iterable<string>,
  normalize: (text: string) => string,
  split: (text: string) => string[],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const chunk of split(normalize(text))) counts.set(chunk, (counts.get(chunk) ?? 0) + 1);
  }
  return counts;
}
