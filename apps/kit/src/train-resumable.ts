import * as path from 'node:path';
import { SeededRandom, terminateOnNaN } from '@seq/core';
import { loadCheckpoint, modelCheckpoint, readCheckpoints } from '@seq/core/node';
import * as tf from '@tensorflow/tfjs';
import { disposeModel } from './dispose-model.js';
import type { Interrupt } from './interrupt.js';
import { readJson, writeJson } from './run-folder.js';
import { ExitError, INTERRUPTED_EXIT_CODE } from './run-main.js';
import { TrainingProgress } from './training-progress.js';

/** One epoch's logs: `loss`, `val_loss` and any metrics. */
export type EpochLogs = Record<string, number>;

/** Options of {@link trainResumable}. */
export interface TrainResumableOptions {
  /** Name shown in the progress output and in messages. */
  label: string;
  /** Builds and compiles a fresh model; not called when a checkpoint is resumed. */
  build: () => tf.LayersModel;
  /** Training inputs and targets (`[batch, ...]`). */
  x: tf.Tensor | tf.Tensor[];
  y: tf.Tensor | tf.Tensor[];
  /** Validation inputs and targets, evaluated after each epoch. */
  validation?: [tf.Tensor | tf.Tensor[], tf.Tensor | tf.Tensor[]];
  epochs: number;
  batchSize: number;
  /** Seed of the order of the examples in each epoch (a fresh permutation per epoch). */
  seed: number;
  /** Shuffle each epoch (off for stateful models). @defaultValue `true` */
  shuffle?: boolean;
  /** Checkpoint folder of this model: a checkpoint per epoch and `history.json`. */
  directory: string;
  /** Ctrl-C handling; without it, training cannot be interrupted cleanly. */
  interrupt?: Interrupt;
  /** How to resume, for the message printed when interrupted. */
  resumeHint?: string;
  /**
   * Train on a `tf.data` pipeline of the same batches (`model.fitDataset`), which lets targets
   * differ in shape from the model's output, as `@seq/layers`' masked sequence losses need
   * (`[batch, time]` ids for `[batch, time, vocabulary]` logits). @defaultValue `false`
   */
  useDataset?: boolean;
  /**
   * Compiles a resumed model again: tfjs saves a loss by name, so a model compiled with a loss
   * function comes back without it. Pass `model.optimizer` to keep the optimizer's state.
   */
  recompile?: (model: tf.LayersModel) => void;
  /** Called before each epoch (for example to reset a stateful model's states). */
  onEpochBegin?: (model: tf.LayersModel, epoch: number) => void;
}

/** What {@link trainResumable} returns. */
export interface TrainResumableResult {
  model: tf.LayersModel;
  /** Every epoch's logs, from the first epoch (across resumptions). */
  history: EpochLogs[];
  /** The epoch training resumed after, or `null` for a fresh start. */
  resumedAfter: number | null;
  /** Seconds spent training in this process. */
  seconds: number;
}

function rowsOf(t: tf.Tensor | tf.Tensor[]): number {
  return (Array.isArray(t) ? (t[0] as tf.Tensor) : t).shape[0] as number;
}

function gatherRows(t: tf.Tensor | tf.Tensor[], order: tf.Tensor1D): tf.Tensor | tf.Tensor[] {
  return Array.isArray(t) ? t.map((part) => tf.gather(part, order)) : tf.gather(t, order);
}

/** The rows `[start, start + size)` of each tensor. */
function sliceRows(
  t: tf.Tensor | tf.Tensor[],
  start: number,
  size: number,
): tf.Tensor | tf.Tensor[] {
  const one = (part: tf.Tensor) =>
    tf.slice(part, start, Math.min(size, (part.shape[0] as number) - start));
  return Array.isArray(t) ? t.map(one) : one(t);
}

/** The batches of `x` and `y` in order, as a dataset `fitDataset` takes (it disposes each batch). */
function batchDataset(
  x: tf.Tensor | tf.Tensor[],
  y: tf.Tensor | tf.Tensor[],
  batchSize: number,
): tf.data.Dataset<tf.TensorContainer> {
  const rows = rowsOf(x);
  return tf.data.generator(function* () {
    for (let start = 0; start < rows; start += batchSize) {
      yield { xs: sliceRows(x, start, batchSize), ys: sliceRows(y, start, batchSize) };
    }
  } as () => Iterator<tf.TensorContainer>);
}

function finiteLogs(logs: tf.Logs | undefined): EpochLogs {
  const out: EpochLogs = {};
  for (const [key, value] of Object.entries(logs ?? {})) {
    if (typeof value === 'number') out[key] = value;
  }
  return out;
}

/**
 * Sets the optimizer's state from its own saved weights, as loading a checkpoint does. A resumed
 * run's optimizer is restored with `setWeights`, which recomputes some of its state (Adam's
 * `beta^t` from the step count, where a running optimizer multiplies it step by step, a difference
 * in the last bits); doing the same after every epoch makes a run that was never stopped
 * bit-identical to one resumed from any of its checkpoints.
 */
