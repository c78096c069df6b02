import type { Tokenizer } from '@seq/data';
import type { ChatbotPair } from './chat-pairs.js';

/** Pairs as padded id rows for teacher forcing, each `length` ids (0 = padding). */
export interface EncodedPairs {
  /** Question ids, truncated to `length`: `[pairs][length]`. */
  source: Int32Array[];
  /** `[start, answer...]`: the decoder's input, the target shifted right. */
  decoderInput: Int32Array[];
  /** `[answer..., end]`: what each decoder position must predict. */
  labels: Int32Array[];
  /** Real (non-padding) label positions in all rows together. */
  tokens: number;
  /** Pairs whose question or answer was cut to fit `length`. */
  truncated: number;
}

/**
 * Encodes Q/A pairs for a seq2seq Transformer with teacher forcing: the question's ids (cut to
 * `length`), the decoder input `[start, a1..an]` and the labels `[a1..an, end]` (the answer cut
 * to `length - 1` ids), padded with 0. A label position is real exactly where the decoder input
 * is not padding, which is how the model masks the loss.
 *
 * @throws {Error} when the tokenizer has no start or end token, or `length` < 2.
 */
export function encodePairs(
  pairs: readonly ChatbotPair[],
  tokenizer: Tokenizer,
  length: number,
): EncodedPairs {
  const { startId, endId } = tokenizer;
  if (startId === undefined || endId === undefined) {
    throw new Error('the tokenizer needs start and end tokens');
  }
  if (!(Number.isInteger(length) && length >= 2)) {
    throw new Error(`the sequence length must be an integer >= 2; received ${length}`);
  }
  const out: EncodedPairs = { source: [], decoderInput: [], labels: [], tokens: 0, truncated: 0 };
  for (const pair of pairs) {
    const question = tokenizer.encode(pair.question);
    const answer = tokenizer.encode(pair.answer);
    if (question.length > length || answer.length > length - 1) out.truncated++;
    const q = question.slice(0, length);
    const a = answer.slice(0, length - 1);
    const source = new Int32Array(length);
    source.set(q);
    const decoderInput = new Int32Array(length);
    decoderInput.set([startId, ...a]);
    const labels = new Int32Array(length);
    labels.set([...a, endId]);
    out.source.push(source);
    out.decoderInput.push(decoderInput);
    out.labels.push(labels);
    out.tokens += a.length + 1;
  }
  return out;
}

/**
 * The question's ids for the encoder: cut to `length` (keeping the start), at least one id (the
 * unknown id for an empty question), padded with 0 to `length`.
 */
export function encodeQuestion(tokenizer: Tokenizer, question: string, length: number): number[] {
  const ids = tokenizer.encode(question).slice(0, length);
  if (ids.length === 0) ids.push(tokenizer.unknownId);
  while (ids.length < length) ids.push(0);
  return ids;
}
