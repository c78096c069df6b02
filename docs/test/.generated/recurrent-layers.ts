import * as tf from '@tensorflow/tfjs';
import {
  gru, layerNormSimpleRNNCell, lstm, maskedSparseCategoricalAccuracy,
  maskedSparseCategoricalCrossentropy, rnn,
} from '@seq/layers';

const x = tf.randomNormal([2, 10, 3], 0, 1, 'float32', 1); // [batch, time, features]
const lstmLayer = lstm({ units: 8, returnSequences: true });
console.log(`LSTM output ${(lstmLayer.apply(x) as tf.Tensor).shape}`); // [2, 10, 8]

const gruLayer = gru({ units: 8, returnState: true }); // resetAfter: true, recurrentActivation: sigmoid
const [last, h] = gruLayer.apply(x) as tf.Tensor[];
console.log(`GRU weights ${gruLayer.getWeights().map((w) => `[${w.shape}]`).join(' ')}`);

const padded = tf.tensor3d([[[1], [2], [0], [0]]]); // one sequence of 2 steps, padded to 4
const masked = tf.sequential({
  layers: [tf.layers.masking({ maskValue: 0, inputShape: [4, 1] }), gru({ units: 2, returnSequences: true })],
});
const steps = (masked.predict(padded) as tf.Tensor).arraySync() as number[][][];
console.log(`masked steps repeat the last output: ${JSON.stringify(steps[0]?.[1]) === JSON.stringify(steps[0]?.[3])}`);

const tokens = tf.tensor2d([[3, 1, 2, 0], [2, 2, 0, 0]]); // padding id 0
const inputs = tf.oneHot(tf.cast(tokens, 'int32'), 4).toFloat(); // [2, 4, 4]
const tagger = tf.sequential({
  layers: [gru({ units: 16, returnSequences: true, inputShape: [4, 4] }), tf.layers.dense({ units: 4 })],
});
tagger.compile({
  optimizer: tf.train.adam(0.05),
  loss: maskedSparseCategoricalCrossentropy({ fromLogits: true }),
  metrics: [maskedSparseCategoricalAccuracy()],
});
const pairs = tf.data.zip({ xs: tf.data.array([inputs]), ys: tf.data.array([tokens.expandDims(-1)]) });
const history = await tagger.fitDataset(pairs as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>, { epochs: 40, verbose: 0 });
console.log(`masked accuracy ${history.history.maskedSparseCategoricalAccuracy?.at(-1)}`);

const normed = rnn({ cell: layerNormSimpleRNNCell({ units: 8 }), returnSequences: true });
console.log(`layer-normalised RNN output ${(normed.apply(x) as tf.Tensor).shape}`);

const whole = lstm({ units: 4, returnSequences: true });
const expected = whole.apply(x) as tf.Tensor;
const stateful = lstm({ units: 4, returnSequences: true, stateful: true, batchInputShape: [2, 5, 3] });
stateful.apply(x.slice([0, 0, 0], [2, 5, 3]));
stateful.setWeights(whole.getWeights());
stateful.resetStates();
const first = stateful.apply(x.slice([0, 0, 0], [2, 5, 3])) as tf.Tensor;
const second = stateful.apply(x.slice([0, 5, 0], [2, 5, 3])) as tf.Tensor;
const gap = tf.max(tf.abs(tf.sub(tf.concat([first, second], 1), expected))).dataSync()[0] as number;
console.log(`stateful pieces equal the whole: ${gap < 1e-5}`);

const both = tf.layers.bidirectional({ layer: lstm({ units: 4, returnSequences: true }) as never, mergeMode: 'concat' });
console.log(`bidirectional output ${(both.apply(x) as tf.Tensor).shape}`); // [2, 10, 8]

let states = lstmLayer.getInitialState(2);
const outputs: tf.Tensor[] = [];
for (const xt of tf.unstack(x, 1)) {
  const { output, states: next } = lstmLayer.step(xt, states); // [2, 8]
  tf.dispose(states);
  states = next;
  outputs.push(output);
}
const stepped = tf.stack(outputs, 1);
const fullPass = lstmLayer.apply(x) as tf.Tensor;
const stepGap = tf.max(tf.abs(tf.sub(stepped, fullPass))).dataSync()[0] as number;
console.log(`step by step equals the full pass: ${stepGap < 1e-5}`);
tf.dispose([last as tf.Tensor, h as tf.Tensor]);

export {};
