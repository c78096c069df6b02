import { assertBoolean, assertPositiveInteger, describeValue, SeqError } from '@seq/core';
import { rankTokens } from './rank-tokens.js';
import type { DecodeOptions, SpecialTokens } from './tokenizer.js';

/** What a caller may set of the special tokens: `null` leaves out `start` or `end`. */
export interface SpecialTokenOptions {
  /** @defaultValue `'[PAD]'` */
  pad?: string;
  /** @defaultValue `'[UNK]'` */
  unknown?: string;
  /** @defaultValue `'[START]'` */
  start?: string | null;
  /** @defaultValue `'[END]'` */
  end?: string | null;
}

/**
 * Fills in and checks special tokens: non-empty, distinct strings.
 * @internal
 */
export function resolveSpecialTokens(
  owner: string,
  options: SpecialTokenOptions | undefined,
): SpecialTokens {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new SeqError({
      owner,
      argument: 'specialTokens',
      expected: 'an object',
      received: options,
    });
  }
  const tokens: SpecialTokens = {
    pad: options?.pad ?? '[PAD]',
    unknown: options?.unknown ?? '[UNK]',
    start: options?.start === undefined ? '[START]' : options.start,
    end: options?.end === undefined ? '[END]' : options.end,
  };
  const seen = new Set<string>();
  for (const role of ['pad', 'unknown', 'start', 'end'] as const) {
    const token = tokens[role];
    if (token === null && (role === 'start' || role === 'end')) continue;
    if (typeof token !== 'string' || token === '' || seen.has(token)) {
      throw new SeqError({
        owner,
        argument: `specialTokens.${role}`,
        expected: 'a non-empty string different from the other special tokens',
        received: token,
      });
    }
    seen.add(token);
  }
  return tokens;
}

/** The special token strings in id order. @internal */
export function specialTokenList(tokens: SpecialTokens): string[] {
  const list = [tokens.pad, tokens.unknown];
  if (tokens.start !== null) list.push(tokens.start);
  if (tokens.end !== null) list.push(tokens.end);
  return list;
}

/**
 * A vocabulary of token strings with the special tokens first: the id lookups, the range checks
 * and the `Tokenizer` members that every seq tokenizer shares.
 * @internal
 */
export class TokenVocabulary {
  readonly tokens: readonly string[];
  readonly specialTokens: Readonly<SpecialTokens>;
  readonly padId = 0;
  readonly unknownId = 1;
  readonly startId: number | undefined;
  readonly endId: number | undefined;
  /** Number of special tokens: the first learned token's id. */
  readonly numSpecial: number;
  private readonly index: Map<string, number>;

  /**
   * @param owner - Class name used in error messages.
   * @param learned - The non-special tokens, in id order; duplicates or special tokens are errors.
   */
  constructor(
    readonly owner: string,
    specialTokens: SpecialTokens,
    learned: readonly string[],
  ) {
    this.specialTokens = Object.freeze({ ...specialTokens });
    const special = specialTokenList(specialTokens);
    this.numSpecial = special.length;
    this.startId = specialTokens.start === null ? undefined : 2;
    this.endId = specialTokens.end === null ? undefined : special.length - 1;
    const tokens = [...special, ...learned];
    const index = new Map<string, number>();
    const specialSet = new Set(special);
    tokens.forEach((token, id) => {
      if (typeof token !== 'string' || index.has(token)) {
        const why =
          typeof token !== 'string'
            ? 'not a string'
            : specialSet.has(token)
              ? 'a special token'
              : 'a repeat';
        throw new SeqError({
          owner,
          argument: 'vocabulary',
          expected: 'distinct strings that are not special tokens',
          received: token,
          receivedDescription: `${describeValue(token)} at position ${id - special.length} (${why})`,
        });
      }
      index.set(token, id);
    });
    this.tokens = tokens;
    this.index = index;
  }

  get size(): number {
    return this.tokens.length;
  }

  tokenToId(token: string): number | undefined {
    return this.index.get(token);
  }

  /** The id of `token`, or the unknown id. */
  idOrUnknown(token: string): number {
    return this.index.get(token) ?? this.unknownId;
  }

  idToToken(id: number): string {
    this.checkId(`${this.owner}.idToToken`, 'id', id);
    return this.tokens[id] as string;
  }

  /** Whether `id` is pad, start or end (the tokens `decode` leaves out by default). */
  isSkippable(id: number): boolean {
    return id === this.padId || id === this.startId || id === this.endId;
  }

