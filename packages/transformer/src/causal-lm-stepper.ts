import { SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { TokenAndPositionEmbedding } from './token-and-position-embedding.js';
import { TransformerDecoder, type TransformerDecoderCache } from './transformer-decoder.js';

/** What a causal LM carries between decoding steps: the position and each block's KV cache. */
export interface CausalLMState {
  /** How many tokens have been fed so far. */
  position: number;
  /** One cache per decoder block. */
  caches: TransformerDecoderCache[];
}

/** What one {@link CausalLMStep} returns. */
export interface CausalLMStepResult {
  /** Next-token logits `[batch, vocabularySize]`, for the last token fed. */
  logits: tf.Tensor;
  /** The state after these tokens. */
  state: CausalLMState;
}

/** One decoding step of a causal language model: next-token logits for a batch, and the new state. */
export type CausalLMStep = ((
  tokens: tf.Tensor,
  state: CausalLMState | null,
) => CausalLMStepResult) & {
  /** The number of token ids (the searches of `@seq/decoding` check ids against it). */
  readonly vocabularySize?: number;
};

/**
 * The incremental step function of a model built by {@link transformerCausalLM}: `next(tokens,
 * state) -> {logits, state}` (the interface searches and samplers drive), feeding new tokens
 * `[batch, Tn]` (a prompt, then one token at a time) through the embedding and every decoder
 * block's KV cache. The logits `[batch, vocabularySize]` are those of the last new token, equal to
 * the full model's at that position. Pass `null` as the state at the start. With `@seq/decoding`'s
 * searches, do not dispose states (they do); when calling `next` by hand, dispose old states with
 * {@link disposeCausalLMState}. The prompt plus the generated tokens must fit in the model's
 * `sequenceLength` (its position embeddings); a longer run is an error naming the position.
 *
 * @throws {@link @seq/core!index.SeqError} when the model is not one `transformerCausalLM` built.
 * @example
 * ```ts
 * const next = causalLMStepper(model);
 * let { logits, state } = next(promptIds, null); // [batch, vocabulary]
 * ```
 */
export function causalLMStepper(model: tf.LayersModel): CausalLMStep {
  const embedding = model.layers.find((l) => l instanceof TokenAndPositionEmbedding) as
    | TokenAndPositionEmbedding
    | undefined;
  const blocks = model.layers.filter(
    (l) => l instanceof TransformerDecoder,
  ) as TransformerDecoder[];
  const head = model.getLayer('logits');
  if (!embedding || blocks.length === 0 || !head) {
    throw new SeqError({
      owner: 'causalLMStepper',
      argument: 'model',
      expected: 'a model built by transformerCausalLM (token_embedding, decoder_i, logits)',
      received: model.name,
    });
  }
  const next = (tokens: tf.Tensor, state: CausalLMState | null): CausalLMStepResult => {
    const position = state?.position ?? 0;
    return tf.tidy(() => {
      let x = embedding.lookup(tokens, position); // [B, Tn, D]
      const caches = blocks.map((block, i) => {
        const step = block.callWithCache(
          x,
          state?.caches[i] ?? { selfAttention: null, crossAttention: null },
        );
        x = step.output;
        return step.cache;
      });
      const tn = x.shape[1] as number;
      const last = tf.reshape(x.slice([0, tn - 1, 0], [-1, 1, -1]), [-1, x.shape[2] as number]); // [B, D]
      const logits = head.apply(last) as tf.Tensor; // [B, V]: a 2-D input takes tfjs' fused matMul
      return {
        logits,
        state: { position: position + tn, caches },
      } as unknown as tf.TensorContainer;
    }) as unknown as CausalLMStepResult;
  };
  return Object.assign(next, { vocabularySize: embedding.vocabularySize });
}

/**
 * Disposes the tensors of a causal LM state (its KV caches), for loops that call the step function
 * themselves (the searches of `@seq/decoding` dispose states).
 *
 * @example
 * ```ts
 * const next = causalLMStepper(model);
 * const { logits, state } = next(promptIds, null); // [batch, vocabulary]
 * logits.dispose();
 * disposeCausalLMState(state);
 * ```
 */
export function disposeCausalLMState(state: CausalLMState | null): void {
  for (const cache of state?.caches ?? []) {
    for (const c of [cache.selfAttention, cache.crossAttention])
      if (c) tf.dispose([c.key, c.value]);
  }
}
