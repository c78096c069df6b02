import { expectTensorsClose, goldenTensor, readGolden } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { timeseriesDatasetFromArray, type WindowBatch } from './timeseries-dataset-from-array.js';

const golden = readGolden(new URL('../test/fixtures/timeseries_windows.json', import.meta.url));

interface GoldenRun {
  params: {
    sequenceLength: number;
    sequenceStride: number;
    samplingRate: number;
    startIndex: number;
    endIndex: number;
  };
  windows: { shape: number[]; data: number[] };
  targets: { shape: number[]; data: number[] };
}

async function collect(
  dataset: tf.data.Dataset<WindowBatch>,
): Promise<{ xs: number[][][]; ys: number[][]; shapes: number[][] }> {
  const xs: number[][][] = [];
  const ys: number[][] = [];
  const shapes: number[][] = [];
  await dataset.forEachAsync((batch) => {
    xs.push(batch.xs.arraySync() as number[][]);
    ys.push(batch.ys.arraySync() as number[]);
    shapes.push(batch.xs.shape);
    tf.dispose([batch.xs, batch.ys]);
  });
  return { xs, ys, shapes };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('timeseriesDatasetFromArray', () => {
  it.each(
    (golden.expected.runs as GoldenRun[]).map((run) => [JSON.stringify(run.params), run] as const),
  )('matches the Keras reference windows and targets for %s', async (_, run) => {
    const data = goldenTensor(golden.inputs.data) as tf.Tensor2D;
    const targets = goldenTensor(golden.inputs.targets) as tf.Tensor1D;
    const dataset = timeseriesDatasetFromArray(data, targets, { ...run.params, batchSize: 1000 });
    const batches: WindowBatch[] = await dataset.toArray();
    expect(batches).toHaveLength(1);
    const batch = batches[0] as WindowBatch;
    expectTensorsClose(batch.xs, goldenTensor(run.windows), { atol: 0 });
    expectTensorsClose(batch.ys, goldenTensor(run.targets), { atol: 0 });
    tf.dispose([data, targets, batch.xs, batch.ys]);
  });

  it('keeps the last partial batch and gives 1-D data windows of [batch, time]', async () => {
    const series = range(20);
    const { xs, ys, shapes } = await collect(
      timeseriesDatasetFromArray(series, series, { sequenceLength: 3, batchSize: 8 }),
    );
    expect(shapes).toEqual([
      [8, 3],
      [8, 3],
      [2, 3],
    ]);
    expect(xs.flat()).toEqual(range(18).map((s) => [s, s + 1, s + 2]));
    expect(ys.flat()).toEqual(range(18));
  });

  it('steps by a stride longer than the window, skipping rows', async () => {
    const series = range(20);
    const { xs } = await collect(
      timeseriesDatasetFromArray(series, series, { sequenceLength: 3, sequenceStride: 5 }),
    );
    expect(xs.flat()).toEqual([
      [0, 1, 2],
      [5, 6, 7],
      [10, 11, 12],
      [15, 16, 17],
    ]);
  });

  it('samples every samplingRate rows inside a window, within startIndex and endIndex', async () => {
    const series = range(30);
    const { xs, ys } = await collect(
      timeseriesDatasetFromArray(
        series,
        series.map((v) => v * 10),
        {
          sequenceLength: 3,
          samplingRate: 4,
          sequenceStride: 2,
          startIndex: 5,
          endIndex: 20,
        },
      ),
    );
    // Windows start at 5, 7, 9 (9 + 2 * 4 = 17 < 20; 11 + 8 = 19 < 20 too).
    expect(xs.flat()).toEqual([
      [5, 9, 13],
      [7, 11, 15],
      [9, 13, 17],
      [11, 15, 19],
    ]);
    expect(ys.flat()).toEqual([50, 70, 90, 110]);
  });

  it('takes 2-D data, 2-D targets, typed arrays and tensors alike', async () => {
    const data = range(6).map((i) => [i, -i]);
    const targets = range(6).map((i) => [i * 2, i * 3, i * 4]);
    const fromArrays = await timeseriesDatasetFromArray(data, targets, {
      sequenceLength: 2,
    }).toArray();
    const batch = fromArrays[0] as WindowBatch;
    expect(batch.xs.shape).toEqual([5, 2, 2]);
    expect(batch.ys.shape).toEqual([5, 3]);
    expect(batch.ys.arraySync()).toEqual(targets.slice(0, 5));
    const tensor = tf.tensor2d(data);
    const fromTensor = (
      await timeseriesDatasetFromArray(tensor, targets, { sequenceLength: 2 }).toArray()
    )[0] as WindowBatch;
    expect(fromTensor.xs.arraySync()).toEqual(batch.xs.arraySync());
    const typed = (
      await timeseriesDatasetFromArray(new Float64Array([1, 2, 3]), null, {
        sequenceLength: 2,
      }).toArray()
    )[0];
    expect(typed?.arraySync()).toEqual([
      [1, 2],
      [2, 3],
    ]);
    tf.dispose([batch.xs, batch.ys, tensor, fromTensor.xs, fromTensor.ys, typed as tf.Tensor]);
  });

  it('yields windows one by one when batchSize is null', async () => {
    const windows = await timeseriesDatasetFromArray(range(4), null, {
      sequenceLength: 2,
      batchSize: null,
    }).toArray();
    expect(windows.map((w) => w.arraySync())).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(windows[0]?.shape).toEqual([2]);
    tf.dispose(windows);
  });

  it('shuffles reproducibly with a seed, anew each epoch, and is chronological without shuffle', async () => {
    const series = range(50);
    const order = async (options: { shuffle: boolean; seed?: number }) => {
      const dataset = timeseriesDatasetFromArray(series, series, {
        sequenceLength: 2,
        batchSize: 100,
        ...options,
      });
      const epoch1 = (await collect(dataset)).ys.flat();
      const epoch2 = (await collect(dataset)).ys.flat();
      return [epoch1, epoch2];
    };
    const [a1, a2] = await order({ shuffle: true, seed: 3 });
    const [b1, b2] = await order({ shuffle: true, seed: 3 });
    const [c1] = await order({ shuffle: true, seed: 4 });
    expect(a1).toEqual(b1);
    expect(a2).toEqual(b2);
    expect(a1).not.toEqual(a2);
    expect(a1).not.toEqual(c1);
    expect([...(a1 as number[])].sort((x, y) => x - y)).toEqual(range(49));
    const [chronological] = await order({ shuffle: false });
    expect(chronological).toEqual(range(49));
  });

  it('reports its number of batches and trains a model with fitDataset', async () => {
    const series = range(40).map((t) => Math.sin(t / 3));
    const dataset = timeseriesDatasetFromArray(series.slice(0, -5), series.slice(5), {
      sequenceLength: 5,
      batchSize: 8,
    });
    expect(dataset.size).toBe(4); // 35 rows: 31 windows of 5, in batches of 8
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [5] })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const before = tf.memory().numTensors;
    const history = await model.fitDataset(
      dataset.map((b) => ({ xs: b.xs, ys: (b.ys as tf.Tensor).expandDims(-1) })),
      {
        epochs: 2,
        verbose: 0,
      },
    );
    expect(history.history.loss).toHaveLength(2);
    expect(tf.memory().numTensors - before).toBe(0); // the optimizer's own state only
    model.dispose();
  });

  it('leaves no tensors behind once its batches are disposed', async () => {
    const before = tf.memory().numTensors;
    await collect(
      timeseriesDatasetFromArray(range(100), range(100), {
        sequenceLength: 7,
        batchSize: 9,
        shuffle: true,
        seed: 1,
      }),
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  describe('rejects bad input before any work', () => {
    const series = range(10);
    it.each([
      [
        { sequenceLength: 11 },
        'timeseriesDatasetFromArray: `sequenceLength` must be short enough for one window to fit in the 10 rows from startIndex 0 to endIndex 10 (samplingRate 1); received 11.',
      ],
      [
        { sequenceLength: 4, samplingRate: 4 },
        'timeseriesDatasetFromArray: `sequenceLength` must be short enough for one window to fit in the 10 rows from startIndex 0 to endIndex 10 (samplingRate 4); received 4.',
      ],
      [
        { sequenceLength: 0 },
        'timeseriesDatasetFromArray: `sequenceLength` must be a positive integer; received 0.',
      ],
      [
        { sequenceLength: 2, samplingRate: 0 },
        'timeseriesDatasetFromArray: `samplingRate` must be a positive integer; received 0.',
      ],
      [
        { sequenceLength: 2, sequenceStride: 1.5 },
        'timeseriesDatasetFromArray: `sequenceStride` must be a positive integer; received 1.5.',
      ],
      [
        { sequenceLength: 2, batchSize: 0 },
        'timeseriesDatasetFromArray: `batchSize` must be a positive integer; received 0.',
      ],
      [
        { sequenceLength: 2, startIndex: 5, endIndex: 5 },
        'timeseriesDatasetFromArray: `endIndex` must be an integer above startIndex (5) and at most the number of rows (10); received 5.',
      ],
      [
        { sequenceLength: 2, endIndex: 11 },
        'timeseriesDatasetFromArray: `endIndex` must be an integer above startIndex (0) and at most the number of rows (10); received 11.',
      ],
      [
        { sequenceLength: 2, startIndex: 10 },
        'timeseriesDatasetFromArray: `startIndex` must be an integer below the number of rows (10); received 10.',
      ],
      [
        { sequenceLength: 2, startIndex: -1 },
        'timeseriesDatasetFromArray: `startIndex` must be a non-negative integer; received -1.',
      ],
      [
        { sequenceLength: 2, shuffle: 'yes' },
        'timeseriesDatasetFromArray: `shuffle` must be a boolean; received "yes".',
      ],
      [
        { sequenceLength: 2, shuffle: true, seed: -3 },
        'SeededRandom: `seed` must be a non-negative integer; received -3.',
      ],
    ])('%o', (options, message) => {
      expect(() => timeseriesDatasetFromArray(series, series, options as never)).toThrow(message);
    });

    it('targets shorter than the data, NaN, ragged rows, wrong types', () => {
      expect(() => timeseriesDatasetFromArray(series, range(9), { sequenceLength: 2 })).toThrow(
        'timeseriesDatasetFromArray: `targets` must be one row per data row (10 rows; pass null for no targets); received 9 rows.',
      );
      expect(() =>
        timeseriesDatasetFromArray([1, Number.NaN, 3], null, { sequenceLength: 2 }),
      ).toThrow(
        'timeseriesDatasetFromArray: `data` must be finite numbers (fill or drop missing values first); received NaN at row 1.',
      );
      expect(() =>
        timeseriesDatasetFromArray(
          [
            [1, 2],
            [3, Number.POSITIVE_INFINITY],
          ],
          null,
          { sequenceLength: 1 },
        ),
      ).toThrow('received Infinity at row 1, column 1.');
      expect(() =>
        timeseriesDatasetFromArray(new Float32Array([1, Number.NaN]), null, { sequenceLength: 1 }),
      ).toThrow('received NaN at row 1.');
      expect(() => timeseriesDatasetFromArray([[1, 2], [3]], null, { sequenceLength: 1 })).toThrow(
        'timeseriesDatasetFromArray: `data` must be rows of 2 values each (as row 0); received [3] at row 1.',
      );
      expect(() => timeseriesDatasetFromArray('abc' as never, null, { sequenceLength: 1 })).toThrow(
        'timeseriesDatasetFromArray: `data` must be an array, a typed array or a 1-D or 2-D tensor; received "abc".',
      );
      const cube = tf.zeros([2, 2, 2]);
      expect(() => timeseriesDatasetFromArray(cube as never, null, { sequenceLength: 1 })).toThrow(
        'received a float32 tensor of shape [2, 2, 2].',
      );
      cube.dispose();
      expect(() => timeseriesDatasetFromArray(series, null, undefined as never)).toThrow(
        'timeseriesDatasetFromArray: `options` must be an object with at least `sequenceLength`; received undefined.',
      );
    });
  });
});
