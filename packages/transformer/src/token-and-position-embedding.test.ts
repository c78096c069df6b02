import '@tensorflow/tfjs-backend-wasm';
import { expectTensorsClose, roundTripModel, runLayerContract } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { TokenAndPositionEmbedding } from './token-and-position-embedding.js';
import { TransformerEncoder } from './transformer-encoder.js';

const initial = tf.getBackend();
afterAll(async () => {
  await tf.setBackend(initial);
});

const ids = () =>
  tf.tensor2d([
    [3, 1, 4, 1, 5],
    [9, 2, 6, 0, 0],
  ]);

describe('TokenAndPositionEmbedding', () => {
  it('meets the layer contract', async () => {
    await runLayerContract({
      create: () =>
        new TokenAndPositionEmbedding({ vocabularySize: 10, sequenceLength: 8, embeddingDim: 4 }),
      input: ids,
      expectedWeights: 2,
      expectedWeightNames: ['token_embedding/embeddings', 'position_embedding/embeddings'],
      expectedOutputShape: [2, 5, 4],
    });
  });

  it('adds the token and position embeddings, and ties the output projection to the tokens', () => {
    const layer = new TokenAndPositionEmbedding({
      vocabularySize: 10,
      sequenceLength: 8,
      embeddingDim: 4,
    });
    const out = layer.apply(ids()) as tf.Tensor;
    const [tokens, positions] = layer.getWeights() as [tf.Tensor, tf.Tensor];
    const expected = tf.add(
      tf.gather(
        tokens,
        tf.tensor2d(
          [
            [3, 1, 4, 1, 5],
            [9, 2, 6, 0, 0],
          ],
          undefined,
          'int32',
        ),
      ),
      positions.slice([0, 0], [5, 4]),
    );
    expectTensorsClose(out, expected, { atol: 1e-6 });
    const logits = layer.logits(out);
    expect(logits.shape).toEqual([2, 5, 10]);
    expectTensorsClose(
      logits,
      tf.matMul(out.reshape([10, 4]), tokens, false, true).reshape([2, 5, 10]),
      { atol: 1e-5 },
    );
  });

  it("with maskZero, gives the encoder its padding mask in a functional model (keras-hub's behaviour)", () => {
    const input = tf.input({ shape: [5] });
    const embed = new TokenAndPositionEmbedding({
      vocabularySize: 10,
      sequenceLength: 8,
      embeddingDim: 8,
      maskZero: true,
    });
    const encoder = new TransformerEncoder({ intermediateDim: 16, numHeads: 2 });
    const model = tf.model({
      inputs: input,
      outputs: encoder.apply(embed.apply(input)) as tf.SymbolicTensor,
    });
    const x = ids();
    const viaMask = model.predict(x) as tf.Tensor;
    const explicit = encoder.apply(embed.apply(x), {
      paddingMask: tf.tensor2d([
        [1, 1, 1, 1, 1],
        [1, 1, 1, 0, 0],
      ]),
    }) as tf.Tensor;
    const keep = tf.tensor3d([
      [[1], [1], [1], [1], [1]],
      [[1], [1], [1], [0], [0]],
    ]);
    expectTensorsClose(tf.mul(viaMask, keep), tf.mul(explicit, keep), { atol: 1e-5 });
    const unmasked = encoder.apply(embed.apply(x)) as tf.Tensor;
    expect(() =>
      expectTensorsClose(tf.mul(unmasked, keep), tf.mul(explicit, keep), { atol: 1e-4 }),
    ).toThrow();
  });

  it('trains on wasm (no gather gradient needed)', async () => {
    await tf.setBackend('wasm');
    const model = tf.sequential({
      layers: [
        new TokenAndPositionEmbedding({
          vocabularySize: 6,
          sequenceLength: 4,
          embeddingDim: 8,
          inputShape: [4],
        }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({
      optimizer: tf.train.adam(0.05),
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const x = tf.randomUniform([64, 4], 1, 6, 'int32', 3).toFloat();
    const y = tf.oneHot(tf.cast(tf.greater(tf.sum(x, 1), 12), 'int32'), 2).toFloat(); // sum of the tokens > 12
    const history = await model.fit(x, y, { epochs: 60, verbose: 0 });
    expect(history.history.acc?.at(-1)).toBeGreaterThan(0.9);
    // A Sequential model whose first layer it is saves and loads.
    const loaded = await roundTripModel(model);
    expectTensorsClose(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor, {
      atol: 1e-6,
    });
  }, 60_000);

  it('rejects bad arguments and too long inputs', () => {
    expect(
      () =>
        new TokenAndPositionEmbedding({ vocabularySize: 0, sequenceLength: 2, embeddingDim: 2 }),
    ).toThrow(
      'TokenAndPositionEmbedding: `vocabularySize` must be a positive integer; received 0.',
    );
    const layer = new TokenAndPositionEmbedding({
      vocabularySize: 10,
      sequenceLength: 3,
      embeddingDim: 2,
    });
    expect(() => layer.apply(ids())).toThrow(
      'TokenAndPositionEmbedding: `inputs` must be at most sequenceLength (3) steps from startIndex 0; received a float32 tensor of shape [2, 5].',
    );
  });
});

it('has a Keras-style default name, which prefixes its weights', () => {
  const layer = new TokenAndPositionEmbedding({
    vocabularySize: 5,
    sequenceLength: 3,
    embeddingDim: 2,
  });
  expect(layer.name).toMatch(/^token_and_position_embedding(_\d+)?$/);
  layer.apply(tf.input({ shape: [3] }));
  expect(layer.weights.map((w) => w.originalName)).toEqual([
    `${layer.name}/token_embedding/embeddings`,
    `${layer.name}/position_embedding/embeddings`,
  ]);
});
