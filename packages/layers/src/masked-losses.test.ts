import '@tensorflow/tfjs-backend-wasm';
import { expectTensorsClose } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  maskedSparseCategoricalAccuracy,
  maskedSparseCategoricalCrossentropy,
} from './masked-losses.js';
import { gru } from './sequence-layers.js';

const initial = tf.getBackend();
afterAll(async () => {
  await tf.setBackend(initial);
});

// Two sequences of 3 steps over 3 tokens; the second ends with padding (id 0).
const yTrue = tf.tensor2d([
  [1, 2, 1],
  [2, 0, 0],
]);
const probs = tf.tensor3d([
  [
    [0.1, 0.7, 0.2],
    [0.2, 0.2, 0.6],
    [0.5, 0.3, 0.2],
  ],
  [
    [0.1, 0.1, 0.8],
    [0.9, 0.05, 0.05],
    [0.3, 0.3, 0.4],
  ],
]);

describe('maskedSparseCategoricalCrossentropy', () => {
  it('averages -log p(target) over the steps that are not padding', () => {
    const expected = -(Math.log(0.7) + Math.log(0.6) + Math.log(0.3) + Math.log(0.8)) / 4;
    expectTensorsClose(maskedSparseCategoricalCrossentropy()(yTrue, probs), expected, {
      atol: 1e-6,
    });
    // The padding steps' predictions do not matter.
    const changed = tf.tensor3d([
      [
        [0.1, 0.7, 0.2],
        [0.2, 0.2, 0.6],
        [0.5, 0.3, 0.2],
      ],
      [
        [0.1, 0.1, 0.8],
        [0.05, 0.9, 0.05],
        [0.1, 0.1, 0.8],
      ],
    ]);
    expectTensorsClose(maskedSparseCategoricalCrossentropy()(yTrue, changed), expected, {
      atol: 1e-6,
    });
    // [batch, time, 1] targets work too.
    expectTensorsClose(
      maskedSparseCategoricalCrossentropy()(yTrue.expandDims(-1), probs),
      expected,
      { atol: 1e-6 },
    );
  });

  it('from logits equals from the softmax of those logits', () => {
    const logits = tf.randomNormal([2, 3, 3], 0, 2, 'float32', 1);
    expectTensorsClose(
      maskedSparseCategoricalCrossentropy({ fromLogits: true })(yTrue, logits),
      maskedSparseCategoricalCrossentropy()(yTrue, tf.softmax(logits)),
      { atol: 1e-5 },
    );
  });

  it('smooths labels: (1 - ε) on the target, ε spread over the vocabulary', () => {
    const eps = 0.1;
    const rows: Array<[number[], number]> = [
      [[0.1, 0.7, 0.2], 1],
      [[0.2, 0.2, 0.6], 2],
      [[0.5, 0.3, 0.2], 1],
      [[0.1, 0.1, 0.8], 2],
    ];
    const expected =
      rows.reduce(
        (sum, [p, t]) =>
          sum - p.reduce((s, pi, j) => s + ((j === t ? 1 - eps : 0) + eps / 3) * Math.log(pi), 0),
        0,
      ) / 4;
    expectTensorsClose(
      maskedSparseCategoricalCrossentropy({ labelSmoothing: eps })(yTrue, probs),
      expected,
      { atol: 1e-5 },
    );
    expect(() => maskedSparseCategoricalCrossentropy({ labelSmoothing: 1 })).toThrow(
      'maskedSparseCategoricalCrossentropy: `labelSmoothing` must be a number in [0, 1); received 1.',
    );
  });

  it('takes another padding id', () => {
    const ids = tf.tensor2d([
      [0, 2, 0],
      [2, 1, 0],
    ]);
    const loss = maskedSparseCategoricalCrossentropy({ paddingId: 2 })(ids, probs);
    expect(loss.dataSync()[0]).toBeCloseTo(
      -(Math.log(0.1) + Math.log(0.5) + Math.log(0.05) + Math.log(0.3)) / 4,
      5,
    );
  });

  it('rejects mismatched shapes and bad options', () => {
    expect(() => maskedSparseCategoricalCrossentropy()(tf.zeros([2, 4]), probs)).toThrow(
      'maskedSparseCategoricalCrossentropy: `yTrue` must be token ids of shape [2, 3] (or with a trailing 1); received a float32 tensor of shape [2, 4].',
    );
    expect(() => maskedSparseCategoricalCrossentropy({ paddingId: -1 })).toThrow(
      'maskedSparseCategoricalCrossentropy: `paddingId` must be a non-negative integer; received -1.',
    );
    expect(() => maskedSparseCategoricalCrossentropy({ fromLogits: 1 as never })).toThrow(
      '`fromLogits` must be a boolean; received 1.',
    );
  });
});

describe('maskedSparseCategoricalAccuracy', () => {
  it('counts only steps that are not padding', () => {
    // Predictions: [1, 2, 0] and [2, 0, 2]: correct at 1, 2 (first) and 2 (second); 0 at the last step of the first is wrong.
    expectTensorsClose(maskedSparseCategoricalAccuracy()(yTrue, probs), 3 / 4, { atol: 1e-6 });
  });
});

describe('masked training', () => {
  it.each(['cpu', 'wasm'])(
    'trains a GRU on padded sequences with model.compile on %s, ignoring padding',
    async (backend) => {
      await tf.setBackend(backend);
      // Copy task: predict the current token; sequences padded with 0 after a random length.
      const x = tf.tidy(() => {
        const lengths = tf.randomUniform([64, 1], 3, 9, 'int32', 1);
        const steps = tf.range(0, 8, 1, 'int32').expandDims(0);
        const tokens = tf.randomUniform([64, 8], 1, 5, 'int32', 2);
        return tf.mul(tokens, tf.cast(tf.less(steps, lengths), 'int32'));
      });
      const inputs = tf.oneHot(tf.cast(x, 'int32'), 5).toFloat(); // [64, 8, 5]
      const model = tf.sequential({
        layers: [
          gru({ units: 16, returnSequences: true, inputShape: [8, 5] }),
          tf.layers.dense({ units: 5 }),
        ],
      });
      const optimizer = tf.train.adam(0.05);
      model.compile({
        optimizer,
        loss: maskedSparseCategoricalCrossentropy({ fromLogits: true }),
        metrics: [maskedSparseCategoricalAccuracy()],
      });
      const targets = tf.cast(x, 'float32').expandDims(-1); // tfjs wants targets of the output's rank: [B, T, 1]
      // fit() insists that targets have the output's shape [B, T, 5] unless the loss is tfjs' own;
      // fitDataset takes sparse targets [B, T, 1].
      const dataset = tf.data.zip({
        xs: tf.data.array([inputs]),
        ys: tf.data.array([targets]),
      }) as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;
      const history = await model.fitDataset(dataset, { epochs: 30, verbose: 0 });
      expect(history.history.maskedSparseCategoricalAccuracy?.at(-1)).toBeGreaterThan(0.95);
      tf.dispose([x, inputs, targets]);
      model.dispose();
      optimizer.dispose();
    },
    60_000,
  );
});
