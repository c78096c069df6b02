import { SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { type SeriesInput, toSeriesMatrix } from './series-matrix.js';

/** What a scaler accepts and gives back in kind: arrays give arrays, tensors give tensors. */
export type ScalerInput = SeriesInput | tf.Tensor;

/** Options of {@link ColumnScaler.inverseTransform}. */
export interface InverseTransformOptions {
  /**
   * The columns (of the data the scaler was fitted on) that the given values are, in order; for
   * inverting the predictions of a model that forecasts only some columns.
   * @defaultValue every column
   */
  columns?: number[];
}

/** A fitted scaler as JSON: its kind and its per-column affine map `(x - center) / scale`. */
export interface ScalerJSON {
  /** Which scaler: `'StandardScaler'` or `'MinMaxScaler'`. */
  kind: string;
  /** Per-column value subtracted. */
  center: number[];
  /** Per-column divisor. */
  scale: number[];
  /** Settings of the kind (`featureRange` for a min-max scaler). */
  settings: Record<string, unknown>;
}

/**
 * A per-column affine scaler, `y = (x - center) / scale`, fitted on training data only and applied
 * to any data with the same columns: arrays (`[time]`, `[time, features]`) or tensors of any rank
 * whose last axis is the features (`[batch, time, features]`). {@link StandardScaler} and
 * {@link MinMaxScaler} are the two kinds.
 *
 * @example
 * ```ts
 * const scaler: ColumnScaler = new StandardScaler().fit(train); // train: [time, features]
 * const scaled = scaler.transform(valid); // the training part's mean and deviation
 * const back = scaler.inverseTransform(scaled); // valid again
 * ```
 */
export abstract class ColumnScaler {
  /** Per-column value subtracted; `null` until fitted. */
  protected center: Float64Array | null = null;
  /** Per-column divisor; `null` until fitted. */
  protected scale: Float64Array | null = null;

  /** The scaler's name in messages and JSON. */
  protected abstract readonly kind: string;

  /** Computes `center` and `scale` from the columns of the training data. */
  protected abstract computeParameters(
    values: Float64Array,
    rows: number,
    columns: number,
  ): [Float64Array, Float64Array];

  /** The settings saved in JSON. */
  protected abstract settings(): Record<string, unknown>;

  /** Whether {@link ColumnScaler.fit} has been called. */
  get fitted(): boolean {
    return this.center !== null;
  }

  /** The number of columns it was fitted on. */
  get columns(): number {
    return this.center?.length ?? 0;
  }

  /**
   * Learns the per-column parameters from training data (fit on the training part only, then
   * transform every part).
   *
   * @param data - `[time]` or `[time, features]`, finite.
   * @returns this scaler.
   * @throws {@link @seq/core!index.SeqError} for empty, ragged or non-finite data.
   */
  fit(data: SeriesInput): this {
    const m = toSeriesMatrix(`${this.kind}.fit`, 'data', data, 'float64');
    if (m.rows === 0) {
      throw new SeqError({
        owner: `${this.kind}.fit`,
        argument: 'data',
        expected: 'at least one row',
        received: data,
      });
    }
    [this.center, this.scale] = this.computeParameters(m.values, m.rows, m.columns);
    return this;
  }

  /** {@link ColumnScaler.fit}, then {@link ColumnScaler.transform}, on the same data. */
  fitTransform<T extends ScalerInput>(data: T): T {
    return this.fit(data as SeriesInput).transform(data);
  }

  /**
   * Scales data: `(x - center) / scale` per column.
   *
   * @param data - Arrays `[time]` / `[time, features]`, or a tensor whose last axis is the features.
   * @returns the same kind as given (a new array or tensor).
   * @throws {@link @seq/core!index.SeqError} when not fitted yet, or when the number of columns differs.
   */
  transform<T extends ScalerInput>(data: T): T {
    return this.apply('transform', data, null, false);
  }

  /**
   * Undoes {@link ColumnScaler.transform}: `x * scale + center` per column.
   *
   * @throws {@link @seq/core!index.SeqError} when not fitted yet, or the columns do not match.
   */
  inverseTransform<T extends ScalerInput>(data: T, options: InverseTransformOptions = {}): T {
    return this.apply('inverseTransform', data, options.columns ?? null, true);
  }

  /** The fitted scaler as JSON, for {@link StandardScaler.fromJSON} or {@link MinMaxScaler.fromJSON}. */
  toJSON(): ScalerJSON {
    const { center, scale } = this.parameters('toJSON');
    return {
      kind: this.kind,
      center: Array.from(center),
      scale: Array.from(scale),
      settings: this.settings(),
    };
  }

  /** Restores fitted parameters from JSON (checked). @internal */
  protected restore(json: unknown): this {
    const j = json as Partial<ScalerJSON>;
    const ok =
      j !== null &&
      typeof j === 'object' &&
      j.kind === this.kind &&
      Array.isArray(j.center) &&
      Array.isArray(j.scale) &&
      j.center.length > 0 &&
      j.center.length === j.scale.length &&
      j.center.every(Number.isFinite) &&
      j.scale.every((s) => Number.isFinite(s) && s !== 0);
    if (!ok) {
      throw new SeqError({
        owner: `${this.kind}.fromJSON`,
        argument: 'json',
        expected: `the JSON of a fitted ${this.kind} ({kind, center, scale, settings})`,
        received: json,
      });
    }
    this.center = Float64Array.from(j.center as number[]);
    this.scale = Float64Array.from(j.scale as number[]);
    return this;
  }

  private parameters(method: string): { center: Float64Array; scale: Float64Array } {
    if (this.center === null || this.scale === null) {
      throw new SeqError({
        owner: `${this.kind}.${method}`,
        argument: 'this',
        expected: 'a fitted scaler (call fit on the training data first)',
        receivedDescription: 'an unfitted scaler',
      });
    }
    return { center: this.center, scale: this.scale };
  }

  private apply<T extends ScalerInput>(
    method: string,
    data: T,
    columns: number[] | null,
    inverse: boolean,
  ): T {
    const all = this.parameters(method);
    const owner = `${this.kind}.${method}`;
    if (
      columns !== null &&
      (!Array.isArray(columns) ||
        !columns.every((c) => Number.isInteger(c) && c >= 0 && c < all.center.length))
    ) {
      throw new SeqError({
        owner,
        argument: 'options.columns',
        expected: `column indices in [0, ${all.center.length})`,
        received: columns,
      });
    }
    const pick = (p: Float64Array) =>
      columns === null ? p : Float64Array.from(columns, (c) => p[c] as number);
    const center = pick(all.center);
    const scale = pick(all.scale);
    const width = center.length;
    if (data instanceof tf.Tensor) {
      // A 1-D tensor is one column over time; otherwise the last axis holds the features.
      const ok =
        data.rank === 1 ? width === 1 : data.rank > 1 && data.shape[data.rank - 1] === width;
      if (!ok) {
        throw new SeqError({
          owner,
          argument: 'data',
          expected: `a tensor whose last axis has ${width} feature(s)`,
          received: data,
        });
      }
      const tensor: tf.Tensor = data;
      const result = tf.tidy(() => {
        const c = tf.tensor1d(Float32Array.from(center)); // [features], broadcast over [..., features]
        const s = tf.tensor1d(Float32Array.from(scale));
        return inverse ? tensor.mul(s).add(c) : tensor.sub(c).div(s);
      });
      return result as T;
    }
    const m = toSeriesMatrix(owner, 'data', data, 'float64');
    if (m.columns !== width) {
      throw new SeqError({
        owner,
        argument: 'data',
        expected: `rows of ${width} value(s)`,
        receivedDescription: `rows of ${m.columns} value(s)`,
      });
    }
    const out = new Float64Array(m.values.length);
    for (let i = 0; i < out.length; i++) {
      const c = i % width;
      const v = m.values[i] as number;
      out[i] = inverse
        ? v * (scale[c] as number) + (center[c] as number)
        : (v - (center[c] as number)) / (scale[c] as number);
    }
    if (ArrayBuffer.isView(data))
      return (data instanceof Float64Array ? out : Float32Array.from(out)) as unknown as T;
    if (m.rank === 1) return Array.from(out) as unknown as T;
    return Array.from({ length: m.rows }, (_, r) =>
      Array.from(out.subarray(r * width, (r + 1) * width)),
    ) as unknown as T;
  }
}
