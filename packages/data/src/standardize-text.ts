import { assertOneOf, SeqError } from '@seq/core';

/** How {@link standardizeText} cleans a text, as Keras' `TextVectorization` `standardize`. */
export type StandardizeMode = 'lower_and_strip_punctuation' | 'lower' | 'strip_punctuation' | null;

/**
 * How letters are lowercased. `'ascii'` lowercases `A`-`Z` only, as TensorFlow's
 * `tf.strings.lower` does by default (so `"Été"` stays `"Été"`), and gives the same vocabulary as a
 * Keras model. `'unicode'` uses JavaScript's `toLowerCase`, which lowercases every script
 * (`"Été"` → `"été"`, `"ΑΒΓ"` → `"αβγ"`) and may change a text's length (`"İ"` → `"i̇"`).
 */
export type LowercaseMode = 'ascii' | 'unicode';

/** Options for {@link standardizeText}. */
export interface StandardizeOptions {
  /** @defaultValue `'ascii'` (Keras) */
  lowercase?: LowercaseMode;
}

/** The 32 ASCII punctuation characters Keras strips (Python's `string.punctuation`). */
const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

export const STANDARDIZE_MODES = [
  'lower_and_strip_punctuation',
  'lower',
  'strip_punctuation',
  null,
] as const;

function lowerAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/**
 * Standardizes a text as Keras' `TextVectorization` does before splitting: lowercase, strip ASCII
 * punctuation (`!"#$%&'()*+,-./:;<=>?@[\]^_\`{|}~`), both, or nothing. Only ASCII punctuation is
 * stripped, as in Keras: `«»`, `¿` and CJK punctuation stay.
 *
 * @param mode - @defaultValue `'lower_and_strip_punctuation'`
 * @throws {@link @seq/core!index.SeqError} for a non-string text or an unknown mode.
 * @example
 * ```ts
 * standardizeText("Don't PANIC!"); // 'dont panic'
 * standardizeText('Été', 'lower', { lowercase: 'unicode' }); // 'été'
 * ```
 */
export function standardizeText(
  text: string,
  mode: StandardizeMode = 'lower_and_strip_punctuation',
  options: StandardizeOptions = {},
): string {
  if (typeof text !== 'string') {
    throw new SeqError({
      owner: 'standardizeText',
      argument: 'text',
      expected: 'a string',
      received: text,
    });
  }
  assertOneOf('standardizeText', 'mode', mode, STANDARDIZE_MODES);
  const lowercase = assertOneOf(
    'standardizeText',
    'options.lowercase',
    options.lowercase ?? 'ascii',
    ['ascii', 'unicode'] as const,
  );
  let out = text;
  if (mode === 'lower' || mode === 'lower_and_strip_punctuation') {
    out = lowercase === 'ascii' ? lowerAscii(out) : out.toLowerCase();
  }
  if (mode === 'strip_punctuation' || mode === 'lower_and_strip_punctuation') {
    out = out.replace(ASCII_PUNCTUATION, '');
  }
  return out;
}
