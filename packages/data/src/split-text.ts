import { assertOneOf, SeqError } from '@seq/core';

/** How {@link splitText} cuts a text into tokens, as Keras' `TextVectorization` `split`. */
export type SplitMode = 'whitespace' | 'character' | null;

export const SPLIT_MODES = ['whitespace', 'character', null] as const;

/** ASCII whitespace, the set TensorFlow's `tf.strings.split` splits on (C `isspace`). */
const ASCII_WHITESPACE = /[ \t\n\v\f\r]+/;

/**
 * Splits a text into tokens as Keras' `TextVectorization` does: `'whitespace'` splits on runs of
 * ASCII whitespace and drops empty tokens (as `tf.strings.split`; a no-break space or U+3000 does
 * not split), `'character'` yields Unicode code points (so Hangul syllables, emoji and surrogate
 * pairs stay whole, as `tf.strings.unicode_split`), `null` keeps the text as one token.
 *
 * @param mode - @defaultValue `'whitespace'`
 * @throws {@link @seq/core!index.SeqError} for a non-string text or an unknown mode.
 * @example
 * ```ts
 * splitText('  the  cat '); // ['the', 'cat']
 * splitText('한국어👍', 'character'); // ['한', '국', '어', '👍']
 * ```
 */
export function splitText(text: string, mode: SplitMode = 'whitespace'): string[] {
  if (typeof text !== 'string') {
    throw new SeqError({
      owner: 'splitText',
      argument: 'text',
      expected: 'a string',
      received: text,
    });
  }
  assertOneOf('splitText', 'mode', mode, SPLIT_MODES);
  if (mode === 'whitespace') return text.split(ASCII_WHITESPACE).filter((t) => t !== '');
  if (mode === 'character') return Array.from(text);
  return [text];
}

/**
 * Joins consecutive tokens into n-grams, as `tf.strings.ngrams(tokens, widths, separator=' ')`:
 * all n-grams of the first width, then of the next; a sequence shorter than a width gives no
 * n-grams of that width. Keras' `ngrams: n` means widths `1..n`.
 *
 * @param widths - One width `n` (meaning `1..n`, as Keras' integer `ngrams`) or a list of widths.
 * @throws {@link @seq/core!index.SeqError} for widths that are not positive integers.
 * @example
 * ```ts
 * ngrams(['a', 'b', 'c'], 2); // ['a', 'b', 'c', 'a b', 'b c']
 * ngrams(['a', 'b', 'c'], [3]); // ['a b c']
 * ```
 */
export function ngrams(tokens: readonly string[], widths: number | readonly number[]): string[] {
  const list = resolveNgramWidths('ngrams', 'widths', widths);
  const out: string[] = [];
  for (const n of list) {
    for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '));
  }
  return out;
}

/** `n` → `[1..n]`, a list checked as positive integers. @internal */
export function resolveNgramWidths(
  owner: string,
  argument: string,
  widths: number | readonly number[],
): number[] {
  const isWidth = (n: unknown) => Number.isInteger(n) && (n as number) > 0;
  if (typeof widths === 'number' && isWidth(widths)) {
    return Array.from({ length: widths }, (_, i) => i + 1);
  }
  if (Array.isArray(widths) && widths.length > 0 && widths.every(isWidth)) return [...widths];
  throw new SeqError({
    owner,
    argument,
    expected: 'a positive integer or a non-empty list of positive integers',
    received: widths,
  });
}
