import { expectTensorsClose } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { MinMaxScaler } from './min-max-scaler.js';
import { StandardScaler } from './standard-scaler.js';

const data = [
  [1, 10],
  [2, 20],
  [3, 60],
  [10, 10],
];

describe('StandardScaler', () => {
  it('matches numpy (population std) and inverts exactly', () => {
    const scaler = new StandardScaler().fit(data);
    const scaled = scaler.transform(data);
    expectTensorsClose(
      scaled,
      [
        [-0.84852814, -0.72760688],
        [-0.56568542, -0.24253563],
        [-0.28284271, 1.69774938],
        [1.69705627, -0.72760688],
      ],
      { atol: 1e-6 },
    );
    expectTensorsClose(scaler.inverseTransform(scaled), data, { atol: 1e-5 });
    expect(scaler.toJSON()).toEqual({
      kind: 'StandardScaler',
      center: [4, 25],
      scale: [Math.sqrt(12.5), Math.sqrt(425)],
      settings: {},
    });
  });

  it('gives back the kind it is given: number[], typed arrays, tensors of any rank', () => {
    const scaler = new StandardScaler().fit([1, 2, 3, 4]);
    const fromArray = scaler.transform([1, 4]);
    expect(Array.isArray(fromArray)).toBe(true);
    const fromTyped = scaler.transform(new Float32Array([1, 4]));
    expect(fromTyped).toBeInstanceOf(Float32Array);
    expectTensorsClose(fromTyped, fromArray);
    const before = tf.memory().numTensors;
    const windows = tf.tensor3d([1, 2, 3, 4], [2, 2, 1]); // [batch, time, features]
    const scaled = scaler.transform(windows);
    expect(scaled.shape).toEqual([2, 2, 1]);
    expectTensorsClose(
      scaled,
      [
        [[-1.3416408], [-0.4472136]],
        [[0.4472136], [1.3416408]],
      ],
      { atol: 1e-6 },
    );
    const series = tf.tensor1d([1, 4]); // [time]: one column
    const column = scaler.transform(series);
    expectTensorsClose(column, fromArray);
    tf.dispose([windows, scaled, series, column]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fits in float64: large offsets keep their precision', () => {
    const scaler = new StandardScaler().fit([100000.1, 100000.2, 100000.3]);
    expect(scaler.toJSON().scale[0]).toBeCloseTo(Math.sqrt(2 / 300), 9);
    expect(scaler.inverseTransform(scaler.transform([16777217]))).toEqual([16777217]);
  });

  it('fits on training data only and scales other parts with those statistics', () => {
    const scaler = new StandardScaler().fit([0, 2]); // mean 1, std 1
    expect(scaler.transform([5])).toEqual([4]);
  });

  it('inverts the predictions of chosen columns, and maps a constant column to 0', () => {
    const scaler = new StandardScaler().fit([
      [1, 100],
      [3, 100],
    ]);
    expect(scaler.transform([[2, 100]])).toEqual([[0, 0]]);
    expect(scaler.inverseTransform([1, -1], { columns: [0] })).toEqual([3, 1]);
    const predictions = tf.tensor2d([[1], [0]]);
    const restored = scaler.inverseTransform(predictions, { columns: [0] });
    expect(restored.arraySync()).toEqual([[3], [2]]);
    tf.dispose([predictions, restored]);
  });

  it('round-trips through JSON', () => {
    const scaler = new StandardScaler().fit(data);
    const again = StandardScaler.fromJSON(JSON.parse(JSON.stringify(scaler)));
    expect(again.transform(data)).toEqual(scaler.transform(data));
    expect(again.fitted).toBe(true);
    expect(again.columns).toBe(2);
  });

  it('rejects use before fit, wrong columns and bad JSON', () => {
    expect(() => new StandardScaler().transform([1])).toThrow(
      'StandardScaler.transform: `this` must be a fitted scaler (call fit on the training data first); received an unfitted scaler.',
    );
    expect(() => new StandardScaler().toJSON()).toThrow(
      'StandardScaler.toJSON: `this` must be a fitted scaler',
    );
    const scaler = new StandardScaler().fit(data);
    expect(() => scaler.transform([1, 2])).toThrow(
      'StandardScaler.transform: `data` must be rows of 2 value(s); received rows of 1 value(s).',
    );
    const t = tf.zeros([3, 5]);
    expect(() => scaler.transform(t)).toThrow(
      'StandardScaler.transform: `data` must be a tensor whose last axis has 2 feature(s); received a float32 tensor of shape [3, 5].',
    );
    t.dispose();
    expect(() => scaler.inverseTransform([1], { columns: [2] })).toThrow(
      'StandardScaler.inverseTransform: `options.columns` must be column indices in [0, 2); received [2].',
    );
    expect(() => new StandardScaler().fit([])).toThrow(
      'StandardScaler.fit: `data` must be at least one row; received [].',
    );
    expect(() => new StandardScaler().fit([1, Number.NaN])).toThrow(
      'StandardScaler.fit: `data` must be finite numbers (fill or drop missing values first); received NaN at row 1.',
    );
    expect(() =>
      StandardScaler.fromJSON({ kind: 'MinMaxScaler', center: [0], scale: [1], settings: {} }),
    ).toThrow(
      'StandardScaler.fromJSON: `json` must be the JSON of a fitted StandardScaler ({kind, center, scale, settings}); received an object.',
    );
  });
});

describe('MinMaxScaler', () => {
  it('maps the training minimum and maximum to the feature range', () => {
    const scaler = new MinMaxScaler({ featureRange: [-1, 1] }).fit([
      [0, 10],
      [5, 20],
      [10, 30],
    ]);
    expect(scaler.transform([[5, 30]])).toEqual([[0, 1]]);
    expect(scaler.transform([[20, 0]])).toEqual([[3, -2]]); // outside the training range: outside [-1, 1]
    expectTensorsClose(scaler.inverseTransform([[0, 1]]), [[5, 30]]);
    expect(new MinMaxScaler().fit([3, 3]).transform([3, 4])).toEqual([0, 1]);
    expect(new MinMaxScaler({ featureRange: [0, 10] }).fit([5, 5]).transform([6])).toEqual([10]); // as scikit-learn // constant column: scale 1
  });

  it('round-trips through JSON with its feature range', () => {
    const scaler = new MinMaxScaler({ featureRange: [2, 4] }).fit([0, 10]);
    const again = MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(scaler)));
    expect(again.featureRange).toEqual([2, 4]);
    expect(again.transform([5])).toEqual([3]);
  });

  it('rejects a bad feature range', () => {
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrow(
      'MinMaxScaler: `featureRange` must be two finite numbers [low, high] with low < high; received [1, 0].',
    );
  });
});
