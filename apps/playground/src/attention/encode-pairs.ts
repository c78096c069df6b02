import type { DatePair } from '@seq/app-translate/date-pairs';
import type { Tokenizer } from '@seq/data';

/** Pairs encoded for teacher forcing, each `[count, length]` row after row, padded with 0. */
export interface EncodedPairs {
  /** Source ids `[count, sourceLength]`. */
  source: Int32Array;
  /** Decoder inputs `[count, targetLength]`: the start token, then the target. */
  targetIn: Int32Array;
  /** Decoder targets `[count, targetLength]`: the target, then the end token. */
  targetOut: Int32Array;
  count: number;
}

/** The ids of texts, each cut or padded (with 0) to `length`, row after row. */
export function encodeRows(
  tokenizer: Tokenizer,
  texts: readonly (readonly number[] | string)[],
  length: number,
): Int32Array {
  const out = new Int32Array(texts.length * length);
  texts.forEach((text, i) => {
    const ids = typeof text === 'string' ? tokenizer.encode(text) : text;
    out.set(ids.slice(0, length), i * length);
  });
  return out;
}

/**
 * Encodes pairs as the translate app does: source ids, and the target shifted right behind the
 * start token (decoder inputs) and followed by the end token (decoder targets).
 */
export function encodePairs(
  tokenizer: Tokenizer,
  pairs: readonly DatePair[],
  sourceLength: number,
  targetLength: number,
): EncodedPairs {
  const start = tokenizer.startId as number;
  const end = tokenizer.endId as number;
  const targets = pairs.map((p) => tokenizer.encode(p.target).slice(0, targetLength - 1));
  return {
    source: encodeRows(
      tokenizer,
      pairs.map((p) => p.source),
      sourceLength,
    ),
    targetIn: encodeRows(
      tokenizer,
      targets.map((t) => [start, ...t]),
      targetLength,
    ),
    targetOut: encodeRows(
      tokenizer,
      targets.map((t) => [...t, end]),
      targetLength,
    ),
    count: pairs.length,
  };
}

/** The number of tokens that holds `share` of the texts whole, plus one (for start or end). */
export function lengthFor(tokenizer: Tokenizer, texts: readonly string[], share = 0.99): number {
  const lengths = texts.map((t) => tokenizer.encode(t).length).sort((a, b) => a - b);
  return (lengths[Math.min(lengths.length - 1, Math.floor(share * lengths.length))] ?? 1) + 1;
}