  checkId(owner: string, argument: string, id: unknown): void {
    if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= this.tokens.length) {
      throw new SeqError({
        owner,
        argument,
        expected: `an integer id in [0, ${this.tokens.length})`,
        received: id,
      });
    }
  }

  /**
   * Checks every id before any is decoded, and returns the ids to write (special tokens left out
   * as `options` says).
   */
  idsToDecode(ids: ArrayLike<number>, options: DecodeOptions | undefined): number[] {
    const owner = `${this.owner}.decode`;
    if (ids == null || typeof ids !== 'object' || typeof ids.length !== 'number') {
      throw new SeqError({
        owner,
        argument: 'ids',
        expected: 'an array of token ids',
        received: ids,
      });
    }
    const skip = options?.skipSpecialTokens ?? true;
    const out: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      this.checkId(owner, `ids[${i}]`, id);
      if (!(skip && this.isSkippable(id))) out.push(id);
    }
    return out;
  }
}

/**
 * Checks that `text` is a string (every tokenizer's `encode` and `tokenize` start here).
 * @internal
 */
export function assertText(owner: string, argument: string, text: unknown): string {
  if (typeof text !== 'string') {
    throw new SeqError({ owner, argument, expected: 'a string', received: text });
  }
  return text;
}

/**
 * Checks that a corpus is a non-empty array (or iterable) of strings and returns it as an array.
 * @internal
 */
export function assertCorpus(owner: string, argument: string, corpus: unknown): string[] {
  const texts =
    typeof corpus === 'string'
      ? [corpus]
      : corpus != null && typeof (corpus as Iterable<unknown>)[Symbol.iterator] === 'function'
        ? Array.from(corpus as Iterable<unknown>)
        : null;
  if (texts === null) {
    throw new SeqError({
      owner,
      argument,
      expected: 'a string or an array of strings',
      received: corpus,
    });
  }
  texts.forEach((text, i) => {
    if (typeof text !== 'string') {
      throw new SeqError({
        owner,
        argument: `${argument}[${i}]`,
        expected: 'a string',
        received: text,
      });
    }
  });
  if (!texts.some((t) => (t as string).length > 0)) {
    throw new SeqError({
      owner,
      argument,
      expected: 'a corpus with at least one non-empty text',
      received: corpus,
      receivedDescription: texts.length === 0 ? 'no texts' : `${texts.length} empty texts`,
    });
  }
  return texts as string[];
}

/** What {@link learnTokens} reads from a tokenizer's `fromCorpus` options. @internal */
export interface CorpusOptions {
  maxTokens?: number;
  minFrequency?: number;
  lowercase?: boolean;
  specialTokens?: SpecialTokenOptions;
}

/**
 * The learning step shared by the tokenizers' `fromCorpus`: checks the options, counts the tokens
 * `split` finds in each (lowercased) text, drops rare ones and the special tokens' strings (text,
 * never learned), and ranks the rest as Keras does, keeping room for the special tokens.
 * @internal
 */
export function learnTokens(
  owner: string,
  corpus: unknown,
  options: CorpusOptions,
  lowercaseByDefault: boolean,
  split: (text: string) => Iterable<string>,
): { tokens: string[]; lowercase: boolean } {
  const texts = assertCorpus(owner, 'corpus', corpus);
  const lowercase = assertBoolean(owner, 'lowercase', options.lowercase ?? lowercaseByDefault);
  const special = specialTokenList(resolveSpecialTokens(owner, options.specialTokens));
  const maxTokens = options.maxTokens ?? Infinity;
  if (maxTokens !== Infinity && !(Number.isInteger(maxTokens) && maxTokens > special.length)) {
    throw new SeqError({
      owner,
      argument: 'maxTokens',
      expected: `an integer greater than the ${special.length} special tokens`,
      received: options.maxTokens,
    });
  }
  const minFrequency = assertPositiveInteger(owner, 'minFrequency', options.minFrequency ?? 1);
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const token of split(lowercase ? text.toLowerCase() : text)) {
      counts.set(token, (counts.get(token) ?? 0) + 1);
    }
  }
  for (const [token, n] of counts) if (n < minFrequency) counts.delete(token);
  // A special token's string in the text is ordinary text: it is never a learned token.
  for (const token of special) counts.delete(token);
  return { tokens: rankTokens(counts, maxTokens - special.length), lowercase };
}
