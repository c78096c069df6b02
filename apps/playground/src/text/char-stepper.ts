import { recurrentStepper, type StepFunction } from '@seq/decoding';
import { causalLMStepper, TransformerDecoder } from '@seq/transformer';
import * as tf from '@tensorflow/tfjs';

/** How a character model generates: its step function and the longest context it reads. */
export interface CharStepper {
  /** `next(tokens, state) -> {logits, state}`, for `@seq/decoding`'s searches. */
  next: StepFunction;
  /** The longest context the model reads (a Transformer's training window), else Infinity. */
  window: number;
  /** `'transformer'` or `'recurrent'`, for the page. */
  kind: 'transformer' | 'recurrent';
}

/**
 * The incremental step function of a character model that the page trained or the char-rnn app
 * saved: `recurrentStepper` over the model up to its `logits` layer for the GRU and LSTM models
 * (the recurrent state carries over, so each character costs the same), `causalLMStepper` (its KV
 * cache) for the app's Transformer.
 *
 * @throws {@link @seq/core!index.SeqError} when the model is neither (a layer that mixes time
 *   steps without a one-step API).
 */
export function charStepper(model: tf.LayersModel): CharStepper {
  if (model.layers.some((layer) => layer instanceof TransformerDecoder)) {
    return {
      next: causalLMStepper(model) as unknown as StepFunction,
      window: (model.inputs[0]?.shape[1] as number | null) ?? Number.POSITIVE_INFINITY,
      kind: 'transformer',
    };
  }
  const hasLogits = model.layers.some((layer) => layer.name === 'logits');
  const head = hasLogits
    ? tf.model({
        inputs: model.inputs,
        outputs: model.getLayer('logits').output as tf.SymbolicTensor,
      })
    : model;
  return {
    next: recurrentStepper(head) as unknown as StepFunction,
    window: Number.POSITIVE_INFINITY,
    kind: 'recurrent',
  };
}
