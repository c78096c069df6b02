import { ColumnScaler } from './column-scaler.js';

/**
 * Standardises each column to zero mean and unit variance: `(x - mean) / std`, with the population
 * standard deviation of the training data (as scikit-learn's `StandardScaler`; a constant column
 * gets a scale of 1).
 *
 * @example
 * ```ts
 * const { train, test } = splitByTime(series, { train: 0.8 });
 * const scaler = new StandardScaler().fit(train);
 * const trainScaled = scaler.transform(train);
 * const testScaled = scaler.transform(test);
 * const restored = scaler.inverseTransform(testScaled); // back to the original units
 * const json = JSON.stringify(scaler); // save it beside the model
 * const again = StandardScaler.fromJSON(JSON.parse(json));
 * ```
 */
export class StandardScaler extends ColumnScaler {
  protected readonly kind = 'StandardScaler';

  protected computeParameters(
    values: Float64Array,
    rows: number,
    columns: number,
  ): [Float64Array, Float64Array] {
    const mean = new Float64Array(columns);
    const m2 = new Float64Array(columns);
    // Welford's algorithm, column by column: stable for long series with large offsets.
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const x = values[r * columns + c] as number;
        const delta = x - (mean[c] as number);
        mean[c] = (mean[c] as number) + delta / (r + 1);
        m2[c] = (m2[c] as number) + delta * (x - (mean[c] as number));
      }
    }
    const std = m2.map((v) => {
      const s = Math.sqrt(v / rows);
      return s > 0 ? s : 1;
    });
    return [mean, std];
  }

  protected settings(): Record<string, unknown> {
    return {};
  }

  /**
   * A fitted scaler from {@link ColumnScaler.toJSON}'s output.
   * @throws {@link @seq/core!index.SeqError} when the JSON is not that of a fitted `StandardScaler`.
   */
  static fromJSON(json: unknown): StandardScaler {
    return new StandardScaler().restore(json);
  }
}
