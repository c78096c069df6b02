import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCheckpoint, modelCheckpoint, readCheckpoints } from './index.js';

const dirs: string[] = [];
async function tempDir() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seq-checkpoint-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await fs.rm(dir, { recursive: true, force: true });
});

function model() {
  const m = tf.sequential({
    layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'zeros' })],
  });
  m.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
  return m;
}
const x = tf.tensor2d([
  [1, 2],
  [2, 1],
  [0, 1],
  [1, 0],
]);
const y = tf.tensor2d([[3], [3], [1], [1]]);
const folders = async (dir: string) =>
  (await fs.readdir(dir)).filter((f) => !f.endsWith('.json')).sort();

describe('modelCheckpoint', () => {
  it('keeps the newest checkpoints and the best one, indexed, loadable', async () => {
    const directory = await tempDir();
    const m = model();
    const losses: number[] = [];
    await m.fit(x, y, {
      epochs: 5,
      verbose: 0,
      callbacks: [
        modelCheckpoint({ directory, keepLast: 2, saveBest: true, monitor: 'loss' }),
        new tf.CustomCallback({
          onEpochEnd: async (_e, logs) => void losses.push(logs?.loss as number),
        }),
      ],
    });
    const index = await readCheckpoints(directory);
    expect(index?.latest?.epoch).toBe(4);
    expect(index?.kept.map((e) => e.epoch)).toEqual([3, 4]);
    const bestEpoch = losses.indexOf(Math.min(...losses));
    expect(index?.best?.epoch).toBe(bestEpoch);
    expect(await folders(directory)).toEqual(
      [`best-000${bestEpoch}`, 'epoch-0003', 'epoch-0004'].sort(),
    );
    const { model: loaded, epoch } = await loadCheckpoint(directory);
    expect(epoch).toBe(4);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((m.predict(x) as tf.Tensor).dataSync()),
    );
  });

  it('resumes: the reloaded model continues as an uninterrupted run would, and the index keeps counting', async () => {
    const straight = model();
    await straight.fit(x, y, { epochs: 4, verbose: 0 });
    const directory = await tempDir();
    const first = model();
    await first.fit(x, y, {
      epochs: 2,
      verbose: 0,
      callbacks: [modelCheckpoint({ directory, keepLast: 3 })],
    });
    const { model: resumed, epoch } = await loadCheckpoint(directory);
    expect(epoch).toBe(1);
    await resumed.fit(x, y, {
      initialEpoch: epoch + 1,
      epochs: 4,
      verbose: 0,
      callbacks: [modelCheckpoint({ directory, keepLast: 3 })],
    });
    // Adam's moments were saved and restored, so the weights match the straight run.
    const a = straight.getWeights().map((w) => Array.from(w.dataSync()));
    const b = resumed.getWeights().map((w) => Array.from(w.dataSync()));
    for (const [i, row] of a.entries()) {
      for (const [j, v] of row.entries()) expect(b[i]?.[j]).toBeCloseTo(v, 5);
    }
    expect((await readCheckpoints(directory))?.kept.map((e) => e.epoch)).toEqual([1, 2, 3]);
  });

  it('loads a model compiled with its own loss and metric functions, optimizer state kept, for compiling again', async () => {
    const squared = (yTrue: tf.Tensor, yPred: tf.Tensor) =>
      tf.tidy(() => tf.mean(tf.square(tf.sub(yTrue, yPred))));
    const absolute = (yTrue: tf.Tensor, yPred: tf.Tensor) =>
      tf.tidy(() => tf.mean(tf.abs(tf.sub(yTrue, yPred))));
    Object.defineProperty(absolute, 'name', { value: 'myAbsoluteError' });
    const compile = (m: tf.LayersModel, optimizer: tf.Optimizer) =>
      m.compile({ optimizer, loss: squared, metrics: [absolute] });
    const build = () => {
      const m = model();
      compile(m, tf.train.adam(0.05));
      return m;
    };
    const straight = build();
    await straight.fit(x, y, { epochs: 4, verbose: 0 });
    const directory = await tempDir();
    const first = build();
    await first.fit(x, y, { epochs: 2, verbose: 0, callbacks: [modelCheckpoint({ directory })] });
    const variables = Object.keys(tf.engine().state.registeredVariables).length;
    const tensors = tf.memory().numTensors;
    const { model: resumed, epoch } = await loadCheckpoint(directory);
    // One model's 2 weights and Adam's 6 variables (2 moments per weight, 2 powers of the betas):
    // the first attempt, refused for its metric, left nothing behind.
    expect(Object.keys(tf.engine().state.registeredVariables).length).toBe(variables + 8);
    expect(tf.memory().numTensors).toBe(tensors + 8);
    compile(resumed, resumed.optimizer);
    const history = await resumed.fit(x, y, { initialEpoch: epoch + 1, epochs: 4, verbose: 0 });
    expect(history.history.myAbsoluteError).toHaveLength(2);
    const a = straight.getWeights().map((w) => Array.from(w.dataSync()));
    const b = resumed.getWeights().map((w) => Array.from(w.dataSync()));
    for (const [i, row] of a.entries()) {
      for (const [j, v] of row.entries()) expect(b[i]?.[j]).toBeCloseTo(v, 5);
    }
  });

  it('leaks no tensor per save, with the optimizer state (tfjs alone leaks its step count)', async () => {
    const directory = await tempDir();
    const m = model();
    await m.fit(x, y, { epochs: 1, verbose: 0 }); // Adam's variables exist from here on
    const checkpoint = modelCheckpoint({ directory, saveBest: true, monitor: 'loss' });
    const before = tf.memory().numTensors;
    await m.fit(x, y, { epochs: 3, verbose: 0, callbacks: [checkpoint] });
    expect(tf.memory().numTensors).toBe(before);
    // The optimizer is left as it was, and still saves its state.
    expect(Object.hasOwn(m.optimizer, 'getWeights')).toBe(false);
    const { model: loaded } = await loadCheckpoint(directory);
    expect((await loaded.optimizer.getWeights()).length).toBe(
      (await m.optimizer.getWeights()).length,
    );
  });

  it('a save that fails leaves the previous index and checkpoint in place', async () => {
    const directory = await tempDir();
    const m = model();
    await m.fit(x, y, { epochs: 1, verbose: 0, callbacks: [modelCheckpoint({ directory })] });
    await fs.writeFile(
      path.join(directory, 'epoch-0001'),
      'a file where the next checkpoint folder goes',
    );
    await expect(
      m.fit(x, y, {
        initialEpoch: 1,
        epochs: 2,
        verbose: 0,
        callbacks: [modelCheckpoint({ directory })],
      }),
    ).rejects.toThrow();
    const index = await readCheckpoints(directory);
    expect(index?.latest?.epoch).toBe(0);
    const { model: loaded } = await loadCheckpoint(directory);
    expect((loaded.predict(x) as tf.Tensor).shape).toEqual([4, 1]);
  });

  it('survives a NaN first epoch with saveBest: finite logs only, the best stays finite, the index loads', async () => {
    const directory = await tempDir();
    const m = model();
    const bad = tf.tensor2d([
      [Number.NaN, 1],
      [1, 1],
    ]);
    const ok = tf.tensor2d([
      [1, 2],
      [2, 1],
    ]);
    const target = tf.tensor2d([[3], [3]]);
    const checkpoint = modelCheckpoint({ directory, saveBest: true, monitor: 'loss' });
    await m.fit(bad, target, { epochs: 1, verbose: 0, callbacks: [checkpoint] }); // loss NaN
    // (Its weights are NaN now; a fresh model carries on in the same directory.)
    await model().fit(ok, target, {
      initialEpoch: 1,
      epochs: 2,
      verbose: 0,
      callbacks: [checkpoint],
    });
    const index = await readCheckpoints(directory);
    expect(index?.kept[0]?.logs).toEqual({});
    expect(index?.best?.epoch).toBe(1);
    expect((await loadCheckpoint(directory)).epoch).toBe(1);
    tf.dispose([bad, ok, target]);
  });

  it('refuses a checkpoint folder that is a link', async () => {
    const directory = await tempDir();
    const elsewhere = await tempDir();
    await fs.writeFile(
      path.join(directory, 'checkpoints.json'),
      JSON.stringify({
        latest: { epoch: 0, folder: 'epoch-0000', logs: {} },
        best: null,
        kept: [],
      }),
    );
    await fs.symlink(elsewhere, path.join(directory, 'epoch-0000'));
    await expect(loadCheckpoint(directory)).rejects.toThrow('a real folder inside it (not a link)');
  });

  it('refuses an index that names folders outside the directory, and bad options', async () => {
    const directory = await tempDir();
    await fs.writeFile(
      path.join(directory, 'checkpoints.json'),
      JSON.stringify({
        latest: { epoch: 0, folder: '../elsewhere', logs: {} },
        best: null,
        kept: [],
      }),
    );
    await expect(loadCheckpoint(directory)).rejects.toThrow(
      'readCheckpoints: `directory` must be a checkpoint directory with a valid checkpoints.json',
    );
    await fs.writeFile(path.join(directory, 'checkpoints.json'), '{"latest": ');
    await expect(readCheckpoints(directory)).rejects.toThrow('whose index does not parse');
    const empty = await tempDir();
    await expect(loadCheckpoint(empty, 'best')).rejects.toThrow(
      'must be a checkpoint directory with a best checkpoint',
    );
    expect(() => modelCheckpoint({ directory: '' })).toThrow(
      'modelCheckpoint: `directory` must be a folder path; received "".',
    );
    expect(() => modelCheckpoint({ directory: empty, keepLast: 0 })).toThrow(
      '`keepLast` must be a positive integer; received 0.',
    );
    const m = model();
    await expect(
      m.fit(x, y, {
        epochs: 1,
        verbose: 0,
        callbacks: [modelCheckpoint({ directory: empty, saveBest: true })],
      }),
    ).rejects.toThrow(
      'modelCheckpoint: `monitor` must be one of the epoch logs (loss; validation logs need validationData); received "val_loss".',
    );
  });
});
