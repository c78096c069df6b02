import { promises as fs } from 'node:fs';
import { CharTokenizer, datasets, statefulNextTokenDataset } from '@seq/data';
import * as tf from '@tensorflow/tfjs';

/** The text, split in time, and its character tokenizer. */
export interface CharCorpus {
  /** Where it came from, for the results. */
  source: string;
  tokenizer: CharTokenizer;
  /** Token ids of the first 90% (train), the next 5% (validation) and the last 5% (test). */
  train: Int32Array;
  valid: Int32Array;
  test: Int32Array;
  /** The start of the test text (a default prompt). */
  testText: string;
}

/**
 * Reads the text (a local file, or Tiny Shakespeare downloaded and checked once), keeps its
 * first `maxChars` characters (all with 0), splits it in time (90% / 5% / 5%, by code points)
 * and learns the character vocabulary from the training part (characters seen only later
 * encode as the unknown id).
 */
export async function loadCorpus(data: string | undefined, maxChars: number): Promise<CharCorpus> {
  const text =
    data === undefined ? await datasets.loadTinyShakespeare() : await fs.readFile(data, 'utf8');
  const chars = Array.from(text.replace(/\r\n/g, '\n'));
  const used = maxChars > 0 ? chars.slice(0, maxChars) : chars;
  const trainEnd = Math.floor(used.length * 0.9);
  const validEnd = Math.floor(used.length * 0.95);
  const part = (start: number, end: number) => used.slice(start, end).join('');
  const tokenizer = CharTokenizer.fromCorpus([part(0, trainEnd)]);
  const encode = (s: string) => Int32Array.from(tokenizer.encode(s));
  return {
    source: `${data ?? 'Tiny Shakespeare'}: ${used.length} characters${used.length < chars.length ? ` of ${chars.length}` : ''}, ${tokenizer.vocabularySize - 4} distinct in training`,
    tokenizer,
    train: encode(part(0, trainEnd)),
    valid: encode(part(trainEnd, validEnd)),
    test: encode(part(validEnd, used.length)),
    testText: part(validEnd, Math.min(used.length, validEnd + 200)),
  };
}

/** Inputs `[windows, length]` and next-character targets `[windows, length, 1]` (ids as float32, which tfjs' loss wants). */
export interface Windows {
  x: tf.Tensor2D;
  /** With a trailing 1, as tfjs' sparse cross-entropy wants targets for `[batch, time, classes]` outputs. */
  y: tf.Tensor3D;
}

/**
 * Windows of `length` ids every `stride` ids, each with its targets one step later (the book's
 * char-RNN windows; with `stride = length` they do not overlap, and an epoch reads the text once).
 */
export function windows(ids: Int32Array, length: number, stride: number): Windows {
  const starts: number[] = [];
  for (let s = 0; s + length + 1 <= ids.length; s += stride) starts.push(s);
  const x = new Int32Array(starts.length * length);
  const y = new Float32Array(starts.length * length);
  starts.forEach((s, i) => {
    x.set(ids.subarray(s, s + length), i * length);
    y.set(ids.subarray(s + 1, s + length + 1), i * length);
  });
  return {
    x: tf.tensor2d(x, [starts.length, length], 'int32'), // [windows, length]
    y: tf.tensor3d(y, [starts.length, length, 1], 'float32'), // [windows, length, 1], one step later
  };
}

/**
 * Windows for a stateful model, in the order it must see them: `statefulNextTokenDataset`'s
 * batches (row `i` of batch `k + 1` continues row `i` of batch `k`) stacked, so that `fit` with
 * `batchSize` streams and no shuffling feeds them back batch by batch.
 */
export async function statefulWindows(
  ids: Int32Array,
  length: number,
  streams: number,
): Promise<Windows> {
  const batches = await statefulNextTokenDataset(ids, { length, batchSize: streams }).toArray();
  const x = tf.concat(batches.map((b) => b.xs)) as tf.Tensor2D; // [batches * streams, length]
  const ys = tf.concat(batches.map((b) => b.ys));
  const y = tf.tidy(() => ys.expandDims(2).toFloat()) as tf.Tensor3D; // [batches * streams, length, 1]
  tf.dispose([ys, ...batches.flatMap((b) => [b.xs, b.ys])]);
  return { x, y };
}
