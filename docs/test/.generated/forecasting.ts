import * as tf from '@tensorflow/tfjs';
import { generateTimeSeries, mae, mse, splitByTime, forecastDataset, timeseriesDatasetFromArray } from '@seq/data';

const nSteps = 50;
const series = generateTimeSeries(2000, nSteps + 1, { seed: 42 }); // [2000, 51, 1]
const { train, valid, boundaries } = splitByTime(series, { train: 0.7, valid: 0.3 });
const xTrain = train.slice([0, 0, 0], [-1, nSteps, 1]); // [1400, 50, 1]
const yTrain = train.slice([0, nSteps, 0], [-1, 1, 1]).reshape([-1, 1]); // [1400, 1]
const xValid = valid.slice([0, 0, 0], [-1, nSteps, 1]); // [600, 50, 1]
const yValid = valid.slice([0, nSteps, 0], [-1, 1, 1]).reshape([-1, 1]); // [600, 1]
console.log(`train ${boundaries[0]} series, valid ${boundaries[1] - boundaries[0]} series`);

const naive = xValid.slice([0, nSteps - 1, 0], [-1, 1, 1]).reshape([-1, 1]); // [600, 1]: last value
const naiveMse = mse(yValid, naive);
console.log(`naive forecast: MSE ${naiveMse.toFixed(4)}`);

const linear = tf.sequential({
  layers: [tf.layers.flatten({ inputShape: [nSteps, 1] }), tf.layers.dense({ units: 1 })],
});
linear.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
await linear.fit(xTrain, yTrain, { epochs: 20, batchSize: 32, verbose: 0 });
const linearPrediction = linear.predict(xValid) as tf.Tensor;
const linearMse = mse(yValid, linearPrediction);
console.log(`linear model:   MSE ${linearMse.toFixed(4)}`);

const rnn = tf.sequential({
  layers: [
    tf.layers.simpleRNN({ units: 20, returnSequences: true, inputShape: [null, 1] }),
    tf.layers.simpleRNN({ units: 20 }),
    tf.layers.dense({ units: 1 }),
  ],
});
rnn.compile({ optimizer: tf.train.adam(0.005), loss: 'meanSquaredError' });
await rnn.fit(xTrain, yTrain, { epochs: 8, batchSize: 32, verbose: 0 });
const rnnPrediction = rnn.predict(xValid) as tf.Tensor;
const rnnMse = mse(yValid, rnnPrediction);
console.log(`deep RNN:       MSE ${rnnMse.toFixed(4)}, MAE ${mae(yValid, rnnPrediction).toFixed(4)}`);

const long = generateTimeSeries(1, 4000, { seed: 7 }).reshape([4000, 1]) as tf.Tensor2D; // [time, 1]
const windows = timeseriesDatasetFromArray(long, null, { sequenceLength: 50, sequenceStride: 10, batchSize: 64 });
console.log(`windows of 50 steps every 10 rows: ${windows.size} batches`);

const horizon = 10;
const multiStep = forecastDataset(long, {
  sequenceLength: 50,
  horizon,
  endIndex: 3000, // train on the first 3,000 rows only
  batchSize: 32,
  shuffle: true,
  seed: 1,
});
const multiStepRnn = tf.sequential({
  layers: [
    tf.layers.simpleRNN({ units: 20, returnSequences: true, inputShape: [null, 1] }),
    tf.layers.simpleRNN({ units: 20 }),
    tf.layers.dense({ units: horizon }), // all 10 steps at once: [batch, 10]
  ],
});
multiStepRnn.compile({ optimizer: tf.train.adam(0.005), loss: 'meanSquaredError' });
await multiStepRnn.fitDataset(multiStep, { epochs: 3, verbose: 0 });

// Forecast the 10 steps after row 3,500 from the 50 before it, and compare with repeating the last value.
const history = long.slice([3450, 0], [50, 1]).reshape([1, 50, 1]);
const truth = long.slice([3500, 0], [horizon, 1]);
const forecast = multiStepRnn.predict(history) as tf.Tensor;
const repeatLast = tf.fill([horizon], long.slice([3499, 0], [1, 1]).dataSync()[0] as number);
console.log(`10-step forecast: MAE ${mae(truth, forecast).toFixed(4)} (repeating the last value: ${mae(truth, repeatLast).toFixed(4)})`);

export {};
