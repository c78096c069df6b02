import { SeededRandom } from '@seq/core';
import { fileSystem } from '@seq/core/node';
import * as tf from '@tensorflow/tfjs';

/** Options of {@link learnAutoregression}. */
export interface AutoregressionOptions {
  /** Seed of the data, the weights and the shuffling. */
  seed: number;
  /** Training epochs. */
  epochs: number;
  /** Folder the trained model is saved to (atomically) and reloaded from. */
  out: string;
  /** Length of the generated series. */
  length?: number;
}

/** What {@link learnAutoregression} found. */
export interface AutoregressionResult {
  /** The true coefficients of x[t-1], x[t-2]. */
  truth: [number, number];
  /** The coefficients the model learned, read back from the saved model. */
  learned: [number, number];
  /** Mean squared error of one-step forecasts on the held-out last 20% (chronological split). */
  modelMse: number;
  /** The same for the naive forecast x[t] = x[t-1]. */
  naiveMse: number;
}

/**
 * Generates x[t] = 1.6 x[t-1] - 0.8 x[t-2] + noise (a damped oscillation, a seeded AR(2) process),
 * windows it into ([x[t-2], x[t-1]], x[t]) pairs, trains a linear forecaster on the first 80% and
 * evaluates it on the rest against the naive forecast, as chapter 15 does before any RNN.
 */
export async function learnAutoregression(
  options: AutoregressionOptions,
): Promise<AutoregressionResult> {
  const { seed, epochs, out, length = 1200 } = options;
  const truth: [number, number] = [1.6, -0.8];
  const random = new SeededRandom(seed);
  const series = [0, 0];
  for (let t = 2; t < length; t++) {
    const prev1 = series[t - 1] as number;
    const prev2 = series[t - 2] as number;
    series.push(truth[0] * prev1 + truth[1] * prev2 + random.nextNormal(0, 0.1));
  }
  // Windows: [x[t-2], x[t-1]] -> x[t]; the first 80% of time trains, the rest tests.
  const inputs: number[][] = [];
  const targets: number[] = [];
  for (let t = 2; t < length; t++) {
    inputs.push([series[t - 2] as number, series[t - 1] as number]);
    targets.push(series[t] as number);
  }
  const split = Math.floor(inputs.length * 0.8);

  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 1,
        inputShape: [2],
        kernelInitializer: tf.initializers.glorotUniform({ seed: random.nextSeed() }),
      }),
    ],
  });
  const optimizer = tf.train.adam(0.02);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const [xTrain, yTrain, xTest, yTest] = [
    tf.tensor2d(inputs.slice(0, split)), // [windows, 2]
    tf.tensor2d(targets.slice(0, split), [split, 1]),
    tf.tensor2d(inputs.slice(split)),
    tf.tensor2d(targets.slice(split), [targets.length - split, 1]),
  ];
  // tfjs' own `shuffle: true` draws from an unseeded source; shuffle with the seeded one instead,
  // so that the same seed learns the same coefficients on every run.
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = tf.tensor1d(random.permutation(split), 'int32');
    const [xs, ys] = [tf.gather(xTrain, order), tf.gather(yTrain, order)];
    await model.fit(xs, ys, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
    tf.dispose([order, xs, ys]);
  }

  await model.save(fileSystem(out));
  const loaded = await tf.loadLayersModel(fileSystem(out));
  const kernel = loaded.getWeights()[0]?.dataSync() ?? new Float32Array(2);
  const learned: [number, number] = [kernel[1] as number, kernel[0] as number];

  const [modelMse, naiveMse] = tf.tidy(() => {
    const predicted = loaded.predict(xTest) as tf.Tensor;
    const naive = xTest.slice([0, 1], [-1, 1]); // [windows, 1]: the last value seen
    return [
      tf.losses.meanSquaredError(yTest, predicted).dataSync()[0] as number,
      tf.losses.meanSquaredError(yTest, naive).dataSync()[0] as number,
    ];
  });
  tf.dispose([xTrain, yTrain, xTest, yTest]);
  model.dispose();
  loaded.dispose();
  optimizer.dispose(); // a model does not own an optimizer it was given
  return { truth, learned, modelMse, naiveMse };
}
