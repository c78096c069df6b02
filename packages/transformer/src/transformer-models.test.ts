import '@tensorflow/tfjs-backend-wasm';
import { maskedSparseCategoricalAccuracy, maskedSparseCategoricalCrossentropy } from '@seq/layers';
import { expectTensorsClose, roundTripModel } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  transformerCausalLM,
  transformerClassifier,
  transformerSeq2Seq,
} from './transformer-models.js';

const BOS = 1;

describe('transformerSeq2Seq', () => {
  // On wasm: the same numbers as cpu (the kernel-coverage test checks a training step of this
  // builder on both), several times faster, which keeps this test well inside CI's time.
  it('learns to reverse a sequence to over 99% exact match on wasm, decoding greedily', async () => {
    const initial = tf.getBackend();
    await tf.setBackend('wasm');
    const n = 6;
    const make = (count: number, seed: number) => {
      const source = tf.randomUniform([count, n], 3, 13, 'int32', seed); // tokens 3..12; 0 pad, 1 start
      const reversed = tf.reverse(source, 1);
      const decoderInput = tf.concat(
        [tf.fill([count, 1], BOS, 'int32'), reversed.slice([0, 0], [count, n - 1])],
        1,
      ); // teacher forcing
      return { source, reversed, decoderInput };
    };
    const train = make(2048, 1);
    const model = transformerSeq2Seq({
      vocabularySize: 13,
      sequenceLength: n,
      embeddingDim: 32,
      numHeads: 4,
      intermediateDim: 64,
    });
    const optimizer = tf.train.adam(0.005);
    model.compile({
      optimizer,
      loss: maskedSparseCategoricalCrossentropy({ fromLogits: true }),
      metrics: [maskedSparseCategoricalAccuracy()],
    });
    // Sparse targets [B, T, 1] with a custom loss need fitDataset (fit wants the output's shape).
    const dataset = tf.data.generator(function* () {
      for (let i = 0; i < 2048; i += 64) {
        yield {
          xs: {
            source_ids: train.source.slice([i, 0], [64, n]).toFloat(),
            target_ids: train.decoderInput.slice([i, 0], [64, n]).toFloat(),
          },
          ys: train.reversed.slice([i, 0], [64, n]).toFloat().expandDims(-1),
        };
      }
    } as never) as tf.data.Dataset<tf.TensorContainer>;
    await model.fitDataset(dataset as never, { epochs: 12, verbose: 0 });

    // Greedy decoding, one token at a time, on unseen sequences.
    const test = make(200, 2);
    let decoded = tf.concat([tf.fill([200, 1], BOS, 'int32'), tf.zeros([200, n - 1], 'int32')], 1);
    for (let t = 0; t < n; t++) {
      const logits = model.predict([test.source.toFloat(), decoded.toFloat()]) as tf.Tensor; // [200, n, V]
      const next = tf.argMax(logits.slice([0, t, 0], [200, 1, 13]), -1).toInt(); // [200, 1]
      if (t + 1 < n) {
        decoded = tf.concat(
          [decoded.slice([0, 0], [200, t + 1]), next, tf.zeros([200, n - t - 2], 'int32')],
          1,
        );
      } else {
        const output = tf.concat([decoded.slice([0, 1], [200, n - 1]), next], 1);
        const exact = tf
          .mean(tf.cast(tf.all(tf.equal(output, test.reversed), 1), 'float32'))
          .dataSync()[0] as number;
        expect(exact).toBeGreaterThanOrEqual(0.99);
      }
    }
    const loaded = await roundTripModel(model);
    expectTensorsClose(
      loaded.predict([test.source.toFloat(), decoded.toFloat()]) as tf.Tensor,
      model.predict([test.source.toFloat(), decoded.toFloat()]) as tf.Tensor,
      { atol: 1e-5 },
    );
    optimizer.dispose();
    await tf.setBackend(initial);
  }, 240_000);
});

