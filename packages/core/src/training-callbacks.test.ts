import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { earlyStopping } from './early-stopping.js';
import { learningRateScheduler } from './learning-rate-scheduler.js';
import { terminateOnNaN } from './terminate-on-nan.js';

function linearModel() {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'ones' })],
  });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  return model;
}

/** Records the weights after each batch (epoch.batch -> values). */
class WeightRecorder extends tf.Callback {
  readonly seen = new Map<string, number[][]>();
  private epoch = 0;
  override async onEpochBegin(epoch: number) {
    this.epoch = epoch;
  }
  override async onBatchEnd(batch: number) {
    const model = this.model as tf.LayersModel;
    this.seen.set(
      `${this.epoch}.${batch}`,
      model.getWeights().map((w) => Array.from(w.dataSync())),
    );
  }
}

const weightsOf = (model: tf.LayersModel) =>
  model.getWeights().map((w) => Array.from(w.dataSync()));

describe('terminateOnNaN', () => {
  for (const how of ['fit', 'fitDataset'] as const) {
    it(`stops at the first NaN loss and puts back the last good weights (${how})`, async () => {
      const model = linearModel();
      const rows = Array.from({ length: 12 }, (_, i) => [i / 10, 1 - i / 10]);
      rows[9] = [Number.NaN, 1]; // batch 2 of epoch 1 (4 rows per batch, 3 batches per epoch)
      const x = tf.tensor2d(rows);
      const y = tf.tensor2d(rows.map((r) => [r[0] as number]));
      const recorder = new WeightRecorder();
      const guard = terminateOnNaN();
      const before = tf.memory().numTensors;
      if (how === 'fit') {
        await model.fit(x, y, {
          epochs: 5,
          batchSize: 4,
          shuffle: false,
          verbose: 0,
          callbacks: [recorder, guard],
        });
      } else {
        const data = tf.data
          .zip({ xs: tf.data.array(tf.unstack(x)), ys: tf.data.array(tf.unstack(y)) })
          .batch(4);
        await model.fitDataset(data, { epochs: 5, verbose: 0, callbacks: [recorder, guard] });
      }
      // Row 9 is in the third batch of the first epoch (4 rows per batch).
      expect(guard.stoppedAt).toEqual({ epoch: 0, batch: 2, loss: Number.NaN });
      // The last finite loss (batch 1) was computed with the weights batch 0 left.
      expect(weightsOf(model)).toEqual(recorder.seen.get('0.0'));
      expect(weightsOf(model).flat().every(Number.isFinite)).toBe(true);
      expect([...recorder.seen.keys()]).toEqual(['0.0', '0.1', '0.2']); // nothing after the NaN
      if (how === 'fit') expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, y]);
    });
  }

  it('restores the weights that gave a finite loss, not those an exploding update produced', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: 'ones', useBias: false }),
      ],
    });
    model.compile({ optimizer: tf.train.sgd(1e36), loss: 'meanSquaredError' });
    const guard = terminateOnNaN();
    await model.fit(tf.fill([4, 1], 1000), tf.zeros([4, 1]), {
      epochs: 2,
      batchSize: 2,
      verbose: 0,
      callbacks: [guard],
    });
    expect(guard.stoppedAt?.batch).toBe(1); // batch 0's loss was finite, its update was not
    expect(weightsOf(model)).toEqual([[1]]);
  });

  it('lets a finite run finish untouched', async () => {
    const model = linearModel();
    const guard = terminateOnNaN();
    const x = tf.ones([8, 2]);
    const history = await model.fit(x, tf.ones([8, 1]), {
      epochs: 3,
      batchSize: 4,
      verbose: 0,
      callbacks: [guard],
    });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(guard.stoppedAt).toBeNull();
  });
});

