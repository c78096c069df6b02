/**
 * The chunk pattern of {@link preTokenize}, in the spirit of GPT-2's: an optional space and a run
 * of letters (combining marks included), an optional space and a run of digits, an optional space
 * and a run of other characters (punctuation, symbols, emoji, marks with no letter before them),
 * a run of whitespace not followed by a non-space (so the last space joins the next word), or
 * any other run of whitespace. Every code point falls in one of them.
 * @internal
 */
export const PRE_TOKENIZE_PATTERN =
  / ?\p{L}+(?:\p{M}+\p{L}*)*| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/**
 * Splits a text into the chunks that byte-pair merges stay inside: words with their leading space,
 * numbers, runs of punctuation or symbols, and runs of whitespace. Nothing is dropped or changed:
 * the chunks joined give back the text, so a tokenizer that encodes each chunk decodes by
 * concatenation.
 *
 * The pattern is GPT-2's idea (` ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`) without its
 * English contractions, and with combining marks kept in their word (`é` written as `e` + U+0301,
 * Devanagari vowel signs). A Hangul syllable, a CJK ideograph or a Thai letter is a letter; an
 * emoji with its skin-tone modifier or joiners is one run of symbols.
 *
 * @param text - Any string.
 * @returns The chunks, in order; `[]` for `''`.
 * @example
 * ```ts
 * preTokenize('Hello  world!!\n'); // ['Hello', ' ', ' world', '!!', '\n']
 * preTokenize('아 더빙.. 진짜'); // ['아', ' 더빙', '..', ' 진짜']
 * ```
 */
export function preTokenize(text: string): string[] {
  return text.match(PRE_TOKENIZE_PATTERN) ?? [];
}
