import { SeededRandom } from '@seq/core';
import { gru, lstm } from '@seq/layers';
import { simpleWaveNet } from '@seq/wavenet';
import * as tf from '@tensorflow/tfjs';

/** The forecasters the page trains, in the order of the book. */
export const FORECAST_MODELS = ['linear', 'lstm', 'gru', 'wavenet'] as const;

/** One of {@link FORECAST_MODELS}. */
export type ForecastModelName = (typeof FORECAST_MODELS)[number];

/** What each model is, for the page. */
export const FORECAST_MODEL_DESCRIPTIONS: Record<ForecastModelName, string> = {
  linear: 'linear: one dense layer over the window',
  lstm: 'LSTM(20) x2, dense head',
  gru: 'GRU(20) x2 (Keras GRU, resetAfter), dense head',
  wavenet: "WaveNet: the book's causal Conv1D(20), dilations 1, 2, 4, 8 x2",
};

/** Options of {@link buildForecaster}. */
export interface ForecasterOptions {
  /** Steps in each input window. */
  inputSteps: number;
  /** Values forecast at once (the direct strategy). */
  horizon: number;
  learningRate: number;
  /** Seed of every initializer. */
  seed: number;
}

/**
 * `[batch, time, units]` -> `[batch, units]`, the last step, with tfjs' own serializable layers
 * (tfjs has no `Cropping1D`): as an image `[time, units, 1]`, crop all rows but the last. The
 * forecast app does the same, so the models save and load alike.
 */
function lastStep(x: tf.SymbolicTensor, steps: number): tf.SymbolicTensor {
  const units = x.shape[2] as number;
  const image = tf.layers.reshape({ targetShape: [steps, units, 1] }).apply(x); // [B, T, U, 1]
  const cropped = tf.layers
    .cropping2D({
      cropping: [
        [steps - 1, 0],
        [0, 0],
      ],
    })
    .apply(image); // [B, 1, U, 1]
  return tf.layers.flatten().apply(cropped) as tf.SymbolicTensor; // [B, U]
}

/**
 * Builds and compiles one of the book's forecasters (Adam, MSE): windows `[batch, inputSteps, 1]`
 * in, the next `horizon` values `[batch, horizon]` out, every initializer seeded. The layers are
 * the forecast app's (`lstm`, `gru` from `@seq/layers`, `simpleWaveNet` from `@seq/wavenet`).
 */
export function buildForecaster(
  name: ForecastModelName,
  options: ForecasterOptions,
): tf.LayersModel {
  const { inputSteps, horizon } = options;
  const seeds = new SeededRandom(`${options.seed}/${name}`);
  const glorot = () => tf.initializers.glorotUniform({ seed: seeds.nextSeed() });
  const recurrent = (returnSequences: boolean) => ({
    units: 20,
    returnSequences,
    kernelInitializer: glorot(),
    recurrentInitializer: tf.initializers.orthogonal({ seed: seeds.nextSeed() }),
  });
  const input = tf.input({ shape: [inputSteps, 1] }); // [B, T, 1]
  let x: tf.SymbolicTensor;
  switch (name) {
    case 'linear':
      x = tf.layers.flatten().apply(input) as tf.SymbolicTensor; // [B, T]
      break;
    case 'lstm':
      x = lstm(recurrent(true)).apply(input) as tf.SymbolicTensor; // [B, T, 20]
      x = lstm(recurrent(false)).apply(x) as tf.SymbolicTensor; // [B, 20]
      break;
    case 'gru':
      x = gru(recurrent(true)).apply(input) as tf.SymbolicTensor; // [B, T, 20]
      x = gru(recurrent(false)).apply(x) as tf.SymbolicTensor; // [B, 20]
      break;
    case 'wavenet': {
      const net = simpleWaveNet({ outputUnits: horizon, seed: seeds.nextSeed() % 2 ** 30 });
      const out = net.apply(input) as tf.SymbolicTensor; // [B, T, horizon]
      return compile(
        tf.model({ inputs: input, outputs: lastStep(out, inputSteps), name: 'forecast_wavenet' }),
        options.learningRate,
      );
    }
  }
  const head = tf.layers.dense({ units: horizon, kernelInitializer: glorot() });
  return compile(
    tf.model({
      inputs: input,
      outputs: head.apply(x) as tf.SymbolicTensor, // [B, horizon]
      name: `forecast_${name}`,
    }),
    options.learningRate,
  );
}

function compile(model: tf.LayersModel, learningRate: number): tf.LayersModel {
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'meanSquaredError' });
  return model;
}

/** What a loaded forecaster reads and writes. */
export interface ForecasterShape {
  /** Steps per input window (`null` when the model takes any length). */
  inputSteps: number | null;
  /** Values forecast per window. */
  horizon: number;
  /** Whether it outputs a forecast at every step (`[batch, time, horizon]`), read at the last. */
  sequenceOutput: boolean;
}

/**
 * Reads the window length and horizon of a forecaster, such as one the forecast app saved
 * (`models/<strategy>/<model>/`): input `[batch, steps, 1]`, output `[batch, horizon]` or, for a
 * sequence-to-sequence model, `[batch, steps, horizon]`.
 *
 * @throws Error when the model is not a one-feature forecaster.
 */
export function forecasterShape(model: tf.LayersModel): ForecasterShape {
  const input = model.inputs[0]?.shape ?? [];
  const output = model.outputs[0]?.shape ?? [];
  if (model.inputs.length !== 1 || input.length !== 3 || input[2] !== 1) {
    throw new Error(
      `A forecaster reads windows [batch, steps, 1]; this model reads ${JSON.stringify(model.inputs.map((i) => i.shape))}.`,
    );
  }
  const horizon = output[output.length - 1];
  if ((output.length !== 2 && output.length !== 3) || typeof horizon !== 'number') {
    throw new Error(
      `A forecaster outputs [batch, horizon] or [batch, steps, horizon]; this model outputs ${JSON.stringify(output)}.`,
    );
  }
  return { inputSteps: input[1] ?? null, horizon, sequenceOutput: output.length === 3 };
}
