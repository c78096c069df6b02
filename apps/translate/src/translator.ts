import { type AttentionDecoder, attentionDecoderStepper } from '@seq/attention';
import { beamSearch, greedySearch, type StepFunction } from '@seq/decoding';
import type { GRU } from '@seq/layers';
import { seq2seqStepper } from '@seq/transformer';
import * as tf from '@tensorflow/tfjs';
import type { ModelKind } from './translation-models.js';

/** How to decode: greedy search is a beam of width 1. */
export interface SearchOptions {
  /** Beam width; 1 is greedy search. */
  beam: number;
  /** The most tokens to generate (end token included). */
  maxLength: number;
  /** The start token, fed first. */
  startId: number;
  /** The end token, which stops a row (and is dropped from the output). */
  endId: number;
}

/** The encoder's outputs `[batch, Ts, units]` and final state `[batch, units]`, and the source mask. */
interface Encoded {
  memory: tf.Tensor;
  state: tf.Tensor;
  mask: tf.Tensor;
}

function layer<T extends tf.layers.Layer>(model: tf.LayersModel, name: string): T {
  return model.getLayer(name) as T;
}

/** Runs the recurrent encoder once over source ids `[batch, Ts]`. */
function encode(model: tf.LayersModel, source: tf.Tensor): Encoded {
  return tf.tidy(() => {
    const embedded = layer(model, 'source_embedding').apply(source) as tf.Tensor; // [B, Ts, E]
    const mask = tf.notEqual(source, 0); // [B, Ts]
    const [memory, state] = layer(model, 'encoder').apply(embedded, { mask }) as tf.Tensor[];
    return {
      memory: memory as tf.Tensor,
      state: state as tf.Tensor,
      mask: tf.cast(mask, 'float32'),
    };
  });
}

/** The step function of the GRU decoder without attention: its state is the decoder's `[batch, units]`. */
function gruStepper(model: tf.LayersModel, initial: tf.Tensor): StepFunction<{ h: tf.Tensor }> {
  const embedding = layer(model, 'target_embedding');
  const decoder = layer<GRU>(model, 'decoder');
  const projection = layer(model, 'logits');
  const next = (tokens: tf.Tensor, state: { h: tf.Tensor } | null) =>
    tf.tidy(() => {
      let h = state?.h ?? tf.clone(initial);
      let output: tf.Tensor | null = null;
      const embedded = embedding.apply(tokens) as tf.Tensor; // [B, n, E]
      for (const x of tf.unstack(embedded, 1)) {
        const step = decoder.step(x, [h]); // x [B, E] -> [B, U]
        output = step.output;
        h = step.states[0] as tf.Tensor;
      }
      return { logits: projection.apply(output as tf.Tensor) as tf.Tensor, state: { h } }; // [B, V]
    });
  return Object.assign(next, {
    vocabularySize: (projection.getConfig().units as number) ?? undefined,
  }) as StepFunction<{ h: tf.Tensor }>;
}

/**
 * Translates a batch of source ids `[batch, Ts]` with a trained model: the source is encoded once,
 * then the decoder steps incrementally (the GRU's state, the attention decoder's state, the
 * Transformer's KV cache) under greedy or beam search. Returns each row's generated ids, end token
 * dropped.
 */
export async function translateIds(
  kind: ModelKind,
  model: tf.LayersModel,
  source: tf.Tensor,
  options: SearchOptions,
): Promise<number[][]> {
  const batch = source.shape[0] as number;
  const prompts = Array.from({ length: batch }, () => [options.startId]);
  const search = async <S>(next: StepFunction<S>) => {
    const settings = { maxLength: options.maxLength, eosTokenId: options.endId };
    const result =
      options.beam > 1
        ? await beamSearch(next, prompts, { ...settings, beamWidth: options.beam })
        : await greedySearch(next, prompts, settings);
    return result.tokens.map((row) => row.filter((id) => id !== options.endId));
  };
  if (kind === 'transformer') {
    const stepper = seq2seqStepper(model, source);
    try {
      return await search(stepper.next);
    } finally {
      stepper.dispose();
    }
  }
  const encoded = encode(model, source);
  try {
    if (kind === 'gru') return await search(gruStepper(model, encoded.state));
    return await search(
      attentionDecoderStepper({
        embedding: layer(model, 'target_embedding'),
        decoder: layer<AttentionDecoder>(model, 'decoder'),
        projection: layer(model, 'logits'),
        memory: encoded.memory,
        memoryMask: encoded.mask,
        initialState: [encoded.state],
      }),
    );
  } finally {
    tf.dispose([encoded.memory, encoded.state, encoded.mask]);
  }
}

/**
 * Where an attention model looked while writing `output`: the alignment `[output steps, Ts]` of
 * each generated token over the source tokens of one sentence (`source` `[1, Ts]`), recomputed step
 * by step with the decoder's one-step API, as decoding ran.
 */
export function alignments(
  model: tf.LayersModel,
  source: tf.Tensor,
  output: readonly number[],
  startId: number,
): number[][] {
  const decoder = layer<AttentionDecoder>(model, 'decoder');
  const embedding = layer(model, 'target_embedding');
  return tf.tidy(() => {
    const { memory, state, mask } = encode(model, source);
    let current = { ...decoder.getInitialState(1), cellStates: [state] };
    const rows: number[][] = [];
    // The alignment of output token i comes from the step that read token i - 1 (the start first).
    for (const token of [startId, ...output].slice(0, output.length)) {
      const x = tf.squeeze(
        embedding.apply(tf.tensor2d([[token]], [1, 1], 'int32')) as tf.Tensor,
        [1],
      ); // [1, E]
      const step = decoder.step(x, current, memory, mask);
      rows.push(Array.from(step.alignment.dataSync()));
      current = step.state;
    }
    return rows;
  });
}
