import { assertOneOf, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { detectOutput, type ModelOutput, toLogits } from './model-output.js';
import { type StepFunction, withVocabulary } from './step-function.js';

/** Options of {@link prefixStepper}. */
export interface PrefixStepperOptions {
  /**
   * Inputs fed before the prefix, such as the source ids `[batch, sourceLength]` of a seq2seq
   * model called as `[source, target]`. They are cloned into the state, so beam search reorders
   * them with the beams. @defaultValue `[]`
   */
  context?: tf.Tensor[];
  /**
   * What the model outputs; probabilities are turned into log-probabilities.
   * @defaultValue `'probabilities'` when the last layer has a softmax activation, else `'logits'`
   */
  output?: ModelOutput;
}

/** What a {@link prefixStepper} carries: every row's tokens so far, and the context inputs. */
export interface PrefixState {
  /** `[batch, t]`, the prompt and the tokens generated so far. */
  prefix: tf.Tensor;
  /** The context inputs, `[batch, ...]` each. */
  context: tf.Tensor[];
}

/**
 * The slow, universal adapter: a step function that re-feeds the whole prefix `[batch, t]` to any
 * model that maps token ids to next-token scores `[batch, t, vocabulary]` (or `[batch,
 * vocabulary]`), and takes the scores at the last position. Each step costs a full pass over the
 * prefix, so generating n tokens costs O(n^2); use it for models without a one-step API and as
 * the reference that the incremental adapters are tested against. The prefix is fed as it is, with
 * `model.apply` (which, unlike `predict`, accepts a prefix shorter than a model's declared input
 * length, as causal models built by `@seq/transformer` allow).
 *
 * @param model - `ids [batch, t] -> [batch, t, vocabulary]`, after the `context` inputs if any.
 * @throws {@link @seq/core!index.SeqError} for bad options; at a step, when the prefix outgrows a
 *   fixed input length or the output is not rank 2 or 3.
 * @example
 * ```ts
 * const next = prefixStepper(charModel); // a tf.Sequential ending in Dense(vocabulary, softmax)
 * const { tokens } = await sample(next, [encode('To be')], { maxLength: 100, temperature: 0.8 });
 * ```
 */
export function prefixStepper(
  model: tf.LayersModel,
  options: PrefixStepperOptions = {},
): StepFunction<PrefixState> {
  const owner = 'prefixStepper';
  if (!(model instanceof tf.LayersModel)) {
    throw new SeqError({ owner, argument: 'model', expected: 'a tf.LayersModel', received: model });
  }
  const context = options.context ?? [];
  if (!Array.isArray(context) || context.some((t) => !(t instanceof tf.Tensor))) {
    throw new SeqError({
      owner,
      argument: 'context',
      expected: 'an array of tensors',
      received: context,
    });
  }
  if (model.inputs.length !== context.length + 1) {
    throw new SeqError({
      owner,
      argument: 'context',
      expected: `${model.inputs.length - 1} tensor(s): the model has ${model.inputs.length} inputs, the last being the token ids`,
      receivedDescription: `${context.length}`,
    });
  }
  const output = assertOneOf(owner, 'output', options.output ?? detectOutput(model), [
    'logits',
    'probabilities',
  ] as const);
  const fixed = model.inputs[context.length]?.shape[1] ?? null;
  const next: StepFunction<PrefixState> = (tokens, state) =>
    tf.tidy(() => {
      const prefix = state ? tf.concat([state.prefix, tokens], 1) : tf.clone(tokens); // [B, t]
      const t = prefix.shape[1] as number;
      if (fixed !== null && t > fixed) {
        throw new SeqError({
          owner,
          argument: 'prefix',
          expected: `at most the model's input length (${fixed} tokens)`,
          receivedDescription: `${t} tokens`,
        });
      }
      const inputs = state ? state.context : context;
      const fed = [...inputs, tf.cast(prefix, 'float32')];
      const scores = model.apply(fed.length === 1 ? (fed[0] as tf.Tensor) : fed, {
        training: false,
      }) as tf.Tensor;
      let last: tf.Tensor;
      if (scores.rank === 3) {
        last = tf.squeeze(scores.slice([0, t - 1, 0], [-1, 1, -1]), [1]); // [B, V]
      } else if (scores.rank === 2) {
        last = scores;
      } else {
        throw new SeqError({
          owner,
          argument: 'model',
          expected: 'to output [batch, t, vocabulary] or [batch, vocabulary]',
          received: scores,
        });
      }
      const logits = toLogits(last, output);
      const carried = state ? state.context : context.map((c) => tf.clone(c));
      return { logits, state: { prefix, context: carried } } as unknown as tf.TensorContainer;
    }) as unknown as { logits: tf.Tensor; state: PrefixState };
  return withVocabulary(next, model.outputs[0]?.shape.at(-1));
}
