import { perplexity } from '@seq/decoding';
import * as tf from '@tensorflow/tfjs';
import type { EncodedPairs } from './encode-pairs.js';

/** Cross-entropy and perplexity per answer token (end token included, padding left out). */
export interface HeldOutScore {
  /** Mean negative log-likelihood per real answer token, in nats. */
  loss: number;
  /** `exp(loss)`. */
  perplexity: number;
  /** Answer tokens counted. */
  tokens: number;
}

/**
 * Scores held-out pairs with teacher forcing: the logits model (`[source, decoderInput]` ->
 * `[batch, time, vocabulary]`) is run batch by batch and `@seq/decoding`'s `perplexity` is
 * taken over each batch's real label positions; the batches are combined by their token counts.
 *
 * @throws {Error} for no pairs.
 */
export function heldOutPerplexity(
  logitsModel: tf.LayersModel,
  pairs: EncodedPairs,
  batchSize: number,
): HeldOutScore {
  const count = pairs.source.length;
  if (count === 0) throw new Error('no held-out pairs to score');
  const length = pairs.source[0]?.length as number;
  let nll = 0;
  let tokens = 0;
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(count, start + batchSize);
    const rows = (list: Int32Array[]) =>
      tf.tensor2d(
        list.slice(start, end).map((r) => Array.from(r)),
        [end - start, length],
        'int32',
      ); // [batch, length]
    const value = tf.tidy(() => {
      const source = rows(pairs.source);
      const decoderInput = rows(pairs.decoderInput);
      const labels = rows(pairs.labels);
      const mask = tf.cast(tf.notEqual(decoderInput, 0), 'float32'); // [batch, length]
      const logits = logitsModel.predict([
        tf.cast(source, 'float32'),
        tf.cast(decoderInput, 'float32'),
      ]) as tf.Tensor; // [batch, length, vocabulary]
      return perplexity(logits, labels, { mask });
    });
    const batchPerplexity = (value.dataSync()[0] as number) ?? Number.NaN;
    value.dispose();
    let real = 0;
    for (const row of pairs.decoderInput.slice(start, end))
      for (const id of row) if (id !== 0) real++;
    nll += Math.log(batchPerplexity) * real;
    tokens += real;
  }
  const loss = nll / tokens;
  return { loss, perplexity: Math.exp(loss), tokens };
}
