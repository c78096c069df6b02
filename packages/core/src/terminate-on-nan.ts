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
 * infinite and puts back the weights of the last batch that was finite, so the model is usable
 * and can be saved. `stoppedAt` says where it happened.
 */
export class TerminateOnNaN extends tf.Callback {
  /** Where training was stopped, or `null` if every loss was finite. */
  stoppedAt: NaNStop | null = null;
  private lastGood: tf.Tensor[] | null = null;
  private epoch = 0;

  /** Takes the first snapshot. */
  override async onTrainBegin(): Promise<void> {
    this.stoppedAt = null;
    this.replaceSnapshot();
  }

  /** Remembers the epoch. */
  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }

  /** Checks the loss; stops and restores, or remembers these weights as good. */
  override async onBatchEnd(batch: number, logs?: tf.Logs): Promise<void> {
    const loss = logValue(logs, 'loss');
    if (loss === undefined || Number.isFinite(loss)) {
      this.replaceSnapshot();
      return;
    }
    const model = this.model as tf.LayersModel;
    model.stopTraining = true;
    if (this.lastGood) model.setWeights(this.lastGood);
    this.stoppedAt = { epoch: this.epoch, batch, loss };
  }

  /** Releases the snapshot. */
  override async onTrainEnd(): Promise<void> {
    tf.dispose(this.lastGood ?? []);
    this.lastGood = null;
  }

  private replaceSnapshot(): void {
    tf.dispose(this.lastGood ?? []);
    this.lastGood = snapshotWeights(this.model as tf.LayersModel);
  }
}

/**
 * A callback for `fit` and `fitDataset` that stops training at the first batch whose loss is NaN
 * or infinite and restores the weights of the last finite batch (tfjs' own callbacks only stop).
 * Keeps one copy of the weights alive while training.
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
