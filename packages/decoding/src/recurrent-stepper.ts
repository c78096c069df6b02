import { assertOneOf, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { detectOutput, type ModelOutput } from './model-output.js';
import type { StepFunction } from './step-function.js';

/** A layer with a one-step API, as `@seq/layers`' `SimpleRNN`, `LSTM`, `GRU` and `RNN` have. */
interface OneStepLayer {
  step(x: tf.Tensor, states: tf.Tensor[]): { output: tf.Tensor; states: tf.Tensor[] };
  getInitialState(batchSize: number): tf.Tensor[];
}

function isOneStep(layer: unknown): layer is OneStepLayer {
  const l = layer as Partial<OneStepLayer>;
  return typeof l.step === 'function' && typeof l.getInitialState === 'function';
}

/** Layers that act on each time step alone, so one step can go through them as `[batch, 1, ...]`. */
const PER_STEP = new Set([
  'InputLayer',
  'Embedding',
  'Dense',
  'Dropout',
  'SpatialDropout1D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'Activation',
  'Softmax',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'PReLU',
  'LayerNormalization',
  'BatchNormalization',
  'TimeDistributed',
  'Masking',
]);

/** Options of {@link recurrentStepper}. */
export interface RecurrentStepperOptions {
  /**
   * What the model outputs; probabilities are turned into log-probabilities.
   * @defaultValue `'probabilities'` when the last layer has a softmax activation, else `'logits'`
   */
  output?: ModelOutput;
}

/** What a {@link recurrentStepper} carries: the states of each recurrent layer, in model order. */
export interface RecurrentState {
  /** One list of `[batch, units]` states per recurrent layer. */
  layers: tf.Tensor[][];
}

/**
 * The incremental adapter for recurrent language models: a step function over a chain of layers
 * (a `tf.Sequential`, or a functional model without branches) made of embeddings, recurrent
 * layers with a one-step API (`@seq/layers`' `SimpleRNN`, `LSTM`, `GRU`, `RNN`) and per-step
 * layers (`Dense`, `Dropout`, `LayerNormalization`, `TimeDistributed`...). Each new token goes
 * through every layer once, carrying the recurrent states, so a step costs the same at every
 * position; its logits equal the full model's at that position. Stateful models work too: the
 * states live in the decoding state, not in the layers.
 *
 * @param model - `ids [batch, time] -> [batch, time, vocabulary]`.
 * @throws {@link @seq/core!index.SeqError} when a layer mixes time steps without a one-step API
 *   (tfjs' own `tf.layers.lstm`, `Conv1D`, `Bidirectional`...), or the model is not a chain.
 * @example
 * ```ts
 * const model = tf.sequential({ layers: [
 *   tf.layers.embedding({ inputDim: 40, outputDim: 16, inputShape: [null] }),
 *   new GRU({ units: 64, returnSequences: true }),
 *   tf.layers.dense({ units: 40 }),
 * ] });
 * const { tokens } = await sample(recurrentStepper(model), prompts, { maxLength: 200, temperature: 0.7 });
 * ```
 */
export function recurrentStepper(
  model: tf.LayersModel,
  options: RecurrentStepperOptions = {},
): StepFunction<RecurrentState> {
  const owner = 'recurrentStepper';
  if (!(model instanceof tf.LayersModel)) {
    throw new SeqError({ owner, argument: 'model', expected: 'a tf.LayersModel', received: model });
  }
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new SeqError({
      owner,
      argument: 'model',
      expected: 'a model with one input (token ids) and one output',
      receivedDescription: `${model.inputs.length} inputs and ${model.outputs.length} outputs`,
    });
  }
  const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  layers.forEach((layer, i) => {
    const inbound = (layer as unknown as { inboundNodes: Array<{ inboundLayers: unknown[] }> })
      .inboundNodes;
    const from = inbound[0]?.inboundLayers ?? [];
    const previous = i === 0 ? null : layers[i - 1];
    const chained =
      from.length <= 1 &&
      (previous === null || from[0] === previous || model instanceof tf.Sequential);
    if (!chained) {
      throw new SeqError({
        owner,
        argument: 'model',
        expected: 'a chain of layers, each fed by the one before (no branches or merges)',
        receivedDescription: `layer '${layer.name}' (${layer.getClassName()}) fed by ${from.length} layer(s)`,
      });
    }
    if (!isOneStep(layer) && !PER_STEP.has(layer.getClassName())) {
      throw new SeqError({
        owner,
        argument: 'model',
        expected:
          'layers that act on each step alone, or recurrent layers with a one-step API (@seq/layers SimpleRNN, LSTM, GRU, RNN); use prefixStepper for other models',
        receivedDescription: `layer '${layer.name}' (${layer.getClassName()})`,
      });
    }
  });
  const output = assertOneOf(owner, 'output', options.output ?? detectOutput(model), [
    'logits',
    'probabilities',
  ] as const);
  const recurrent = layers.filter(isOneStep) as unknown as OneStepLayer[];
  return (tokens, state) =>
    tf.tidy(() => {
      const batch = tokens.shape[0] as number;
      let states = state ? state.layers : recurrent.map((layer) => layer.getInitialState(batch));
      let last: tf.Tensor | null = null;
      const time = tokens.shape[1] as number;
      const steps = time === 1 ? [tokens] : tf.split(tokens, time, 1); // time x [B, 1]
      for (const ids of steps) {
        let x: tf.Tensor = ids;
        let r = 0;
        const next: tf.Tensor[][] = [];
        for (const layer of layers) {
          if (isOneStep(layer)) {
            const step = layer.step(tf.squeeze(x, [1]), states[r] as tf.Tensor[]); // [B, F] -> [B, U]
            next.push(step.states);
            x = tf.expandDims(step.output, 1); // [B, 1, U]
            r++;
          } else {
            x = layer.apply(x, { training: false }) as tf.Tensor; // [B, 1, ...]
          }
        }
        states = next;
        last = x;
      }
      const scores = tf.reshape(last as tf.Tensor, [batch, -1]); // [B, V]
      const logits = output === 'probabilities' ? tf.log(tf.maximum(scores, 1e-30)) : scores;
      return { logits, state: { layers: states } } as unknown as tf.TensorContainer;
    }) as unknown as { logits: tf.Tensor; state: RecurrentState };
}
