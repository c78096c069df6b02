import { maskedSparseCategoricalCrossentropy } from '@seq/layers';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { trainInPage } from './train-in-page.js';

function linearModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'zeros' })],
  });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
  return model;
}

describe('trainInPage', () => {
  it('trains in batches, reporting every batch and epoch, and the loss goes down', async () => {
    const model = linearModel();
    const x = tf.randomUniform([40, 2], -1, 1, 'float32', 1);
    const y = tf.tidy(() => x.matMul(tf.tensor2d([[2], [-1]]))); // [40, 1]
    const batches: number[] = [];
    const epochs: Array<[number, number, number | null]> = [];
    const history = await trainInPage(model, {
      x,
      y,
      validation: [x, y],
      epochs: 4,
      batchSize: 16,
      seed: 1,
      onBatch: (epoch, batch) => batches.push(epoch * 10 + batch),
      onEpoch: (epoch, loss, validation) => epochs.push([epoch, loss, validation]),
    });
    expect(batches).toEqual([0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32]);
    expect(history.map((h) => h.epoch)).toEqual([0, 1, 2, 3]);
    expect(epochs.map((e) => e[0])).toEqual([0, 1, 2, 3]);
    expect(history[3]?.loss).toBeLessThan(history[0]?.loss as number);
    expect(history[3]?.validationLoss).toBeLessThan(history[0]?.validationLoss as number);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('stops after the batch where it is asked to', async () => {
    const model = linearModel();
    const x = tf.ones([64, 2]);
    const y = tf.ones([64, 1]);
    let batches = 0;
    const history = await trainInPage(model, {
      x,
      y,
      epochs: 5,
      batchSize: 8,
      seed: 1,
      onBatch: () => batches++,
      shouldStop: () => batches >= 3,
    });
    expect(batches).toBe(3);
    expect(history).toHaveLength(1);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('takes several inputs, and targets shaped for a masked loss', async () => {
    const a = tf.input({ shape: [3], dtype: 'int32' });
    const b = tf.input({ shape: [3], dtype: 'int32' });
    const embedding = tf.layers.embedding({ inputDim: 5, outputDim: 4 });
    const summed = tf.layers
      .add()
      .apply([embedding.apply(a), embedding.apply(b)] as tf.SymbolicTensor[]);
    const logits = tf.layers.dense({ units: 5 }).apply(summed) as tf.SymbolicTensor; // [B, 3, 5]
    const model = tf.model({ inputs: [a, b], outputs: logits });
    model.compile({
      optimizer: tf.train.adam(0.05),
      loss: maskedSparseCategoricalCrossentropy({ fromLogits: true }),
    });
    const ids = tf.tensor2d(
      [
        [1, 2, 0],
        [3, 4, 1],
      ],
      [2, 3],
      'int32',
    );
    const history = await trainInPage(model, {
      x: [ids, ids],
      y: ids, // [B, 3] ids for [B, 3, 5] logits
      epochs: 5,
      batchSize: 2,
      seed: 1,
    });
    expect(history[4]?.loss).toBeLessThan(history[0]?.loss as number);
    ids.dispose();
    model.dispose();
  });
});
