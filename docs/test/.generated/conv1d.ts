import * as tf from '@tensorflow/tfjs';
import { forecastDataset, generateTimeSeries, mae } from '@seq/data';
import { conv1d, conv1dGeometry } from '@seq/layers';

// Causal padding left-pads (kernelSize - 1) * dilationRate zeros: output t sees inputs <= t only.
console.log(`causal geometry ${JSON.stringify(conv1dGeometry(12, 2, { dilation: 4, padding: 'causal' }))}`);
const layer = conv1d({ filters: 1, kernelSize: 2, padding: 'causal', dilationRate: 4, kernelInitializer: 'ones', useBias: false });
const steps = tf.tensor3d([[[1], [0], [0], [0], [0], [0]]]); // an impulse at t = 0
console.log(`impulse response ${Array.from((layer.apply(steps) as tf.Tensor).dataSync())}`); // 1 at t = 0 and t = 4

const series = generateTimeSeries(1, 3000, { seed: 3 }).reshape([3000, 1]) as tf.Tensor2D; // [time, 1]
const horizon = 10;
const train = forecastDataset(series, {
  sequenceLength: 64, horizon, sequenceToSequence: true, endIndex: 2400, batchSize: 32, shuffle: true, seed: 1,
}).map(({ xs, ys }) => ({ xs, ys })); // xs [32, 64, 1], ys [32, 64, 10]

const wavenet = tf.sequential();
wavenet.add(tf.layers.inputLayer({ inputShape: [null, 1] }));
for (const rate of [1, 2, 4, 8, 1, 2, 4, 8]) {
  wavenet.add(conv1d({ filters: 16, kernelSize: 2, padding: 'causal', activation: 'relu', dilationRate: rate }));
}
wavenet.add(conv1d({ filters: horizon, kernelSize: 1 })); // [batch, time, 10]
wavenet.compile({ optimizer: tf.train.adam(0.005), loss: 'meanSquaredError' });
await wavenet.fitDataset(train, { epochs: 4, verbose: 0 });

// The last time step's output forecasts the 10 steps after the window.
const window = series.slice([2500, 0], [64, 1]).reshape([1, 64, 1]);
const forecast = (wavenet.predict(window) as tf.Tensor).slice([0, 63, 0], [1, 1, horizon]).reshape([horizon]);
const truth = series.slice([2564, 0], [horizon, 1]).reshape([horizon]);
const repeat = tf.fill([horizon], series.slice([2563, 0], [1, 1]).dataSync()[0] as number);
console.log(`WaveNet 10-step MAE ${mae(truth, forecast).toFixed(4)} (repeating the last value: ${mae(truth, repeat).toFixed(4)})`);

export {};
