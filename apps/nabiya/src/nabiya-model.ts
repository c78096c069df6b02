import { SeededRandom } from '@seq/core';
import { lstm } from '@seq/layers';
import * as tf from '@tensorflow/tfjs';
import { NOTES } from './melody.js';

/** The models the app trains: the tutorial's LSTM, and its stateful LSTM. */
export const MODEL_NAMES = ['lstm', 'stateful'] as const;
/** One of {@link MODEL_NAMES}. */
export type ModelName = (typeof MODEL_NAMES)[number];

/** What each model is, for `--help` and the README. */
export const MODEL_DESCRIPTIONS: Record<ModelName, string> = {
  lstm: 'one LSTM layer over each window, softmax over the 14 notes; shuffled batches',
  stateful: 'the same, stateful: batch 1, windows in song order, state reset every epoch',
};

/** How a window of note indices is fed to the model. */
export const ENCODINGS = ['scaled', 'one-hot'] as const;
/** One of {@link ENCODINGS}: the index divided by 13 (one feature, the tutorial's), or one-hot. */
export type Encoding = (typeof ENCODINGS)[number];

/** Options of {@link buildModel}. */
export interface BuildOptions {
  model: ModelName;
  /** LSTM units. */
  units: number;
  /** Notes in each input window. */
  window: number;
  encoding: Encoding;
  /** Seed of every initializer. */
  seed: number;
  learningRate: number;
}

/** Features per time step of an encoding. */
export function featuresOf(encoding: Encoding): number {
  return encoding === 'scaled' ? 1 : NOTES.length;
}

/**
 * Builds and compiles the one-hidden-layer LSTM (Adam, categorical cross-entropy, accuracy) with
 * every initializer seeded from `seed`: the same seed gives the same weights. The stateful model
 * has a fixed batch of 1.
 */
export function buildModel(options: BuildOptions): tf.LayersModel {
  const { units, window, encoding } = options;
  const seeds = new SeededRandom(`${options.seed}/${options.model}`);
  const stateful = options.model === 'stateful';
  const features = featuresOf(encoding);
  const model = tf.sequential({
    layers: [
      lstm({
        units,
        stateful,
        ...(stateful
          ? { batchInputShape: [1, window, features] } // [batch, time, features]
          : { inputShape: [window, features] }),
        kernelInitializer: tf.initializers.glorotUniform({ seed: seeds.nextSeed() }),
        recurrentInitializer: tf.initializers.orthogonal({ seed: seeds.nextSeed() }),
      }), // [batch, units]
      tf.layers.dense({
        units: NOTES.length,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seeds.nextSeed() }),
      }), // [batch, notes]
    ],
  });
  model.compile({
    optimizer: tf.train.adam(options.learningRate),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

/**
 * The input windows as a tensor `[batch, window, features]`: each note index divided by the
 * largest index (13), as the tutorial scales them, or one-hot over the 14 notes.
 */
export function encodeWindows(
  windows: readonly (readonly number[])[],
  encoding: Encoding,
): tf.Tensor3D {
  return tf.tidy(() => {
    const batch = windows.length;
    const size = windows[0]?.length ?? 0;
    const indices = tf.tensor2d(windows.flat(), [batch, size], 'int32');
    if (encoding === 'scaled') {
      return indices
        .toFloat()
        .div(NOTES.length - 1)
        .reshape([batch, size, 1]); // [batch, time, 1]
    }
    return tf.oneHot(indices, NOTES.length).toFloat() as tf.Tensor3D; // [batch, time, notes]
  });
}

/** The next notes as one-hot targets `[batch, notes]`. */
export function encodeTargets(next: readonly number[]): tf.Tensor2D {
  return tf.tidy(
    () => tf.oneHot(tf.tensor1d([...next], 'int32'), NOTES.length).toFloat() as tf.Tensor2D,
  );
}
