/**
 * tfjs rewrites every string in a layer config when it saves a model (`toSnakeCase`, which also
 * lowercases) and again when it loads one (`toCamelCase`), so a vocabulary stored as plain
 * strings comes back changed (`"Hello_World"` → `"hello_world"` → `"helloWorld"`). These helpers
 * percent-escape (as UTF-8 bytes, lowercase hex) exactly the characters those rewrites touch:
 * `%`, `_` and every character that `toLowerCase` changes. Everything else stays readable.
 * @internal
 */
export function escapeConfigString(text: string): string {
  let out = '';
  for (const c of text) {
    if (c === '%' || c === '_' || c.toLowerCase() !== c) {
      for (const byte of new TextEncoder().encode(c))
        out += `%${byte.toString(16).padStart(2, '0')}`;
    } else {
      out += c;
    }
  }
  return out;
}

/** Reverses {@link escapeConfigString}. @internal */
export function unescapeConfigString(text: string): string {
  return text.includes('%') ? decodeURIComponent(text) : text;
}

/**
 * The snake_case spelling of a mode name that tfjs turned into camelCase on load
 * (`'lowerAndStripPunctuation'` → `'lower_and_strip_punctuation'`).
 * @internal
 */
export function snakeCaseMode<T>(value: T): T {
  return (
    typeof value === 'string' ? value.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : value
  ) as T;
}
