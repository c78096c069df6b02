import { assertOneOf, SeqError } from '@seq/core';
import type { BytePairTokenizerOptions } from './byte-pair-options.js';
import { BYTE_TOKENS } from './byte-tokens.js';
import { resolveSpecialTokens, specialTokenList } from './token-vocabulary.js';
import type { SpecialTokens } from './tokenizer.js';
import { UNICODE_NORMALIZATIONS, type UnicodeNormalization } from './unicode-normalization.js';

/** A checked {@link BytePairTokenizerOptions}, defaults filled in. @internal */
export interface BytePairModelParts {
  normalization: UnicodeNormalization;
  specialTokens: SpecialTokens;
  alphabet: string[];
  merges: Array<[string, string]>;
}

const ONE_CODE_POINT = /^(?:[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\uD800-\uDFFF])$/;

/**
 * Checks a tokenizer's options: special tokens, normalisation, alphabet and merges, naming the
 * bad field as `prefix` + its path (`json.merges[2][0]`).
 * @internal
 */
export function checkBytePairModel(
  owner: string,
  prefix: string,
  options: unknown,
): BytePairModelParts {
  if (typeof options !== 'object' || options === null) {
    throw new SeqError({
      owner,
      argument: prefix ? prefix.slice(0, -1) : 'options',
      expected: 'an object',
      received: options,
    });
  }
  const o = options as Partial<Record<keyof BytePairTokenizerOptions, unknown>>;
  const specialTokens = resolveSpecialTokens(
    owner,
    o.specialTokens as BytePairTokenizerOptions['specialTokens'],
  );
  for (const role of ['pad', 'unknown', 'start', 'end'] as const) {
    if (BYTE_TOKENS.includes(specialTokens[role] as string)) {
      throw new SeqError({
        owner,
        argument: `${prefix}specialTokens.${role}`,
        expected: 'a string other than the byte tokens <0x00>..<0xFF>',
        received: specialTokens[role],
      });
    }
  }
  const normalization = assertOneOf(
    owner,
    `${prefix}normalization`,
    o.normalization ?? 'NFC',
    UNICODE_NORMALIZATIONS,
  );
  const tokens = new Set([...specialTokenList(specialTokens), ...BYTE_TOKENS]);

  if (!Array.isArray(o.alphabet)) {
    throw new SeqError({
      owner,
      argument: `${prefix}alphabet`,
      expected: 'an array of characters',
      received: o.alphabet,
    });
  }
  const alphabet: string[] = [];
  o.alphabet.forEach((char: unknown, i) => {
    const argument = `${prefix}alphabet[${i}]`;
    if (typeof char !== 'string' || !ONE_CODE_POINT.test(char)) {
      throw new SeqError({
        owner,
        argument,
        expected: 'a string of one code point (not a lone surrogate)',
        received: char,
      });
    }
    if (tokens.has(char)) {
      throw new SeqError({
        owner,
        argument,
        expected: 'a character not already in the alphabet and not a special token',
        received: char,
      });
    }
    tokens.add(char);
    alphabet.push(char);
  });

  if (!Array.isArray(o.merges)) {
    throw new SeqError({
      owner,
      argument: `${prefix}merges`,
      expected: 'an array of [left, right] token pairs',
      received: o.merges,
    });
  }
  const merges: Array<[string, string]> = [];
  const mergeable = new Set(alphabet);
  o.merges.forEach((pair: unknown, i) => {
    const argument = `${prefix}merges[${i}]`;
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new SeqError({
        owner,
        argument,
        expected: 'a [left, right] pair of tokens',
        received: pair,
      });
    }
    pair.forEach((part: unknown, side) => {
      if (typeof part !== 'string' || !mergeable.has(part)) {
        throw new SeqError({
          owner,
          argument: `${argument}[${side}]`,
          expected: 'a token of the alphabet or of an earlier merge',
          received: part,
        });
      }
    });
    const [left, right] = pair as [string, string];
    if (tokens.has(left + right)) {
      throw new SeqError({
        owner,
        argument,
        expected:
          'a pair whose merged token is new (not a special, byte, alphabet or earlier merged token)',
        received: pair,
      });
    }
    tokens.add(left + right);
    mergeable.add(left + right);
    merges.push([left, right]);
  });
  return { normalization, specialTokens, alphabet, merges };
}

/**
 * Checks a saved {@link BytePairTokenizerJSON}: every field is required, and errors name it as
 * `json.field`.
 * @internal
 */
export function checkBytePairJSON(json: unknown): BytePairTokenizerOptions {
  const owner = 'BytePairTokenizer.fromJSON';
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SeqError({
      owner,
      argument: 'json',
      expected: 'an object saved by BytePairTokenizer.toJSON',
      received: json,
    });
  }
  const j = json as Record<string, unknown>;
  if (j.type !== 'bpe') {
    throw new SeqError({ owner, argument: 'json.type', expected: '"bpe"', received: j.type });
  }
  if (j.version !== 1) {
    throw new SeqError({
      owner,
      argument: 'json.version',
      expected: '1 (the only version there is)',
      received: j.version,
    });
  }
  assertOneOf(owner, 'json.normalization', j.normalization, UNICODE_NORMALIZATIONS);
  const special = j.specialTokens as Record<string, unknown> | null;
  if (typeof special !== 'object' || special === null || Array.isArray(special)) {
    throw new SeqError({
      owner,
      argument: 'json.specialTokens',
      expected: 'an object',
      received: special,
    });
  }
  const seen = new Set<unknown>();
  for (const role of ['pad', 'unknown', 'start', 'end'] as const) {
    const token = special[role];
    if (token === null && (role === 'start' || role === 'end')) continue;
    if (typeof token !== 'string' || token === '' || seen.has(token)) {
      throw new SeqError({
        owner,
        argument: `json.specialTokens.${role}`,
        expected: `a non-empty string different from the other special tokens${role === 'start' || role === 'end' ? ', or null' : ''}`,
        received: token,
      });
    }
    seen.add(token);
  }
  const model = checkBytePairModel(owner, 'json.', json);
  return { ...model };
}
