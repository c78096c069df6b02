import { assertOneOf } from '@seq/core';

/**
 * A Unicode normalisation form for {@link normalizeUnicode}: `'NFC'` composes (a Hangul syllable
 * typed as jamo becomes one code point), `'NFKC'` also folds compatibility characters (full-width
 * `Ａ` → `A`, `ﬁ` → `fi`), `'none'` leaves the text as it is.
 */
export type UnicodeNormalization = 'NFC' | 'NFKC' | 'none';

/** The accepted {@link UnicodeNormalization} values. @internal */
export const UNICODE_NORMALIZATIONS = ['NFC', 'NFKC', 'none'] as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

type WellFormed = { toWellFormed?: () => string; isWellFormed?: () => boolean };

/**
 * Replaces every lone surrogate (a UTF-16 half without its partner, which no UTF-8 text can hold)
 * with U+FFFD, as `String.prototype.toWellFormed` does; falls back to a regex where that is
 * missing.
 * @internal
 */
export function toWellFormed(text: string): string {
  const native = text as unknown as WellFormed;
  if (typeof native.toWellFormed === 'function') return native.toWellFormed();
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Makes a text well formed and normalises it: lone surrogates become U+FFFD, then the text is put
 * in the given Unicode normalisation form. Tokenizers apply this before splitting, so
 * `decode(encode(text))` gives back `normalizeUnicode(text, form)`.
 *
 * @param text - Any string, lone surrogates included.
 * @param form - @defaultValue `'NFC'`
 * @returns The normalised, well-formed text.
 * @throws {@link @seq/core!index.SeqError} when `form` is not `'NFC'`, `'NFKC'` or `'none'`:
 *   "normalizeUnicode: \`form\` must be one of "NFC", "NFKC", "none"; received "NFD"."
 * @example
 * ```ts
 * normalizeUnicode('\u1112\u1161\u11AB'); // '한' (three jamo composed into one syllable)
 * normalizeUnicode('Ａ\uD800', 'NFKC'); // 'A\uFFFD'
 * ```
 */
export function normalizeUnicode(text: string, form: UnicodeNormalization = 'NFC'): string {
  assertOneOf('normalizeUnicode', 'form', form, UNICODE_NORMALIZATIONS);
  const wellFormed = toWellFormed(text);
  return form === 'none' ? wellFormed : wellFormed.normalize(form);
}
