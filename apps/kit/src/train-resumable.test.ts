import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { disposeModel } from './dispose-model.js';
import { readJson } from './run-folder.js';
import { ExitError } from './run-main.js';
import { trainResumable } from './train-resumable.js';

const folders: string[] = [];
async function folder(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seq-kit-'));
  folders.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of folders.splice(0)) await fs.rm(dir, { recursive: true, force: true });
});

function build(learningRate = 0.05): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 8,
        activation: 'tanh',
        inputShape: [3],
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'meanSquaredError' });
  return model;
}

const x = tf.randomUniform([64, 3], -1, 1, 'float32', 3);
const y = x.sum(1, true).sin();

describe('trainResumable', () => {
  it('a run stopped after 2 epochs and resumed reaches the same weights as an uninterrupted run', async () => {
    const base = { label: 'test', build: () => build(), x, y, batchSize: 16, seed: 5 };
    const whole = await trainResumable({ ...base, epochs: 4, directory: await folder() });
    const directory = await folder();
    const part = await trainResumable({ ...base, epochs: 2, directory });
    disposeModel(part.model);
    const before = tf.memory().numTensors;
    const resumed = await trainResumable({ ...base, epochs: 4, directory });
    expect(resumed.resumedAfter).toBe(1);
    expect(resumed.history.map((h) => h.loss)).toEqual(whole.history.map((h) => h.loss));
    const a = whole.model.getWeights().map((w) => Array.from(w.dataSync()));
    const b = resumed.model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(b).toEqual(a);
    expect(whole.history[3]?.loss).toBeLessThan(whole.history[0]?.loss as number);
    expect(await readJson(path.join(directory, 'history.json'))).toHaveLength(4);
    const weights = resumed.model.countParams();
    expect(weights).toBe(41);
    disposeModel(resumed.model);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
    disposeModel(whole.model);
  });

  it('trains on batches from a dataset with a loss tfjs cannot save, and resumes identically', async () => {
    // A masked sequence loss: targets [batch, time] ids for [batch, time, vocabulary] logits, a
    // shape model.fit refuses; padding (id 0) counts for nothing.
    const maskedLoss = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor =>
      tf.tidy(() => {
        const ids = tf.cast(yTrue, 'int32'); // [B, T]
        const mask = tf.cast(tf.notEqual(ids, 0), 'float32');
        const picked = tf.sum(tf.mul(tf.oneHot(ids, 5), tf.logSoftmax(yPred)), -1); // [B, T]
        return tf.div(tf.neg(tf.sum(tf.mul(picked, mask))), tf.maximum(tf.sum(mask), 1));
      });
    const sequences = () => {
      const model = tf.sequential({
        layers: [
          tf.layers.embedding({
            inputDim: 5,
            outputDim: 4,
            inputShape: [6],
            embeddingsInitializer: tf.initializers.randomUniform({ seed: 1 }),
          }),
          tf.layers.dense({
            units: 5,
            kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
          }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.05), loss: maskedLoss });
      return model;
    };
    const ids = tf.tidy(() => tf.floor(tf.randomUniform([40, 6], 1, 5, 'float32', 4)));
    const targets = tf.tidy(() =>
      tf.mul(tf.sub(5, ids), tf.cast(tf.less(tf.range(0, 6), 4), 'float32')),
    );
    const base = {
      label: 'test',
      build: sequences,
      x: ids,
      y: targets,
      validation: [ids, targets] as [tf.Tensor, tf.Tensor],
      batchSize: 16,
      seed: 5,
      useDataset: true,
      recompile: (model: tf.LayersModel) =>
        model.compile({ optimizer: model.optimizer, loss: maskedLoss }),
    };
    const whole = await trainResumable({ ...base, epochs: 4, directory: await folder() });
    const directory = await folder();
    disposeModel((await trainResumable({ ...base, epochs: 2, directory })).model);
    const before = tf.memory().numTensors;
    const resumed = await trainResumable({ ...base, epochs: 4, directory });
    expect(resumed.history.map((h) => h.loss)).toEqual(whole.history.map((h) => h.loss));
    expect(resumed.history.map((h) => h.val_loss)).toEqual(whole.history.map((h) => h.val_loss));
    expect(resumed.model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(
      whole.model.getWeights().map((w) => Array.from(w.dataSync())),
    );
    expect(whole.history[3]?.loss).toBeLessThan(whole.history[0]?.loss as number);
    disposeModel(resumed.model);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
    disposeModel(whole.model);
    tf.dispose([ids, targets]);
  });

  it('a finished run trains nothing when run again', async () => {
    const directory = await folder();
    const base = {
      label: 'test',
      build: () => build(),
      x,
      y,
      batchSize: 16,
      seed: 5,
      epochs: 2,
      directory,
    };
    (await trainResumable(base)).model.dispose();
    const again = await trainResumable(base);
    expect(again.resumedAfter).toBe(1);
    expect(again.history).toHaveLength(2);
    disposeModel(again.model);
  });

  it('a NaN loss stops the run with a clear error and keeps the last good checkpoint', async () => {
    const directory = await folder();
    const bad = y.mul(Number.POSITIVE_INFINITY);
    const before = tf.memory().numTensors;
    const run = trainResumable({
      label: 'diverging',
      build: () => build(),
      x,
      y: bad,
      batchSize: 16,
      seed: 1,
      epochs: 3,
      directory,
    });
    await expect(run).rejects.toThrow(ExitError);
    await expect(run).rejects.toThrow(
      /diverging: the loss became .* at epoch 1, batch 1; training stopped/,
    );
    expect(tf.memory().numTensors).toBe(before);
    bad.dispose();
  });
});
