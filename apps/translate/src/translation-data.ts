import { SeededRandom } from '@seq/core';
import { CharTokenizer, type Tokenizer, WordTokenizer } from '@seq/data';
import * as tf from '@tensorflow/tfjs';

/** A sentence and its translation. */
export interface Pair {
  source: string;
  target: string;
}

/** Pairs split at random into training, validation and test sets. */
export interface PairSplit {
  train: Pair[];
  validation: Pair[];
  test: Pair[];
}

/** Splits pairs at random (seeded): `validation` and `test` are fractions of all pairs. */
export function splitPairs(
  pairs: readonly Pair[],
  options: { validation: number; test: number; seed: number },
): PairSplit {
  const order = new SeededRandom(`split/${options.seed}`).permutation(pairs.length);
  const shuffled = order.map((i) => pairs[i] as Pair);
  const test = Math.max(1, Math.round(pairs.length * options.test));
  const validation = Math.max(1, Math.round(pairs.length * options.validation));
  return {
    test: shuffled.slice(0, test),
    validation: shuffled.slice(test, test + validation),
    train: shuffled.slice(test + validation),
  };
}

/** How texts become tokens: characters (dates) or words (sentences). */
export type TokenLevel = 'chars' | 'words';

/**
 * One tokenizer for both languages (the Transformer shares its vocabulary between encoder and
 * decoder; the recurrent models use the same one for simplicity), learnt from the training pairs.
 */
export function fitTokenizer(
  pairs: readonly Pair[],
  level: TokenLevel,
  maxTokens?: number,
): Tokenizer {
  const corpus = pairs.flatMap((p) => [p.source, p.target]);
  return level === 'chars'
    ? CharTokenizer.fromCorpus(corpus)
    : WordTokenizer.fromCorpus(corpus, maxTokens === undefined ? {} : { maxTokens });
}

/** The tensors one batch of pairs trains on; every row is padded with 0 to its length. */
export interface EncodedPairs {
  /** Source ids `[n, sourceLength]`. */
  source: tf.Tensor2D;
  /** Decoder inputs `[n, targetLength]`: the start token, then the target (teacher forcing). */
  targetIn: tf.Tensor2D;
  /** Decoder targets `[n, targetLength]`: the target, then the end token. */
  targetOut: tf.Tensor2D;
}

/** Ids of a text, cut to `length` (the end of a longer text is lost). */
function idsOf(tokenizer: Tokenizer, text: string, length: number): number[] {
  return tokenizer.encode(text).slice(0, length);
}

function padded(rows: number[][], length: number): tf.Tensor2D {
  const data = new Int32Array(rows.length * length);
  for (const [i, row] of rows.entries()) data.set(row.slice(0, length), i * length);
  return tf.tensor2d(data, [rows.length, length], 'int32');
}

/** The source ids `[n, sourceLength]` of some texts. */
export function encodeSources(
  tokenizer: Tokenizer,
  texts: readonly string[],
  sourceLength: number,
): tf.Tensor2D {
  return padded(
    texts.map((t) => idsOf(tokenizer, t, sourceLength)),
    sourceLength,
  );
}

/** Encodes pairs for teacher forcing (see {@link EncodedPairs}). */
export function encodePairs(
  tokenizer: Tokenizer,
  pairs: readonly Pair[],
  sourceLength: number,
  targetLength: number,
): EncodedPairs {
  const start = tokenizer.startId as number;
  const end = tokenizer.endId as number;
  const targets = pairs.map((p) => idsOf(tokenizer, p.target, targetLength - 1));
  return {
    source: encodeSources(
      tokenizer,
      pairs.map((p) => p.source),
      sourceLength,
    ),
    targetIn: padded(
      targets.map((t) => [start, ...t]),
      targetLength,
    ),
    targetOut: padded(
      targets.map((t) => [...t, end]),
      targetLength,
    ),
  };
}

/** The number of tokens that holds `share` of the texts whole (plus one for start or end). */
export function lengthFor(tokenizer: Tokenizer, texts: readonly string[], share = 0.99): number {
  const lengths = texts.map((t) => tokenizer.encode(t).length).sort((a, b) => a - b);
  return (lengths[Math.min(lengths.length - 1, Math.floor(share * lengths.length))] ?? 1) + 1;
}
