/**
 * Compares two strings by Unicode code point, which is the byte order of their UTF-8 encodings
 * (the order TensorFlow and NumPy sort strings in). JavaScript's `<` compares UTF-16 code units,
 * which puts U+E000..U+FFFF after the astral planes; this does not.
 * @internal
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only a surrogate against a code unit at or above U+E000 orders differently by code point.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) {
      const cx = a.codePointAt(i) as number;
      const cy = b.codePointAt(i) as number;
      return cx < cy ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Orders tokens as Keras' `adapt` does: by descending count, ties by descending token (code point
 * order), and keeps at most `limit`.
 * @internal
 */
export function rankTokens(counts: ReadonlyMap<string, number>, limit = Infinity): string[] {
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || compareCodePoints(b[0], a[0]));
  const kept = Number.isFinite(limit) ? ranked.slice(0, Math.max(0, limit)) : ranked;
  return kept.map(([token]) => token);
}
