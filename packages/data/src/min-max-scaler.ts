import { SeqError } from '@seq/core';
import { ColumnScaler } from './column-scaler.js';

/** Options of {@link MinMaxScaler}. */
export interface MinMaxScalerOptions {
  /** The range the training data's minimum and maximum map to. @defaultValue `[0, 1]` */
  featureRange?: [number, number];
}

/**
 * Scales each column so that the training data's minimum and maximum map to `featureRange`
 * (`[0, 1]` by default), as scikit-learn's `MinMaxScaler`; a constant column maps to the range's low
 * end. Values outside the training range map outside `featureRange`.
 *
 * @throws {@link @seq/core!index.SeqError} when `featureRange` is not two finite numbers, low before high.
 * @example
 * ```ts
 * const scaler = new MinMaxScaler({ featureRange: [-1, 1] }).fit([[0, 10], [5, 20], [10, 30]]);
 * scaler.transform([[5, 30]]); // [[0, 1]]
 * ```
 */
export class MinMaxScaler extends ColumnScaler {
  protected readonly kind = 'MinMaxScaler';
  /** The range the training minimum and maximum map to. */
  readonly featureRange: [number, number];

  constructor(options: MinMaxScalerOptions = {}) {
    super();
    const range = options.featureRange ?? [0, 1];
    if (
      !Array.isArray(range) ||
      range.length !== 2 ||
      !range.every(Number.isFinite) ||
      !(range[0] < range[1])
    ) {
      throw new SeqError({
        owner: 'MinMaxScaler',
        argument: 'featureRange',
        expected: 'two finite numbers [low, high] with low < high',
        received: range,
      });
    }
    this.featureRange = [range[0], range[1]];
  }

  protected computeParameters(
    values: Float64Array,
    rows: number,
    columns: number,
  ): [Float64Array, Float64Array] {
    const min = new Float64Array(columns).fill(Number.POSITIVE_INFINITY);
    const max = new Float64Array(columns).fill(Number.NEGATIVE_INFINITY);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const x = values[r * columns + c] as number;
        if (x < (min[c] as number)) min[c] = x;
        if (x > (max[c] as number)) max[c] = x;
      }
    }
    const [low, high] = this.featureRange;
    const scale = new Float64Array(columns);
    const center = new Float64Array(columns);
    for (let c = 0; c < columns; c++) {
      const range = (max[c] as number) - (min[c] as number);
      // y = (x - min) / range * (high - low) + low  ==  (x - center) / scale
      // A constant column divides by 1 instead of 0, as scikit-learn does.
      scale[c] = (range > 0 ? range : 1) / (high - low);
      center[c] = (min[c] as number) - low * (scale[c] as number);
    }
    return [center, scale];
  }

  protected settings(): Record<string, unknown> {
    return { featureRange: this.featureRange };
  }

  /**
   * A fitted scaler from {@link ColumnScaler.toJSON}'s output.
   * @throws {@link @seq/core!index.SeqError} when the JSON is not that of a fitted `MinMaxScaler`.
   */
  static fromJSON(json: unknown): MinMaxScaler {
    const settings = (json as { settings?: { featureRange?: [number, number] } } | null)?.settings;
    const range = settings?.featureRange;
    return new MinMaxScaler(range ? { featureRange: range } : {}).restore(json);
  }
}
