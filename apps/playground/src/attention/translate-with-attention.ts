import { AttentionDecoder, attentionDecoderStepper } from '@seq/attention';
import type { Tokenizer } from '@seq/data';
import { greedySearch } from '@seq/decoding';
import * as tf from '@tensorflow/tfjs';
import { encodeRows } from './encode-pairs.js';

/** What {@link translateWithAttention} returns. */
export interface AttentionTranslation {
  /** The translation (end token dropped). */
  output: string;
  /** The source tokens the model read, as text. */
  sourceTokens: string[];
  /** The output tokens, as text (the end token included, as `</s>` or the tokenizer's name). */
  outputTokens: string[];
  /** Where each output token looked: `[output steps, source steps]`, each row summing to 1. */
  weights: number[][];
}

/** The lengths a translator reads, from its inputs `[batch, sourceLength]`, `[batch, targetLength]`. */
export function translatorLengths(model: tf.LayersModel): { source: number; target: number } {
  const source = model.inputs[0]?.shape[1];
  const target = model.inputs[1]?.shape[1];
  if (model.inputs.length !== 2 || typeof source !== 'number' || typeof target !== 'number') {
    throw new Error(
      'An attention translator reads source ids [batch, sourceLength] and decoder inputs [batch, targetLength].',
    );
  }
  return { source, target };
}

/**
 * Checks that a model is a recurrent translator with attention, as the translate app saves with
 * `--model bahdanau` or `--model luong` (layers `source_embedding`, `encoder`,
 * `target_embedding`, an attention `decoder`, `logits`).
 *
 * @throws Error naming what is missing.
 */
export function assertAttentionTranslator(model: tf.LayersModel): void {
  const names = new Set(model.layers.map((layer) => layer.name));
  const missing = ['source_embedding', 'encoder', 'target_embedding', 'decoder', 'logits'].filter(
    (name) => !names.has(name),
  );
  if (missing.length > 0) {
    throw new Error(
      `This is not a translate app model with attention: it has no ${missing.join(', ')} layer (train with --model bahdanau or luong).`,
    );
  }
  if (!(model.getLayer('decoder') instanceof AttentionDecoder)) {
    throw new Error(
      'This model has no attention (its decoder is a plain GRU): train with --model bahdanau or luong.',
    );
  }
  translatorLengths(model);
}

/** Runs the recurrent encoder once over source ids `[1, Ts]`. */
function encode(model: tf.LayersModel, source: tf.Tensor) {
  return tf.tidy(() => {
    const embedded = model.getLayer('source_embedding').apply(source) as tf.Tensor; // [1, Ts, E]
    const mask = tf.notEqual(source, 0); // [1, Ts]
    const [memory, state] = model.getLayer('encoder').apply(embedded, { mask }) as tf.Tensor[];
    return {
      memory: memory as tf.Tensor, // [1, Ts, U]
      state: state as tf.Tensor, // [1, U]
      mask: tf.cast(mask, 'float32'), // [1, Ts]
    };
  });
}

/**
 * Translates one text with a recurrent translator with attention, greedily (`greedySearch` over
 * `attentionDecoderStepper`: the source is encoded once and the decoder steps incrementally), then
 * recomputes where the decoder looked at each step with its one-step API (as the translate app
 * draws its heatmaps).
 */
export async function translateWithAttention(
  model: tf.LayersModel,
  tokenizer: Tokenizer,
  text: string,
): Promise<AttentionTranslation> {
  const lengths = translatorLengths(model);
  const startId = tokenizer.startId as number;
  const endId = tokenizer.endId as number;
  const sourceIds = tokenizer.encode(text).slice(0, lengths.source);
  const source = tf.tensor2d(
    encodeRows(tokenizer, [sourceIds], lengths.source),
    [1, lengths.source],
    'int32',
  );
  const decoder = model.getLayer('decoder') as AttentionDecoder;
  const embedding = model.getLayer('target_embedding');
  const encoded = encode(model, source);
  try {
    const result = await greedySearch(
      attentionDecoderStepper({
        embedding,
        decoder,
        projection: model.getLayer('logits'),
        memory: encoded.memory,
        memoryMask: encoded.mask,
        initialState: [encoded.state],
      }),
      [[startId]],
      { maxLength: lengths.target, eosTokenId: endId },
    );
    const ids = result.tokens[0] ?? [];
    const weights = tf.tidy(() => {
      let state = { ...decoder.getInitialState(1), cellStates: [encoded.state] };
      const rows: number[][] = [];
      // The alignment of output token i comes from the step that read token i - 1 (the start first).
      for (const token of [startId, ...ids].slice(0, ids.length)) {
        const x = tf.squeeze(
          embedding.apply(tf.tensor2d([[token]], [1, 1], 'int32')) as tf.Tensor,
          [1],
        ); // [1, E]
        const step = decoder.step(x, state, encoded.memory, encoded.mask);
        rows.push(Array.from(step.alignment.dataSync()).slice(0, sourceIds.length));
        state = step.state;
      }
      return rows;
    });
    const piece = (id: number) => tokenizer.decode([id], { skipSpecialTokens: false });
    return {
      output: tokenizer.decode(ids.filter((id) => id !== endId)),
      sourceTokens: sourceIds.map(piece),
      outputTokens: ids.map(piece),
      weights,
    };
  } finally {
    tf.dispose([source, encoded.memory, encoded.state, encoded.mask]);
  }
}