describe('transformerCausalLM and transformerClassifier', () => {
  it('build, predict the right shapes, and save and load', async () => {
    const lm = transformerCausalLM({
      vocabularySize: 20,
      sequenceLength: 8,
      embeddingDim: 16,
      numHeads: 2,
      intermediateDim: 32,
      numLayers: 2,
    });
    const ids = tf.randomUniform([3, 8], 1, 20, 'int32', 4).toFloat();
    expect((lm.predict(ids) as tf.Tensor).shape).toEqual([3, 8, 20]);
    const loadedLm = await roundTripModel(lm);
    expectTensorsClose(loadedLm.predict(ids) as tf.Tensor, lm.predict(ids) as tf.Tensor, {
      atol: 1e-5,
    });
    const classifier = transformerClassifier({
      vocabularySize: 20,
      sequenceLength: 8,
      embeddingDim: 16,
      numHeads: 2,
      intermediateDim: 32,
      numClasses: 3,
    });
    const probs = classifier.predict(ids) as tf.Tensor;
    expect(probs.shape).toEqual([3, 3]);
    expectTensorsClose(tf.sum(probs, 1), [1, 1, 1], { atol: 1e-5 });

    // The pooling averages the real tokens only, and the model saves and loads with it.
    const pooling = classifier.getLayer('pooling');
    const encoded = tf.model({
      inputs: classifier.inputs,
      outputs: pooling.input as tf.SymbolicTensor,
    });
    const pooled = tf.model({
      inputs: classifier.inputs,
      outputs: pooling.output as tf.SymbolicTensor,
    });
    const review = tf.tensor2d([[3, 4, 5, 0, 0, 0, 0, 0]]);
    const steps = encoded.predict(review) as tf.Tensor; // [1, 8, 16]
    expectTensorsClose(
      pooled.predict(review) as tf.Tensor,
      tf.mean(steps.slice([0, 0, 0], [1, 3, 16]), 1),
      {
        atol: 1e-5,
      },
    );
    const loadedClassifier = await roundTripModel(classifier);
    expectTensorsClose(loadedClassifier.predict(ids) as tf.Tensor, probs, { atol: 1e-5 });
  });

  it('the causal LM never looks ahead: changing a later token leaves earlier logits unchanged', () => {
    const lm = transformerCausalLM({
      vocabularySize: 20,
      sequenceLength: 6,
      embeddingDim: 16,
      numHeads: 2,
      intermediateDim: 32,
    });
    const a = tf.tensor2d([[5, 6, 7, 8, 9, 10]]);
    const b = tf.tensor2d([[5, 6, 7, 19, 18, 17]]);
    const la = lm.predict(a) as tf.Tensor;
    const lb = lm.predict(b) as tf.Tensor;
    expectTensorsClose(la.slice([0, 0, 0], [1, 3, 20]), lb.slice([0, 0, 0], [1, 3, 20]), {
      atol: 1e-5,
    });
  });

  it('rejects an invalid size', () => {
    expect(() =>
      transformerSeq2Seq({
        vocabularySize: 10,
        sequenceLength: 4,
        embeddingDim: 10,
        numHeads: 4,
        intermediateDim: 8,
      }),
    ).toThrow(
      'transformerSeq2Seq: `embeddingDim` must be a multiple of numHeads (4); received 10.',
    );
  });
});

describe('transformer builders: determinism', () => {
  it('the same seed gives the same weights after one epoch on cpu; another seed, other weights', async () => {
    const size = {
      vocabularySize: 9,
      sequenceLength: 5,
      embeddingDim: 8,
      numHeads: 2,
      intermediateDim: 8,
    };
    const ids = tf.tensor2d(
      Array.from({ length: 8 * 5 }, (_, i) => 1 + ((i * 7) % 8)),
      [8, 5],
    );
    const train = async (
      make: () => tf.LayersModel,
      x: tf.Tensor | tf.Tensor[],
      y: tf.Tensor,
      loss: string,
    ) => {
      const model = make();
      model.compile({ optimizer: tf.train.adam(0.01), loss });
      await model.fit(x, y, { epochs: 1, batchSize: 4, shuffle: false, verbose: 0 });
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return weights;
    };
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3).toFloat();
    const classifier = (seed: number) => () =>
      transformerClassifier({ ...size, numClasses: 3, seed });
    const first = await train(classifier(4), ids, labels, 'categoricalCrossentropy');
    expect(await train(classifier(4), ids, labels, 'categoricalCrossentropy')).toEqual(first);
    expect(await train(classifier(5), ids, labels, 'categoricalCrossentropy')).not.toEqual(first);
    const lmTargets = tf.oneHot(ids.toInt(), 9).toFloat();
    const lm = () => transformerCausalLM({ ...size, seed: 7 });
    expect(await train(lm, ids, lmTargets, 'categoricalCrossentropy')).toEqual(
      await train(lm, ids, lmTargets, 'categoricalCrossentropy'),
    );
    const s2s = () => transformerSeq2Seq({ ...size, seed: 8 });
    expect(await train(s2s, [ids, ids], lmTargets, 'categoricalCrossentropy')).toEqual(
      await train(s2s, [ids, ids], lmTargets, 'categoricalCrossentropy'),
    );
    tf.dispose([ids, labels, lmTargets]);
  });

  it('rejects a bad seed', () => {
    expect(() =>
      transformerCausalLM({
        vocabularySize: 9,
        sequenceLength: 5,
        embeddingDim: 8,
        numHeads: 2,
        intermediateDim: 8,
        seed: -1,
      }),
    ).toThrow('transformerCausalLM: `seed` must be a non-negative integer; received -1.');
  });
});
