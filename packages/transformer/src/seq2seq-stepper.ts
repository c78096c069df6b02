import { SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { TokenAndPositionEmbedding } from './token-and-position-embedding.js';
import { TransformerDecoder, type TransformerDecoderCache } from './transformer-decoder.js';
import { TransformerEncoder } from './transformer-encoder.js';

/** What a seq2seq Transformer carries between decoding steps. */
export interface Seq2SeqState {
  /** How many target tokens have been fed so far. */
  position: number;
  /** One cache per decoder block (its cross-attention cache holds the projected source). */
  caches: TransformerDecoderCache[];
  /** `[batch, sourceLength]`, 1 = real source token; in the state so that beam search reorders it. */
  encoderPaddingMask: tf.Tensor;
}

/** What one {@link Seq2SeqStep} returns. */
export interface Seq2SeqStepResult {
  /** Next-token logits `[batch, vocabularySize]`, for the last target token fed. */
  logits: tf.Tensor;
  /** The state after these tokens. */
  state: Seq2SeqState;
}

/** One decoding step of a seq2seq Transformer for a fixed, already encoded source. */
export type Seq2SeqStep = ((tokens: tf.Tensor, state: Seq2SeqState | null) => Seq2SeqStepResult) & {
  /** The number of target token ids (the searches of `@seq/decoding` check ids against it). */
  readonly vocabularySize?: number;
};

/** What {@link seq2seqStepper} returns. */
export interface Seq2SeqStepper {
  /** The step function for the encoded source. */
  next: Seq2SeqStep;
  /** Disposes the encoded source (states are disposed with {@link disposeSeq2SeqState}). */
  dispose: () => void;
}

/**
 * The incremental step function of a model built by {@link transformerSeq2Seq}, for one batch of
 * source sequences: the source is encoded once, then `next(targetTokens, state) -> {logits, state}`
 * feeds target tokens `[batch, Tn]` (the start token, then one at a time) through the decoder
 * blocks' KV caches. The logits equal the full model's at the same position. Every tensor of the
 * state is `[batch, ...]` (the source's projected keys and values and its padding mask are in it),
 * so `@seq/decoding`'s beam search can reorder it. With its searches, do not dispose states (they
 * do); when calling `next` by hand, dispose old states with {@link disposeSeq2SeqState}. Call the
 * returned `dispose` when done with the source.
 *
 * @param sourceIds - `[batch, sequenceLength]` (0 = padding).
 * @throws {@link @seq/core!index.SeqError} when the model is not one `transformerSeq2Seq` built.
 * @example
 * ```ts
 * const { next, dispose } = seq2seqStepper(model, sourceIds);
 * let { logits, state } = next(startTokens, null);
 * ```
 */
export function seq2seqStepper(model: tf.LayersModel, sourceIds: tf.Tensor): Seq2SeqStepper {
  const find = (name: string) => model.layers.find((l) => l.name === name);
  const sourceEmbedding = find('source_embedding');
  const targetEmbedding = find('target_embedding');
  const encoders = model.layers.filter(
    (l) => l instanceof TransformerEncoder,
  ) as TransformerEncoder[];
  const decoders = model.layers.filter(
    (l) => l instanceof TransformerDecoder,
  ) as TransformerDecoder[];
  const head = find('logits');
  if (
    !(sourceEmbedding instanceof TokenAndPositionEmbedding) ||
    !(targetEmbedding instanceof TokenAndPositionEmbedding) ||
    encoders.length === 0 ||
    decoders.length === 0 ||
    !head
  ) {
    throw new SeqError({
      owner: 'seq2seqStepper',
      argument: 'model',
      expected: 'a model built by transformerSeq2Seq',
      received: model.name,
    });
  }
  const { encoded, mask } = tf.tidy(() => {
    const m = tf.cast(tf.notEqual(sourceIds, 0), 'float32'); // [B, Ts]
    let x = sourceEmbedding.apply(sourceIds) as tf.Tensor;
    for (const encoder of encoders) x = encoder.apply(x, { paddingMask: m }) as tf.Tensor;
    return { encoded: x, mask: m };
  });
  const step = (tokens: tf.Tensor, state: Seq2SeqState | null): Seq2SeqStepResult => {
    const position = state?.position ?? 0;
    return tf.tidy(() => {
      let x = targetEmbedding.lookup(tokens, position); // [B, Tn, D]
      const caches = decoders.map((decoder, i) => {
        const step = decoder.callWithCache(
          x,
          state?.caches[i] ?? { selfAttention: null, crossAttention: null },
          {
            encoderSequence: encoded,
            encoderPaddingMask: state?.encoderPaddingMask ?? mask,
          },
        );
        x = step.output;
        return step.cache;
      });
      const tn = x.shape[1] as number;
      const last = tf.reshape(x.slice([0, tn - 1, 0], [-1, 1, -1]), [-1, x.shape[2] as number]); // [B, D]
      const logits = head.apply(last) as tf.Tensor; // [B, V]: a 2-D input takes tfjs' fused matMul
      const encoderPaddingMask = tf.clone(state?.encoderPaddingMask ?? mask); // each state owns its tensors
      return {
        logits,
        state: { position: position + tn, caches, encoderPaddingMask },
      } as unknown as tf.TensorContainer;
    }) as unknown as Seq2SeqStepResult;
  };
  const next: Seq2SeqStep = Object.assign(step, { vocabularySize: targetEmbedding.vocabularySize });
  return { next, dispose: () => tf.dispose([encoded, mask]) };
}

/**
 * Disposes the tensors of a seq2seq state (its KV caches and its copy of the padding mask), for
 * loops that call the step function themselves (the searches of `@seq/decoding` dispose states).
 *
 * @example
 * ```ts
 * const { next, dispose } = seq2seqStepper(model, sourceIds);
 * const first = next(startTokens, null); // [batch, vocabulary] logits and the state
 * first.logits.dispose();
 * disposeSeq2SeqState(first.state);
 * dispose(); // the encoded source
 * ```
 */
export function disposeSeq2SeqState(state: Seq2SeqState | null): void {
  if (state) tf.dispose(state.encoderPaddingMask);
  for (const cache of state?.caches ?? []) {
    for (const c of [cache.selfAttention, cache.crossAttention])
      if (c) tf.dispose([c.key, c.value]);
  }
}
