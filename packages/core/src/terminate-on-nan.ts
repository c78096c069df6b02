import * as tf from '@tensorflow/tfjs';
import { logValue, snapshotWeights } from './weight-snapshot.js';

/** Where {@link TerminateOnNaN} stopped a run. */
export interface NaNStop {
  /** The epoch (from 0) of the batch whose loss was not finite. */
  epoch: number;
  /** The batch (from 0, within the epoch). */
  batch: number;
  /** The loss it reported (`NaN` or an infinity). */
  loss: number;
}

/**
 * The callback of {@link terminateOnNaN}: stops training at the first batch whose loss is NaN or
 * infinite and puts back the weights that gave the last finite loss (those a batch started from,
 * not the ones its update produced, which may already be broken), so the model is usable and can
 * be saved. `stoppedAt` says where it happened. The optimizer's own state (Adam's moments) is not
 * restored.
 *
 * @example
 * ```ts
 * const guard = terminateOnNaN();
 * await model.fit(x, y, { epochs: 10, callbacks: [guard] });
 * if (guard.stoppedAt) console.log(`NaN loss at epoch ${guard.stoppedAt.epoch}, batch ${guard.stoppedAt.batch}`);
 * ```
 */
export class TerminateOnNaN extends tf.Callback {
  /** Where training was stopped, or `null` if every loss was finite. */
  stoppedAt: NaNStop | null = null;
  /** The weights that gave the last finite loss. */
  private lastGood: tf.Tensor[] | null = null;
  /** The weights this batch starts from. */
  private candidate: tf.Tensor[] | null = null;
  private epoch = 0;

  /** Starts a run (freeing what a failed earlier run may have left). */
  override async onTrainBegin(): Promise<void> {
    this.stoppedAt = null;
    this.dispose();
    this.lastGood = snapshotWeights(this.model as tf.LayersModel);
  }

  /** Remembers the epoch. */
  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }

  /** Remembers the weights this batch's loss is computed with. */
  override async onBatchBegin(): Promise<void> {
    tf.dispose(this.candidate ?? []);
    this.candidate = snapshotWeights(this.model as tf.LayersModel);
  }

  /** Checks the loss: finite, its weights become the last good ones; else stop and restore them. */
  override async onBatchEnd(batch: number, logs?: tf.Logs): Promise<void> {
    const loss = logValue(logs, 'loss');
    if (loss === undefined || Number.isFinite(loss)) {
      if (this.candidate) {
        tf.dispose(this.lastGood ?? []);
        this.lastGood = this.candidate;
        this.candidate = null;
      }
      return;
    }
    const model = this.model as tf.LayersModel;
    model.stopTraining = true;
    if (this.lastGood) model.setWeights(this.lastGood);
    this.stoppedAt = { epoch: this.epoch, batch, loss };
  }

  /** Frees the snapshots. */
  override async onTrainEnd(): Promise<void> {
    this.dispose();
  }

  /**
   * Frees the weight snapshots: done at the end of a run; call it when `fit` threw (tfjs then
   * skips `onTrainEnd`) and the callback will not be used again.
   */
  dispose(): void {
    tf.dispose([...(this.lastGood ?? []), ...(this.candidate ?? [])]);
    this.lastGood = null;
    this.candidate = null;
  }
}

/**
 * A callback for `fit` and `fitDataset` that stops training at the first batch whose loss is NaN
 * or infinite and restores the weights that gave the last finite loss (tfjs' own callbacks only
 * stop). Keeps up to two copies of the weights alive while training.
 *
 * @example
 * ```ts
 * const guard = terminateOnNaN();
 * await model.fit(x, y, { epochs: 100, callbacks: [guard] });
 * if (guard.stoppedAt) console.log(`NaN at epoch ${guard.stoppedAt.epoch}; last good weights kept`);
 * ```
 */
export function terminateOnNaN(): TerminateOnNaN {
  return new TerminateOnNaN();
}
