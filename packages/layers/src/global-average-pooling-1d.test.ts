import { expectNoLeakedTensors, expectTensorsClose, runLayerContract } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { GlobalAveragePooling1D, globalAveragePooling1d } from './global-average-pooling-1d.js';

describe('GlobalAveragePooling1D', () => {
  it('keeps the layer contract: shapes, config round trip, save and load, no leak', async () => {
    await runLayerContract({
      create: () => globalAveragePooling1d(),
      input: () => tf.randomNormal([2, 5, 3], 0, 1, 'float32', 1),
      expectedWeights: 0,
      expectedOutputShape: [2, 3],
      trains: false,
    });
  });

  it('without a mask is the plain mean, as tfjs’ own layer', () => {
    const x = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 2);
    const ours = globalAveragePooling1d().apply(x) as tf.Tensor;
    const theirs = tf.layers.globalAveragePooling1d().apply(x) as tf.Tensor;
    expectTensorsClose(ours, theirs, { atol: 1e-7 });
    const kept = globalAveragePooling1d({ keepdims: true }).apply(x) as tf.Tensor;
    expect(kept.shape).toEqual([2, 1, 3]);
    expectTensorsClose(kept.squeeze([1]), theirs, { atol: 1e-7 });
  });

  it('with a mask is the mean of the kept steps, and zeros when none is kept', () => {
    const x = tf.tensor3d([
      [
        [1, 10],
        [3, 30],
        [100, 100],
      ],
      [
        [5, 50],
        [200, 200],
        [300, 300],
      ],
      [
        [7, 70],
        [8, 80],
        [9, 90],
      ],
    ]); // [3, 3, 2]
    const mask = tf.tensor2d([
      [1, 1, 0],
      [1, 0, 0],
      [0, 0, 0],
    ]);
    const y = globalAveragePooling1d().apply(x, { mask }) as tf.Tensor;
    expect(y.arraySync()).toEqual([
      [2, 20],
      [5, 50],
      [0, 0],
    ]);
  });

  it('in a model, padding neither changes the output nor gets a gradient (tfjs’ own layer does both)', () => {
    const embedding = tf.layers.embedding({
      inputDim: 10,
      outputDim: 4,
      maskZero: true,
      inputShape: [null],
    });
    const model = (pooling: tf.layers.Layer) => tf.sequential({ layers: [embedding, pooling] });
    const ours = model(globalAveragePooling1d());
    const theirs = model(tf.layers.globalAveragePooling1d({}));
    const short = tf.tensor2d([[3, 4, 5, 0]]);
    const long = tf.tensor2d([[3, 4, 5, 0, 0, 0, 0, 0]]);
    expectTensorsClose(ours.predict(long) as tf.Tensor, ours.predict(short) as tf.Tensor, {
      atol: 1e-6,
    });
    const gap = tf.max(
      tf.abs(tf.sub(theirs.predict(long) as tf.Tensor, theirs.predict(short) as tf.Tensor)),
    );
    expect(gap.dataSync()[0]).toBeGreaterThan(1e-3);

    // d(pooled) / d(embedded steps): zero at the padding, 1/3 at each of the 3 real steps.
    const embedded = embedding.apply(long) as tf.Tensor; // [1, 8, 4]
    const mask = embedding.computeMask(long) as tf.Tensor;
    const pooling = globalAveragePooling1d();
    const grad = tf.grad((e: tf.Tensor) => (pooling.apply(e, { mask }) as tf.Tensor).sum())(
      embedded,
    );
    const perStep = tf.mean(grad, [0, 2]).arraySync() as number[];
    expect(perStep.slice(0, 3).map((g) => Number(g.toFixed(6)))).toEqual(
      [1 / 3, 1 / 3, 1 / 3].map((g) => Number(g.toFixed(6))),
    );
    expect(perStep.slice(3)).toEqual([0, 0, 0, 0, 0]);
  });

  it('leaves no tensor behind', async () => {
    const layer = globalAveragePooling1d();
    const x = tf.randomNormal([2, 5, 3]);
    const mask = tf.tensor2d([
      [1, 1, 1, 0, 0],
      [1, 0, 0, 0, 0],
    ]);
    await expectNoLeakedTensors('GlobalAveragePooling1D.apply', () => {
      (layer.apply(x, { mask }) as tf.Tensor).dispose();
    });
    tf.dispose([x, mask]);
  });

  it('names a wrong argument or input', () => {
    expect(() => new GlobalAveragePooling1D({ dataFormat: 'channelsFirst' as never })).toThrow(
      'GlobalAveragePooling1D: `dataFormat` must be one of',
    );
    expect(() => globalAveragePooling1d({ keepdims: 'yes' as never })).toThrow(
      'GlobalAveragePooling1D: `keepdims` must be',
    );
    expect(() => globalAveragePooling1d().apply(tf.zeros([2, 3]))).toThrow(
      'GlobalAveragePooling1D: `inputs` must be',
    );
  });
});
