import {
  assertBoolean,
  assertNonNegativeInteger,
  assertPositiveInteger,
  SeededRandom,
  SeqError,
} from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/** How windows are cut from a series and batched; the options Keras' windowing takes. */
export interface WindowOptions {
  /** Rows (time steps) per window. */
  sequenceLength: number;
  /** Rows between the starts of two consecutive windows. @defaultValue `1` */
  sequenceStride?: number;
  /** Rows between two consecutive time steps inside a window. @defaultValue `1` */
  samplingRate?: number;
  /** Windows per batch; `null` yields windows one by one, unbatched. @defaultValue `128` */
  batchSize?: number | null;
  /**
   * Whether to shuffle the windows, anew each epoch (each time the dataset is iterated).
   * @defaultValue `false`, chronological order
   */
  shuffle?: boolean;
  /** Seed of the shuffling; the same seed gives the same order epoch by epoch. @defaultValue random */
  seed?: number | string;
  /** First row used (inclusive). @defaultValue `0` */
  startIndex?: number;
  /** Row after the last one used (exclusive). @defaultValue the number of rows */
  endIndex?: number;
}

/** The windows of a series, resolved and validated. @internal */
export interface WindowPlan {
  /** Number of windows. */
  count: number;
  /** Row of the first window's first step. */
  startIndex: number;
  sequenceLength: number;
  sequenceStride: number;
  samplingRate: number;
  batchSize: number | null;
  /** Gives the window order of the next epoch: chronological, or a fresh seeded permutation. */
  nextOrder: () => Int32Array | null;
}

/**
 * Validates window options against a series of `rows` rows and counts the windows, Keras' way:
 * window `i` starts at row `startIndex + i * sequenceStride` and covers `sequenceLength` rows
 * `samplingRate` apart; a window is kept when it, and `rowsAfter` more steps of `samplingRate`
 * (room for targets that lie after it), end before `endIndex`.
 * @internal
 */
export function planWindows(
  owner: string,
  rows: number,
  options: WindowOptions,
  stepsAfter = 0,
): WindowPlan {
  if (options === null || typeof options !== 'object') {
    throw new SeqError({
      owner,
      argument: 'options',
      expected: 'an object with at least `sequenceLength`',
      received: options,
    });
  }
  const sequenceLength = assertPositiveInteger(owner, 'sequenceLength', options.sequenceLength);
  const sequenceStride = assertPositiveInteger(
    owner,
    'sequenceStride',
    options.sequenceStride ?? 1,
  );
  const samplingRate = assertPositiveInteger(owner, 'samplingRate', options.samplingRate ?? 1);
  const batchSize =
    options.batchSize === null
      ? null
      : assertPositiveInteger(owner, 'batchSize', options.batchSize ?? 128);
  const shuffle = assertBoolean(owner, 'shuffle', options.shuffle ?? false);
  const startIndex = assertNonNegativeInteger(owner, 'startIndex', options.startIndex ?? 0);
  if (startIndex >= rows) {
    throw new SeqError({
      owner,
      argument: 'startIndex',
      expected: `an integer below the number of rows (${rows})`,
      received: startIndex,
    });
  }
  const endIndex = options.endIndex ?? rows;
  if (!Number.isInteger(endIndex) || endIndex <= startIndex || endIndex > rows) {
    throw new SeqError({
      owner,
      argument: 'endIndex',
      expected: `an integer above startIndex (${startIndex}) and at most the number of rows (${rows})`,
      received: endIndex,
    });
  }
  const span = (sequenceLength - 1 + stepsAfter) * samplingRate + 1; // rows one window (and its targets) covers
  const available = endIndex - startIndex;
  if (span > available) {
    const room = stepsAfter > 0 ? ` and ${stepsAfter} step(s) after it` : '';
    throw new SeqError({
      owner,
      argument: 'sequenceLength',
      expected: `short enough for one window${room} to fit in the ${available} rows from startIndex ${startIndex} to endIndex ${endIndex} (samplingRate ${samplingRate})`,
      received: sequenceLength,
    });
  }
  const count = Math.floor((available - span) / sequenceStride) + 1;
  let nextOrder: () => Int32Array | null = () => null;
  if (shuffle) {
    const random = new SeededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32));
    nextOrder = () => random.shuffle(Int32Array.from({ length: count }, (_, i) => i));
  }
  return { count, startIndex, sequenceLength, sequenceStride, samplingRate, batchSize, nextOrder };
}

/** Fills one batch: the windows (by index) it holds, as tensors. @internal */
export type BatchBuilder<T> = (windows: Int32Array) => T;

/**
 * A `tf.data.Dataset` that yields the windows of a plan in batches built by `build`, lazily: only
 * the batch being yielded exists, never all windows at once.
 * @internal
 */
export function windowDataset<T extends tf.TensorContainer>(
  plan: WindowPlan,
  build: BatchBuilder<T>,
): tf.data.Dataset<T> {
  const per = plan.batchSize ?? 1;
  function* batches(): Generator<T> {
    const order = plan.nextOrder();
    for (let first = 0; first < plan.count; first += per) {
      const n = Math.min(per, plan.count - first);
      const windows = new Int32Array(n);
      for (let i = 0; i < n; i++) windows[i] = order ? (order[first + i] as number) : first + i;
      yield build(windows);
    }
  }
  const dataset = tf.data.generator(batches as () => Iterator<T>);
  // The generator's size is unknown to tfjs; it is known here, and fitDataset uses it for progress.
  (dataset as { size: number }).size = Math.ceil(plan.count / per);
  return dataset;
}

/**
 * Copies the rows of windows into one buffer: for each window, `steps` rows `stride` apart from
 * its first row, `columns` chosen columns each.
 * @internal
 */
export function gatherRows(
  values: Float32Array,
  width: number,
  firstRows: ArrayLike<number>,
  steps: number,
  stride: number,
  columns: readonly number[] | null,
): Float32Array {
  const per = columns ? columns.length : width;
  const out = new Float32Array(firstRows.length * steps * per);
  let o = 0;
  for (let w = 0; w < firstRows.length; w++) {
    let row = firstRows[w] as number;
    for (let s = 0; s < steps; s++, row += stride) {
      if (columns) {
        for (const c of columns) out[o++] = values[row * width + c] as number;
      } else {
        out.set(values.subarray(row * width, row * width + width), o);
        o += width;
      }
    }
  }
  return out;
}
