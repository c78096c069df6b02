import * as tf from '@tensorflow/tfjs';
import { batchOrder } from './batch-order.js';

/** Inputs or targets: one tensor, or one per model input, each `[rows, ...]`. */
export type Rows = tf.Tensor | tf.Tensor[];

/** Options of {@link trainInPage}. */
export interface TrainInPageOptions {
  /** The inputs, `[rows, ...]` (a list for a model with several inputs). */
  x: Rows;
  /** The targets, `[rows, ...]`; they may differ in shape from the output (masked losses). */
  y: tf.Tensor;
  /** Validation inputs and targets, scored after every epoch. */
  validation?: [Rows, tf.Tensor];
  epochs: number;
  batchSize: number;
  /** Seeds the order of the rows in each epoch. */
  seed: number;
  /** Called after every batch with its loss, before the page gets a frame to repaint. */
  onBatch?: (epoch: number, batch: number, loss: number) => void;
  /** Called after every epoch with its mean training loss and the validation loss (or `null`). */
  onEpoch?: (epoch: number, loss: number, validationLoss: number | null) => void;
  /** Checked between batches: training stops after the current batch once it returns true. */
  shouldStop?: () => boolean;
}

/** One epoch of {@link trainInPage}. */
export interface EpochLoss {
  epoch: number;
  loss: number;
  validationLoss: number | null;
}

function take(rows: Rows, indices: tf.Tensor1D): Rows {
  return Array.isArray(rows) ? rows.map((t) => tf.gather(t, indices)) : tf.gather(rows, indices);
}

function rowCount(rows: Rows): number {
  return (Array.isArray(rows) ? (rows[0] as tf.Tensor) : rows).shape[0] as number;
}

/**
 * Trains a compiled model without freezing the page: `fitDataset` over shuffled batches, and after
 * every batch `tf.nextFrame()`, so the browser repaints (the loss chart moves) and the buttons
 * respond. Targets may differ in shape from the model's output, as the masked sequence losses of
 * `@seq/layers` need (`fitDataset` does not check them).
 *
 * @returns the losses of the epochs that ran.
 */
export async function trainInPage(
  model: tf.LayersModel,
  options: TrainInPageOptions,
): Promise<EpochLoss[]> {
  const { x, y, epochs, batchSize, seed } = options;
  const rows = rowCount(x);
  let epoch = 0;
  const batches = (inputs: Rows, targets: tf.Tensor, order: () => number[][]) =>
    tf.data.generator(function* () {
      for (const batch of order()) {
        const indices = tf.tensor1d(batch, 'int32');
        yield { xs: take(inputs, indices), ys: tf.gather(targets, indices) };
        indices.dispose();
      }
    } as () => Iterator<tf.TensorContainer>);
  const training = batches(x, y, () => batchOrder(rows, batchSize, seed, epoch));
  const validation = options.validation
    ? batches(options.validation[0], options.validation[1], () =>
        batchOrder(rowCount(options.validation?.[0] as Rows), batchSize, seed, 0),
      )
    : undefined;
  const history: EpochLoss[] = [];
  const stop = () => {
    if (options.shouldStop?.()) model.stopTraining = true;
  };
  await model.fitDataset(training, {
    epochs,
    ...(validation ? { validationData: validation } : {}),
    verbose: 0,
    callbacks: {
      onBatchEnd: async (batch, logs) => {
        options.onBatch?.(epoch, batch, logs?.loss ?? Number.NaN);
        stop();
        await tf.nextFrame();
      },
      onEpochEnd: async (done, logs) => {
        const entry = {
          epoch: done,
          loss: logs?.loss ?? Number.NaN,
          validationLoss: logs?.val_loss ?? null,
        };
        history.push(entry);
        options.onEpoch?.(entry.epoch, entry.loss, entry.validationLoss);
        epoch = done + 1;
        stop();
        await tf.nextFrame();
      },
    },
  });
  return history;
}