async function reloadOptimizerState(model: tf.LayersModel): Promise<void> {
  const optimizer = model.optimizer;
  if (!optimizer) return;
  const saved = await optimizer.getWeights();
  await optimizer.setWeights(saved);
  // setWeights copies the values into new variables; getWeights makes a fresh step-count scalar.
  // Everything but the optimizer's current variables goes.
  const current = await optimizer.getWeights();
  const kept = new Set<tf.Tensor>(
    current.map((w) => w.tensor).filter((t) => t instanceof tf.Variable),
  );
  tf.dispose([...saved, ...current].map((w) => w.tensor).filter((t) => !kept.has(t)));
}

/**
 * Trains a model for `epochs` epochs so that nothing is lost and an interrupted run continues
 * exactly: after every epoch the model and its optimizer state are checkpointed atomically
 * (`modelCheckpoint`), with the history beside them; each epoch visits the examples in an order
 * drawn from `seed` and the epoch number, so a resumed run sees the same batches as an
 * uninterrupted one and reaches the same weights. When `directory` holds a checkpoint, training
 * resumes after it (a finished run trains nothing). A NaN or infinite loss stops the run with an
 * `ExitError` and keeps the last good checkpoint; Ctrl-C (through `interrupt`) stops it after the
 * current epoch's checkpoint.
 */
export async function trainResumable(
  options: TrainResumableOptions,
): Promise<TrainResumableResult> {
  const { label, epochs, batchSize, seed, directory } = options;
  const shuffle = options.shuffle ?? true;
  const historyFile = path.join(directory, 'history.json');
  const index = await readCheckpoints(directory);
  let model: tf.LayersModel;
  let history: EpochLogs[] = [];
  let resumedAfter: number | null = null;
  if (index?.latest) {
    const loaded = await loadCheckpoint(directory);
    model = loaded.model;
    try {
      options.recompile?.(model);
    } catch (error) {
      disposeModel(model);
      throw error;
    }
    resumedAfter = loaded.epoch;
    // The history may lag the index by one epoch if a run stopped between the two writes.
    history = ((await readJson<EpochLogs[]>(historyFile)) ?? []).slice(0, loaded.epoch + 1);
    while (history.length < loaded.epoch + 1) history.push(loaded.logs);
    history[loaded.epoch] = loaded.logs;
  } else {
    model = options.build();
  }
  const first = resumedAfter === null ? 0 : resumedAfter + 1;
  const rows = rowsOf(options.x);
  const batches = Math.ceil(rows / batchSize);
  const checkpoint = modelCheckpoint({ directory, keepLast: 1 });
  checkpoint.setModel(model);
  await checkpoint.onTrainBegin();
  const progress = new TrainingProgress(label, epochs, batches, first);
  const started = Date.now();
  progress.start();
  try {
    for (let epoch = first; epoch < epochs; epoch++) {
      options.onEpochBegin?.(model, epoch);
      const order = shuffle ? new SeededRandom(`${seed}/epoch ${epoch}`).permutation(rows) : null;
      const indices = order ? tf.tensor1d(order, 'int32') : null;
      const x = indices ? gatherRows(options.x, indices) : options.x;
      const y = indices ? gatherRows(options.y, indices) : options.y;
      const nanGuard = terminateOnNaN();
      let logs: tf.Logs | undefined;
      try {
        const callbacks = [
          nanGuard,
          new tf.CustomCallback({
            onBatchEnd: async (batch: number, batchLogs?: tf.Logs) =>
              progress.batch(epoch, batch, batchLogs),
            onEpochEnd: async (_: number, epochLogs?: tf.Logs) => {
              logs = epochLogs;
            },
          }),
        ];
        if (options.useDataset) {
          const validation = options.validation;
          await model.fitDataset(batchDataset(x, y, batchSize), {
            epochs: epoch + 1,
            initialEpoch: epoch,
            batchesPerEpoch: batches,
            ...(validation
              ? { validationData: batchDataset(validation[0], validation[1], batchSize) }
              : {}),
            verbose: 0,
            callbacks,
          });
        } else {
          await model.fit(x, y, {
            epochs: epoch + 1,
            initialEpoch: epoch,
            batchSize,
            shuffle: false,
            validationData: options.validation,
            verbose: 0,
            callbacks,
          });
        }
      } finally {
        nanGuard.dispose();
        if (indices) tf.dispose([indices, x, y] as tf.Tensor[]);
      }
      if (nanGuard.stoppedAt) {
        const { batch, loss } = nanGuard.stoppedAt;
        throw new ExitError(
          `${label}: the loss became ${loss} at epoch ${epoch + 1}, batch ${batch + 1}; training stopped, ` +
            `the last good checkpoint ${epoch === 0 ? 'is none (it diverged in the first epoch)' : `is epoch ${epoch} in ${directory}`}. ` +
            'Try a lower learning rate.',
          1,
        );
      }
      const epochLogs = finiteLogs(logs);
      await checkpoint.onEpochEnd(epoch, epochLogs);
      await reloadOptimizerState(model);
      history.push(epochLogs);
      await writeJson(historyFile, history);
      progress.epoch(epoch, epochLogs);
      if (options.interrupt?.requested && epoch < epochs - 1) {
        throw new ExitError(
          `interrupted after epoch ${epoch + 1} of ${label}, which is saved; ${options.resumeHint ?? 'run again to resume'}`,
          INTERRUPTED_EXIT_CODE,
        );
      }
    }
  } catch (error) {
    disposeModel(model);
    throw error;
  } finally {
    progress.stop();
  }
  return { model, history, resumedAfter, seconds: (Date.now() - started) / 1000 };
}
