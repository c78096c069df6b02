/**
 * The 256 byte tokens of byte fallback, `'<0x00>'` to `'<0xFF>'` (upper-case hex, as in
 * SentencePiece), indexed by byte value.
 * @internal
 */
export const BYTE_TOKENS: readonly string[] = Array.from(
  { length: 256 },
  (_, byte) => `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`,
);

/**
 * Appends the UTF-8 bytes of one code point to `out`.
 * @internal
 */
export function pushUtf8Bytes(codePoint: number, out: number[]): void {
  if (codePoint < 0x80) {
    out.push(codePoint);
  } else if (codePoint < 0x800) {
    out.push(0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f));
  } else if (codePoint < 0x10000) {
    out.push(0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f));
  } else {
    out.push(
      0xf0 | (codePoint >> 18),
      0x80 | ((codePoint >> 12) & 0x3f),
      0x80 | ((codePoint >> 6) & 0x3f),
      0x80 | (codePoint & 0x3f),
    );
  }
}

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Decodes bytes as UTF-8; each invalid or truncated sequence becomes U+FFFD (never throws).
 * @internal
 */
export function decodeUtf8(bytes: readonly number[]): string {
  return decoder.decode(Uint8Array.from(bytes));
}