describe('earlyStopping', () => {
  /** Drives the callback with a sequence of monitored values; returns the epoch it stopped at. */
  async function drive(
    values: number[],
    options: Parameters<typeof earlyStopping>[0],
    setWeightsPerEpoch = false,
  ) {
    const model = linearModel();
    const stop = earlyStopping(options);
    stop.setModel(model);
    await stop.onTrainBegin();
    for (const [epoch, value] of values.entries()) {
      if (setWeightsPerEpoch) model.setWeights([tf.fill([2, 1], epoch), tf.fill([1], epoch)]);
      await stop.onEpochEnd(epoch, { [options?.monitor ?? 'val_loss']: value });
      if (model.stopTraining) break;
    }
    const weights = weightsOf(model);
    await stop.onTrainEnd();
    return { stop, weights };
  }

  it('stops after `patience` epochs in a row without improvement (Keras semantics)', async () => {
    expect((await drive([5, 4, 4.5, 4.2, 3.9, 4, 4, 4], { patience: 2 })).stop.stoppedEpoch).toBe(
      3,
    );
    expect((await drive([5, 4, 4.5], { patience: 0 })).stop.stoppedEpoch).toBe(2);
    expect((await drive([5, 4, 3, 2], { patience: 0 })).stop.stoppedEpoch).toBe(-1);
    // minDelta: 4 -> 3.95 is not an improvement of more than 0.1.
    expect(
      (await drive([5, 4, 3.95, 3.92], { patience: 1, minDelta: 0.1 })).stop.stoppedEpoch,
    ).toBe(2);
    // Accuracy is maximised in auto mode.
    expect(
      (await drive([0.5, 0.6, 0.55, 0.58], { monitor: 'val_acc', patience: 2 })).stop.bestEpoch,
    ).toBe(1);
    expect(
      (await drive([0.5, 0.6, 0.55, 0.58], { monitor: 'val_acc', patience: 2 })).stop.stoppedEpoch,
    ).toBe(3);
    // startFromEpoch: the first two epochs are not watched.
    expect(
      (await drive([9, 1, 5, 4, 4.5, 4.6], { patience: 1, startFromEpoch: 2 })).stop.bestEpoch,
    ).toBe(3);
    // A baseline not beaten yet: improving epochs still count towards patience (Keras).
    expect((await drive([5, 4, 4.5, 4.6], { patience: 2 })).stop.stoppedEpoch).toBe(3);
    expect((await drive([5, 4, 4.5, 4.6], { patience: 2, baseline: 3 })).stop.stoppedEpoch).toBe(2);
  });

  it('puts back the best epoch weights when it stops, with restoreBestWeights', async () => {
    const restored = await drive(
      [5, 3, 4, 4.5, 6],
      { patience: 2, restoreBestWeights: true },
      true,
    );
    expect(restored.stop.stoppedEpoch).toBe(3);
    expect(restored.weights).toEqual([[1, 1], [1]]); // epoch 1's
    const kept = await drive([5, 3, 4, 4.5, 6], { patience: 2 }, true);
    expect(kept.weights).toEqual([[3, 3], [3]]); // the last epoch's
  });

  it('treats a NaN monitor as no improvement, and maximises accuracies, precision and AUC in auto mode', async () => {
    expect(
      (await drive([Number.NaN, Number.NaN, Number.NaN], { patience: 1 })).stop.stoppedEpoch,
    ).toBe(1);
    expect(
      (await drive([0.5, 0.6, 0.7], { monitor: 'val_binaryAccuracy', patience: 0 })).stop
        .stoppedEpoch,
    ).toBe(-1);
    expect(
      (await drive([0.5, 0.9, 0.8], { monitor: 'precision', patience: 3 })).stop.bestEpoch,
    ).toBe(1);
  });

  it('skips an epoch that terminateOnNaN cut short (no validation logs) instead of failing', async () => {
    const model = linearModel();
    const x = tf.tensor2d([
      [1, 2],
      [Number.NaN, 1],
      [0, 1],
      [1, 0],
    ]);
    const y = tf.tensor2d([[3], [3], [1], [1]]);
    const guard = terminateOnNaN();
    const stop = earlyStopping({ patience: 1 });
    await model.fit(x, y, {
      epochs: 3,
      batchSize: 2,
      shuffle: false,
      validationData: [x, y],
      verbose: 0,
      callbacks: [guard, stop],
    });
    expect(guard.stoppedAt).toEqual({ epoch: 0, batch: 0, loss: Number.NaN });
  });

  it('works in fit with validation data, and names a monitor missing from the logs', async () => {
    const model = linearModel();
    const x = tf.randomNormal([16, 2], 0, 1, 'float32', 1);
    const y = tf.sum(x, 1, true);
    const stop = earlyStopping({ patience: 1, restoreBestWeights: true });
    const before = tf.memory().numTensors;
    await model.fit(x, y, { epochs: 3, validationData: [x, y], verbose: 0, callbacks: [stop] });
    expect(stop.bestEpoch).toBeGreaterThanOrEqual(0);
    expect(tf.memory().numTensors).toBe(before);
    await expect(
      model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [earlyStopping()] }),
    ).rejects.toThrow(
      'earlyStopping: `monitor` must be one of the epoch logs (loss; validation logs need validationData); received "val_loss".',
    );
  });

  it('rejects bad options', () => {
    expect(() => earlyStopping({ patience: -1 })).toThrow(
      'earlyStopping: `patience` must be a non-negative integer; received -1.',
    );
    expect(() => earlyStopping({ mode: 'lowest' as never })).toThrow(
      'earlyStopping: `mode` must be one of',
    );
    expect(() => earlyStopping({ monitor: '' })).toThrow(
      'earlyStopping: `monitor` must be the name of an epoch log; received "".',
    );
    expect(() => earlyStopping({ restoreBestWeights: 1 as never })).toThrow(
      '`restoreBestWeights` must be a boolean',
    );
  });
});

