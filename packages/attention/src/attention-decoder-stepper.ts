import { assertRank, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { AttentionDecoder, type AttentionDecoderState } from './attention-decoder.js';

/** What {@link attentionDecoderStepper} needs: the decoder's layers and the encoded source. */
export interface AttentionDecoderStepperArgs {
  /** The target embedding, ids `[batch, 1]` to `[batch, 1, features]` (a `tf.layers.embedding`). */
  embedding: tf.layers.Layer;
  /** The trained decoder. */
  decoder: AttentionDecoder;
  /** The output layer, `[batch, attentionSize]` to `[batch, vocabulary]` (a dense layer). */
  projection: tf.layers.Layer;
  /** The encoder outputs `[batch, Tv, dim]`. */
  memory: tf.Tensor;
  /** `[batch, Tv]`, 1 = real source step. @defaultValue no mask */
  memoryMask?: tf.Tensor | null;
  /** The decoder cell's first states, `[batch, units]` each (often the encoder's final states). @defaultValue zeros */
  initialState?: tf.Tensor[];
  /**
   * What the projection outputs; probabilities are turned into log-probabilities.
   * @defaultValue `'probabilities'` when the projection has a softmax activation, else `'logits'`
   */
  output?: 'logits' | 'probabilities';
}

/** What an {@link attentionDecoderStepper} carries between steps; every tensor is `[batch, ...]`. */
export interface AttentionDecoderStepperState {
  /** The decoder's state. */
  decoder: AttentionDecoderState;
  /** The encoder outputs `[batch, Tv, dim]` (a copy, so beam search can reorder it). */
  memory: tf.Tensor;
  /** `[batch, Tv]`, or `null`. */
  memoryMask: tf.Tensor | null;
}

/** What one step of an {@link attentionDecoderStepper} returns. */
export interface AttentionDecoderStepperResult {
  /** Next-token logits `[batch, vocabulary]`. */
  logits: tf.Tensor;
  /** The state after these tokens. */
  state: AttentionDecoderStepperState;
}

/**
 * The step function `next(tokens, state) -> {logits, state}` of an RNN encoder-decoder with
 * attention (Luong or Bahdanau), for `@seq/decoding`'s searches and samplers: each target token
 * goes through the embedding, one {@link AttentionDecoder.step} over the encoded source, and the
 * projection. The encoder outputs and mask travel in the state, so beam search reorders them with
 * the beams; decoding owns and disposes the states, and the `memory`, `memoryMask` and
 * `initialState` given here stay the caller's. The function carries `vocabularySize` (the
 * projection's units), so the searches check prompts and end tokens before the first step.
 *
 * @throws {@link @seq/core!index.SeqError} when a piece is missing or of the wrong kind or shape.
 * @example
 * ```ts
 * const [memory, h, c] = encoderModel.predict(sourceIds) as tf.Tensor[];
 * const next = attentionDecoderStepper({ embedding, decoder, projection, memory, initialState: [h, c] });
 * const { nBest } = await beamSearch(next, startTokens, { maxLength: 20, eosTokenId: END, beamWidth: 5 });
 * ```
 */
export function attentionDecoderStepper(
  args: AttentionDecoderStepperArgs,
): (
  tokens: tf.Tensor,
  state: AttentionDecoderStepperState | null,
) => AttentionDecoderStepperResult {
  const owner = 'attentionDecoderStepper';
  if (args === null || typeof args !== 'object') {
    throw new SeqError({
      owner,
      argument: 'args',
      expected: '{embedding, decoder, projection, memory}',
      received: args,
    });
  }
  const { embedding, decoder, projection, memory } = args;
  for (const [name, layer] of [
    ['embedding', embedding],
    ['projection', projection],
  ] as const) {
    if (!(layer instanceof tf.layers.Layer)) {
      throw new SeqError({ owner, argument: name, expected: 'a tf.layers.Layer', received: layer });
    }
  }
  if (!(decoder instanceof AttentionDecoder)) {
    throw new SeqError({
      owner,
      argument: 'decoder',
      expected: 'an AttentionDecoder',
      received: decoder,
    });
  }
  if (!(memory instanceof tf.Tensor)) {
    throw new SeqError({
      owner,
      argument: 'memory',
      expected: 'a tensor [batch, Tv, dim]',
      received: memory,
    });
  }
  assertRank(owner, 'memory', memory, 3, '[batch, Tv, dim]');
  const batch = memory.shape[0];
  const memoryMask = args.memoryMask ?? null;
  if (
    memoryMask !== null &&
    (!(memoryMask instanceof tf.Tensor) ||
      memoryMask.rank !== 2 ||
      memoryMask.shape[0] !== batch ||
      memoryMask.shape[1] !== memory.shape[1])
  ) {
    throw new SeqError({
      owner,
      argument: 'memoryMask',
      expected: `a tensor [batch, Tv] = [${batch}, ${memory.shape[1]}]`,
      received: memoryMask,
    });
  }
  const initial = args.initialState;
  if (
    initial !== undefined &&
    (!Array.isArray(initial) ||
      initial.some((s) => !(s instanceof tf.Tensor) || s.shape[0] !== batch))
  ) {
    throw new SeqError({
      owner,
      argument: 'initialState',
      expected: `an array of tensors [batch, units] with batch = ${batch}`,
      received: initial,
    });
  }
  const activation = (projection.getConfig() as { activation?: unknown }).activation;
  const output = args.output ?? (activation === 'softmax' ? 'probabilities' : 'logits');
  if (output !== 'logits' && output !== 'probabilities') {
    throw new SeqError({
      owner,
      argument: 'output',
      expected: "'logits' or 'probabilities'",
      received: output,
    });
  }
  const next = (tokens: tf.Tensor, state: AttentionDecoderStepperState | null) =>
    tf.tidy(() => {
      let current: AttentionDecoderStepperState = state ?? {
        decoder: initial
          ? { ...decoder.getInitialState(batch), cellStates: initial.map((s) => tf.clone(s)) }
          : decoder.getInitialState(batch),
        memory: tf.clone(memory),
        memoryMask: memoryMask ? tf.clone(memoryMask) : null,
      };
      let scores: tf.Tensor | null = null;
      for (const ids of tf.split(tf.cast(tokens, 'float32'), tokens.shape[1] as number, 1)) {
        const x = tf.squeeze(embedding.apply(ids) as tf.Tensor, [1]); // [B, 1, E] -> [B, E]
        const step = decoder.step(x, current.decoder, current.memory, current.memoryMask);
        current = { ...current, decoder: step.state };
        scores = projection.apply(step.output) as tf.Tensor; // [B, V]
      }
      const logits =
        output === 'probabilities' ? tf.log(tf.maximum(scores as tf.Tensor, 1e-30)) : scores;
      // Each state owns its tensors (clones share the data), as the other steppers' states do.
      const next: AttentionDecoderStepperState = {
        decoder: current.decoder,
        memory: state ? tf.clone(current.memory) : current.memory,
        memoryMask: state && current.memoryMask ? tf.clone(current.memoryMask) : current.memoryMask,
      };
      return { logits, state: next } as unknown as tf.TensorContainer;
    }) as unknown as AttentionDecoderStepperResult;
  const units = (projection.getConfig() as { units?: unknown }).units;
  return typeof units === 'number' ? Object.assign(next, { vocabularySize: units }) : next;
}
