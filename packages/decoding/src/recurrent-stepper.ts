import { assertOneOf, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { detectOutput, type ModelOutput, toLogits } from './model-output.js';
import { type StepFunction, withVocabulary } from './step-function.js';

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
 * states live in the decoding state, not in the layers. With an `Embedding` that has `maskZero`, an
 * id-0 step keeps the recurrent states, as the full pass does.
 *
 * @param model - `ids [batch, time] -> [batch, time, vocabulary]`.
 * @throws {@link @seq/core!index.SeqError} when a layer mixes time steps without a one-step API
 *   (tfjs' own `tf.layers.lstm`, `Conv1D`, `Bidirectional`, a `goBackwards` layer, `Masking`...),
 *   or the model is not a chain of layers each called once.
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
  const nodesIn = (model as unknown as { containerNodes?: Set<string> }).containerNodes;
  layers.forEach((layer, i) => {
    const inbound = (layer as unknown as { inboundNodes: Array<{ inboundLayers: unknown[] }> })
      .inboundNodes;
    // The layer's calls within this model (a layer may also be used by other models).
    const calls = inbound.filter((_, n) => nodesIn?.has(`${layer.name}_ib-${n}`) ?? true);
    const from = calls[0]?.inboundLayers ?? [];
    const previous = i === 0 ? null : layers[i - 1];
    // A Sequential is a chain by construction.
    const chained =
      model instanceof tf.Sequential ||
      (calls.length === 1 && from.length <= 1 && (previous === null || from[0] === previous));
    if (!chained) {
      throw new SeqError({
        owner,
        argument: 'model',
        expected:
          'a chain of layers, each called once and fed by the one before (no branches, merges or shared layers)',
        receivedDescription: `layer '${layer.name}' (${layer.getClassName()}) called ${calls.length} time(s), fed by ${from.length} layer(s)`,
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
    if (isOneStep(layer) && (layer as unknown as { goBackwards?: boolean }).goBackwards) {
      throw new SeqError({
        owner,
        argument: 'model',
        expected:
          'recurrent layers that run forwards (a backward layer needs the whole sequence first)',
        receivedDescription: `layer '${layer.name}' (${layer.getClassName()}) with goBackwards`,
      });
    }
    if (layer.getClassName() === 'Masking') {
      throw new SeqError({
        owner,
        argument: 'model',
        expected: 'no Masking layer (use an Embedding with maskZero; use prefixStepper otherwise)',
        receivedDescription: `layer '${layer.name}' (Masking)`,
      });
    }
  });
  // With an Embedding that masks id 0, an id-0 step keeps every recurrent state, as the full pass does.
  const masking = layers.some(
    (layer) =>
      layer.getClassName() === 'Embedding' &&
      (layer.getConfig() as { maskZero?: boolean }).maskZero === true,
  );
  const output = assertOneOf(owner, 'output', options.output ?? detectOutput(model), [
    'logits',
    'probabilities',
  ] as const);
  const recurrent = layers.filter(isOneStep) as unknown as OneStepLayer[];
  const next: StepFunction<RecurrentState> = (tokens, state) =>
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
        const keep = masking ? tf.cast(tf.notEqual(ids, 0), 'float32') : null; // [B, 1], 0 = masked
        for (const layer of layers) {
          if (isOneStep(layer)) {
            const previous = states[r] as tf.Tensor[];
            const step = layer.step(tf.squeeze(x, [1]), previous); // [B, F] -> [B, U]
            let output = step.output;
            let updated = step.states;
            if (keep) {
              // A masked step keeps the states and repeats the previous output (h, the first state).
              updated = updated.map((s, j) =>
                tf.add(previous[j] as tf.Tensor, tf.mul(keep, tf.sub(s, previous[j] as tf.Tensor))),
              );
              output = tf.add(
                previous[0] as tf.Tensor,
                tf.mul(keep, tf.sub(output, previous[0] as tf.Tensor)),
              );
            }
            next.push(updated);
            x = tf.expandDims(output, 1); // [B, 1, U]
            r++;
          } else {
            x = layer.apply(x, { training: false }) as tf.Tensor; // [B, 1, ...]
          }
        }
        states = next;
        last = x;
      }
      const scores = tf.reshape(last as tf.Tensor, [batch, -1]); // [B, V]
      const logits = toLogits(scores, output);
      return { logits, state: { layers: states } } as unknown as tf.TensorContainer;
    }) as unknown as { logits: tf.Tensor; state: RecurrentState };
  return withVocabulary(next, model.outputs[0]?.shape.at(-1));
}
