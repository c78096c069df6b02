import { describeValue, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/**
 * A series as seq's data functions accept it: rows in time order, one value per row (`number[]`, a
 * typed array, a 1-D tensor) or several (`number[][]`, a 2-D tensor `[time, features]`).
 */
export type SeriesInput =
  | ArrayLike<number>
  | ReadonlyArray<ArrayLike<number>>
  | tf.Tensor1D
  | tf.Tensor2D;

/**
 * A series read into one row-major `Float32Array`: `rows` time steps of `columns` values.
 * `rank` remembers whether the input was 1-D (one value per row) or 2-D.
 * @internal
 */
export interface SeriesMatrix<V extends Float32Array | Float64Array = Float32Array> {
  values: V;
  rows: number;
  columns: number;
  rank: 1 | 2;
}

function nonFinite(owner: string, argument: string, where: string, value: number): SeqError {
  return new SeqError({
    owner,
    argument,
    expected: 'finite numbers (fill or drop missing values first)',
    receivedDescription: `${describeValue(value)} at ${where}`,
  });
}

/**
 * Reads a {@link SeriesInput} into a {@link SeriesMatrix}, checking that it is rectangular and
 * finite. A `Float32Array` is used as it is, without a copy; anything else is copied once.
 * @internal
 */
export function toSeriesMatrix(owner: string, argument: string, input: unknown): SeriesMatrix;
export function toSeriesMatrix(
  owner: string,
  argument: string,
  input: unknown,
  precision: 'float64',
): SeriesMatrix<Float64Array>;
export function toSeriesMatrix(
  owner: string,
  argument: string,
  input: unknown,
  precision: 'float32' | 'float64' = 'float32',
): SeriesMatrix<Float32Array | Float64Array> {
  const Values = precision === 'float64' ? Float64Array : Float32Array;
  if (input instanceof tf.Tensor) {
    if (input.rank !== 1 && input.rank !== 2) {
      throw new SeqError({
        owner,
        argument,
        expected: 'a 1-D tensor [time] or a 2-D tensor [time, features]',
        received: input,
      });
    }
    const values = input.dataSync();
    const matrix: SeriesMatrix<Float32Array | Float64Array> = {
      values: values instanceof Values ? values : Values.from(values as ArrayLike<number>),
      rows: input.shape[0] as number,
      columns: input.rank === 2 ? (input.shape[1] as number) : 1,
      rank: input.rank,
    };
    checkFinite(owner, argument, matrix);
    return matrix;
  }
  if (
    input === null ||
    typeof input !== 'object' ||
    typeof (input as ArrayLike<unknown>).length !== 'number'
  ) {
    throw new SeqError({
      owner,
      argument,
      expected: 'an array, a typed array or a 1-D or 2-D tensor',
      received: input,
    });
  }
  const list = input as ArrayLike<unknown>;
  const first = list[0];
  if (list.length > 0 && first !== null && typeof first === 'object') {
    const columns = (first as ArrayLike<number>).length;
    if (typeof columns !== 'number' || columns === 0) {
      throw new SeqError({
        owner,
        argument,
        expected: 'rows with at least one value',
        received: first,
      });
    }
    const values = new Values(list.length * columns);
    for (let r = 0; r < list.length; r++) {
      const row = list[r] as ArrayLike<number> | undefined;
      if (row == null || row.length !== columns) {
        throw new SeqError({
          owner,
          argument,
          expected: `rows of ${columns} values each (as row 0)`,
          receivedDescription: `${describeValue(row)} at row ${r}`,
        });
      }
      for (let c = 0; c < columns; c++) {
        const v = row[c] as number;
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw nonFinite(owner, argument, `row ${r}, column ${c}`, v);
        values[r * columns + c] = v;
      }
    }
    return { values, rows: list.length, columns, rank: 2 };
  }
  const values = list instanceof Values ? list : new Values(list.length);
  if (values !== list) {
    for (let i = 0; i < list.length; i++) {
      const v = list[i] as number;
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw nonFinite(owner, argument, `row ${i}`, v);
      values[i] = v;
    }
  }
  const matrix: SeriesMatrix<Float32Array | Float64Array> = {
    values,
    rows: list.length,
    columns: 1,
    rank: 1,
  };
  if (values === list) checkFinite(owner, argument, matrix);
  return matrix;
}

function checkFinite(
  owner: string,
  argument: string,
  m: SeriesMatrix<Float32Array | Float64Array>,
): void {
  for (let i = 0; i < m.values.length; i++) {
    const v = m.values[i] as number;
    if (!Number.isFinite(v)) {
      const where =
        m.rank === 1 ? `row ${i}` : `row ${Math.floor(i / m.columns)}, column ${i % m.columns}`;
      throw nonFinite(owner, argument, where, v);
    }
  }
}
