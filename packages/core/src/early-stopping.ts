import * as tf from '@tensorflow/tfjs';
import { SeqError } from './seq-error.js';
import {
  assertBoolean,
  assertNonNegativeInteger,
  assertNumberInRange,
  assertOneOf,
} from './validation.js';
import { logValue, missingMonitor, monitorComparison, snapshotWeights } from './weight-snapshot.js';

/** Options of {@link earlyStopping}, as Keras' `EarlyStopping` (camelCase). */
export interface EarlyStoppingOptions {
  /** The epoch log to watch. @defaultValue `'val_loss'` */
  monitor?: string;
  /** The smallest change that counts as an improvement. @defaultValue `0` */
  minDelta?: number;
  /** Epochs without improvement before stopping. @defaultValue `0` */
  patience?: number;
  /**
   * `'min'`, `'max'`, or `'auto'`: max for accuracies, precision, recall and AUC (`acc`,
   * `val_binaryAccuracy`...), else min. @defaultValue `'auto'`
   */
  mode?: 'auto' | 'min' | 'max';
  /** A value the monitor must beat: until it does, every epoch counts towards `patience`. */
  baseline?: number;
  /** Put back the weights of the best epoch when stopping. @defaultValue `false` */
  restoreBestWeights?: boolean;
  /** Epochs to wait before watching (warm-up). @defaultValue `0` */
  startFromEpoch?: number;
}

/**
 * The callback of {@link earlyStopping}. `bestEpoch`, `best` and `stoppedEpoch` describe the run.
 *
 * @example
 * ```ts
 * const stop = earlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true });
 * await model.fit(x, y, { epochs: 100, validationSplit: 0.2, callbacks: [stop] });
 * console.log(`best val_loss ${stop.best} at epoch ${stop.bestEpoch}`);
 * ```
 */
export class EarlyStopping extends tf.Callback {
  /** The best value of the monitor so far (an infinity before the first). */
  best = Number.NaN;
  /** The epoch (from 0) with the best value, or `-1`. */
  bestEpoch = -1;
  /** The epoch (from 0) at which training stopped, or `-1` if it ran to the end. */
  stoppedEpoch = -1;
  private wait = 0;
  private bestWeights: tf.Tensor[] | null = null;
  private readonly better: (current: number, reference: number) => boolean;
  private readonly initialBest: number;

  /** @throws {@link SeqError} for bad options (see {@link earlyStopping}). */
  constructor(
    private readonly options: Required<Omit<EarlyStoppingOptions, 'baseline'>> & {
      baseline?: number;
    },
  ) {
    super();
    const { better, worst } = monitorComparison(options.monitor, options.mode, options.minDelta);
    this.better = better;
    this.initialBest = worst;
  }

  /** Resets the state for a new run. */
  override async onTrainBegin(): Promise<void> {
    this.wait = 0;
    this.stoppedEpoch = -1;
    this.bestEpoch = -1;
    this.best = this.initialBest; // a NaN monitor never improves on it
    this.disposeBest();
  }

  /** Compares the monitor with the best so far; stops after `patience` epochs without improvement. */
  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    if (epoch < this.options.startFromEpoch) return;
    const current = logValue(logs, this.options.monitor);
    const model = this.model as tf.LayersModel;
    if (current === undefined) {
      // A run stopped mid-epoch (terminateOnNaN) has no validation logs for that epoch.
      if (model.stopTraining) return;
      throw missingMonitor('earlyStopping', this.options.monitor, logs);
    }
    this.wait += 1;
    if (this.better(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.options.restoreBestWeights) {
        this.disposeBest();
        this.bestWeights = snapshotWeights(model);
      }
      // As Keras: the wait restarts only when the baseline is beaten too.
      const { baseline } = this.options;
      if (baseline === undefined || this.better(current, baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.options.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
      if (this.bestWeights) model.setWeights(this.bestWeights);
    }
  }

  /** Releases the best weights. */
  override async onTrainEnd(): Promise<void> {
    this.disposeBest();
  }

  /**
   * Frees the best weights: done at the end of a run; call it when `fit` threw (tfjs then skips
   * `onTrainEnd`) and the callback will not be used again.
   */
  dispose(): void {
    this.disposeBest();
  }

  private disposeBest(): void {
    tf.dispose(this.bestWeights ?? []);
    this.bestWeights = null;
  }
}

/**
 * Keras' `EarlyStopping` for `fit` and `fitDataset`, with what tfjs' own lacks:
 * `restoreBestWeights` (put back the best epoch's weights when stopping), `baseline` and
 * `startFromEpoch`. Stops after `patience` epochs in a row without an improvement of more than
 * `minDelta` (with patience 0, at the first one). A monitor missing from the logs is an error, not a silent no-op.
 *
 * @throws {@link SeqError} for bad options; during training, for a monitor not in the logs.
 * @example
 * ```ts
 * const stop = earlyStopping({ monitor: 'val_loss', patience: 5, restoreBestWeights: true });
 * await model.fit(x, y, { epochs: 200, validationSplit: 0.2, callbacks: [stop] });
 * console.log(`best epoch ${stop.bestEpoch}`);
 * ```
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStopping {
  const owner = 'earlyStopping';
  const monitor = options.monitor ?? 'val_loss';
  if (typeof monitor !== 'string' || monitor.length === 0) {
    throw new SeqError({
      owner,
      argument: 'monitor',
      expected: 'the name of an epoch log',
      received: monitor,
    });
  }
  if (options.baseline !== undefined) assertNumberInRange(owner, 'baseline', options.baseline);
  return new EarlyStopping({
    monitor,
    minDelta: Math.abs(assertNumberInRange(owner, 'minDelta', options.minDelta ?? 0)),
    patience: assertNonNegativeInteger(owner, 'patience', options.patience ?? 0),
    mode: assertOneOf(owner, 'mode', options.mode ?? 'auto', ['auto', 'min', 'max'] as const),
    baseline: options.baseline,
    restoreBestWeights: assertBoolean(
      owner,
      'restoreBestWeights',
      options.restoreBestWeights ?? false,
    ),
    startFromEpoch: assertNonNegativeInteger(owner, 'startFromEpoch', options.startFromEpoch ?? 0),
  });
}