describe('learningRateScheduler', () => {
  it('sets the rate before every epoch from the epoch, continuing after initialEpoch', async () => {
    const model = linearModel();
    const optimizer = model.optimizer as tf.SGDOptimizer;
    const seen: number[] = [];
    const spy = new tf.CustomCallback({
      onEpochBegin: async () =>
        void seen.push((optimizer as unknown as { learningRate: number }).learningRate),
    });
    const x = tf.ones([4, 2]);
    const schedule = (epoch: number) => 0.1 * 0.5 ** epoch;
    await model.fit(x, tf.ones([4, 1]), {
      initialEpoch: 1,
      epochs: 4,
      verbose: 0,
      callbacks: [learningRateScheduler(optimizer, schedule, { per: 'epoch' }), spy],
    });
    expect(seen).toEqual([0.05, 0.025, 0.0125]);
  });

  it('changes the rate SGD actually uses (tfjs caches it)', async () => {
    const model = linearModel(); // sgd(0.01)
    const before = weightsOf(model);
    await model.fit(tf.ones([4, 2]), tf.zeros([4, 1]), {
      epochs: 2,
      verbose: 0,
      callbacks: [learningRateScheduler(model.optimizer, () => 0, { per: 'epoch' })],
    });
    expect(weightsOf(model)).toEqual(before);
  });

  it('counts batches from startStep, and names a schedule that returns nonsense', async () => {
    const model = linearModel();
    const optimizer = model.optimizer;
    const steps: number[] = [];
    const x = tf.ones([8, 2]);
    await model.fit(x, tf.ones([8, 1]), {
      epochs: 1,
      batchSize: 4,
      verbose: 0,
      callbacks: [
        learningRateScheduler(
          optimizer,
          (step) => {
            steps.push(step);
            return 0.01;
          },
          { startStep: 10 },
        ),
      ],
    });
    expect(steps).toEqual([11, 12]);
    await expect(
      model.fit(x, tf.ones([8, 1]), {
        epochs: 1,
        verbose: 0,
        callbacks: [learningRateScheduler(optimizer, () => Number.NaN)],
      }),
    ).rejects.toThrow(
      'learningRateScheduler: `schedule` must be a function that returns a finite number >= 0 (at batch 1 it did not); received NaN.',
    );
    expect(() => learningRateScheduler(optimizer, () => 1, { per: 'step' as never })).toThrow(
      '`per` must be one of',
    );
  });
});
