import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { SeqError } from '../seq-error.js';
import { assertBoolean, assertOneOf, assertPositiveInteger } from '../validation.js';
import { logValue, missingMonitor, monitorComparison } from '../weight-snapshot.js';
import { fileSystem } from './file-system.js';
import { writeFileAtomically } from './write-file-atomically.js';

const OWNER = 'modelCheckpoint';
const INDEX = 'checkpoints.json';
const FOLDER = /^(epoch|best)-\d{4,}$/;

/** One saved checkpoint. */
export interface CheckpointEntry {
  /** The epoch (from 0) after which it was saved: resume with `initialEpoch: epoch + 1`. */
  epoch: number;
  /** Its folder, relative to the checkpoint directory (`epoch-0003`, `best-0002`). */
  folder: string;
  /** The epoch's logs (loss, metrics), finite values only. */
  logs: Record<string, number>;
}

/** The best checkpoint: an entry with the monitored log and its value. */
export interface BestCheckpoint extends CheckpointEntry {
  /** The epoch log it was ranked by. */
  monitor: string;
  /** Its value at that epoch. */
  value: number;
}

/** What {@link loadCheckpoint} returns. */
export interface LoadedCheckpoint {
  /** The model, compiled with its optimizer state when it was saved with it. */
  model: tf.LayersModel;
  /** The epoch (from 0) after which it was saved. */
  epoch: number;
  /** That epoch's logs. */
  logs: Record<string, number>;
}

/** The index of a checkpoint directory, `checkpoints.json`. */
export interface CheckpointIndex {
  /** The newest checkpoint. */
  latest: CheckpointEntry | null;
  /** The checkpoint with the best monitored value, when `saveBest` is on. */
  best: BestCheckpoint | null;
  /** Every epoch checkpoint kept, oldest first (at most `keepLast`). */
  kept: CheckpointEntry[];
}

/** Options of {@link modelCheckpoint}. */
export interface ModelCheckpointOptions {
  /** The checkpoint directory (created if missing). */
  directory: string;
  /** How many of the newest epoch checkpoints to keep. @defaultValue `2` */
  keepLast?: number;
  /** Also keep the best epoch by `monitor`, in its own folder. @defaultValue `false` */
  saveBest?: boolean;
  /** The epoch log that ranks checkpoints for `saveBest`. @defaultValue `'val_loss'` */
  monitor?: string;
  /** `'min'`, `'max'`, or `'auto'` (max for accuracies, precision, recall, AUC). @defaultValue `'auto'` */
  mode?: 'auto' | 'min' | 'max';
  /** Save the optimizer's state too, so a resumed run continues exactly. @defaultValue `true` */
  includeOptimizer?: boolean;
}

async function writeIndexAtomically(directory: string, index: CheckpointIndex): Promise<void> {
  // One rename: readers see the old index or the new one.
  await writeFileAtomically(path.join(directory, INDEX), `${JSON.stringify(index, null, 2)}\n`);
}

function invalidIndex(directory: string, why: string, cause?: unknown): SeqError {
  return new SeqError({
    owner: 'readCheckpoints',
    argument: 'directory',
    expected: `a checkpoint directory with a valid ${INDEX}`,
    receivedDescription: `${directory}, whose index ${why}`,
    cause,
  });
}

function checkEntry(directory: string, entry: unknown): CheckpointEntry {
  const e = entry as Partial<CheckpointEntry> | null;
  if (
    e === null ||
    typeof e !== 'object' ||
    !Number.isInteger(e.epoch) ||
    (e.epoch as number) < 0 ||
    typeof e.folder !== 'string' ||
    !FOLDER.test(e.folder) ||
    typeof e.logs !== 'object' ||
    e.logs === null
  ) {
    throw invalidIndex(
      directory,
      `has an entry that is not {epoch, folder: epoch-NNNN or best-NNNN, logs}: ${JSON.stringify(entry)}`,
    );
  }
  return e as CheckpointEntry;
}

/**
 * Reads a checkpoint directory's index, checked: `null` when there is none yet.
 *
 * @throws {@link @seq/core!index.SeqError} when the index does not parse or names folders outside the directory.
 * @example
 * ```ts
 * const index = await readCheckpoints('./runs/char-rnn/checkpoints');
 * if (index?.latest) console.log(`resume after epoch ${index.latest.epoch}`);
 * ```
 */
export async function readCheckpoints(directory: string): Promise<CheckpointIndex | null> {
  let text: string;
  try {
    text = await fs.readFile(path.join(directory, INDEX), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let raw: Partial<CheckpointIndex>;
  try {
    raw = JSON.parse(text) as Partial<CheckpointIndex>;
  } catch (error) {
    throw invalidIndex(directory, 'does not parse', error);
  }
  if (raw === null || typeof raw !== 'object' || !Array.isArray(raw.kept)) {
    throw invalidIndex(directory, 'is not {latest, best, kept: [...]}');
  }
  const best = raw.best ?? null;
  if (best !== null && (typeof best.monitor !== 'string' || typeof best.value !== 'number')) {
    throw invalidIndex(directory, 'has a best entry without monitor and value');
  }
  return {
    latest: raw.latest == null ? null : checkEntry(directory, raw.latest),
    best:
      best === null
        ? null
        : { ...checkEntry(directory, best), monitor: best.monitor, value: best.value },
    kept: raw.kept.map((entry) => checkEntry(directory, entry)),
  };
}

/**
 * Loads the latest (or best) checkpoint of a directory written by {@link modelCheckpoint}, to
 * resume training (`initialEpoch: epoch + 1`) or to use the model. The model comes back compiled
 * with its optimizer state when it was saved with it. A model compiled with a loss or metric
 * function of your own comes back without it (tfjs saves them by name): compile it again with
 * them and `optimizer: model.optimizer`, which keeps the optimizer's state.
 *
 * @throws {@link @seq/core!index.SeqError} when the directory has no such checkpoint, or its index is invalid.
 * @example
 * ```ts
 * const { model, epoch } = await loadCheckpoint('./runs/char-rnn/checkpoints');
 * await model.fit(x, y, { initialEpoch: epoch + 1, epochs: 50, callbacks: [modelCheckpoint({ directory })] });
 * ```
 */
export async function loadCheckpoint(
  directory: string,
  which: 'latest' | 'best' = 'latest',
): Promise<LoadedCheckpoint> {
  assertOneOf('loadCheckpoint', 'which', which, ['latest', 'best'] as const);
  const index = await readCheckpoints(directory);
  const entry = index?.[which] ?? null;
  if (entry === null) {
    throw new SeqError({
      owner: 'loadCheckpoint',
      argument: 'directory',
      expected: `a checkpoint directory with a ${which} checkpoint`,
      receivedDescription: `${directory}, which has none`,
    });
  }
  const folder = path.join(directory, entry.folder);
  const stat = await fs.lstat(folder).catch(() => null);
  if (!stat?.isDirectory()) {
    throw new SeqError({
      owner: 'loadCheckpoint',
      argument: 'directory',
      expected: `a checkpoint folder ${entry.folder} that is a real folder inside it (not a link)`,
      receivedDescription: `${directory}, where it is ${stat ? 'a link or a file' : 'missing'}`,
    });
  }
  return { model: await loadWithTrainingConfig(folder), epoch: entry.epoch, logs: entry.logs };
}

/** Whether tfjs can compile with a metric of this name (probed on a model without weights). */
function tfjsKnowsMetric(name: unknown): boolean {
  if (typeof name !== 'string') return false;
  return tf.tidy(() => {
    const probe = tf.sequential({
      layers: [tf.layers.activation({ activation: 'linear', inputShape: [1] })],
    });
    const optimizer = tf.train.sgd(0.1);
    try {
      probe.compile({ optimizer, loss: 'meanSquaredError', metrics: [name] });
      return true;
    } catch {
      return false;
    } finally {
      probe.dispose();
      optimizer.dispose();
    }
  });
}

/**
 * Loads a saved model compiled as it was saved. tfjs saves losses and metrics by name and cannot
 * compile with a metric it does not know (a function of the user's): such metrics are left out,
 * and the model comes back compiled with its optimizer and the optimizer's state, for the caller
 * to compile again with its own functions.
 */
async function loadWithTrainingConfig(folder: string): Promise<tf.LayersModel> {
  const handler = fileSystem(folder);
  const artifacts = await (handler.load as NonNullable<tf.io.IOHandler['load']>)();
  const training = artifacts.trainingConfig;
  if (training?.metrics != null) {
    const known = (list: unknown) => (Array.isArray(list) ? list.filter(tfjsKnowsMetric) : []);
    const metrics = Array.isArray(training.metrics)
      ? known(training.metrics)
      : Object.fromEntries(Object.entries(training.metrics).map(([k, v]) => [k, known(v)]));
    artifacts.trainingConfig = { ...training, metrics } as tf.io.TrainingConfig;
  }
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}

/**
 * `model.save` into `folder`. With the optimizer, tfjs 4.22 saves a scalar it creates for the step
 * count (Adam's `iter`) and never disposes it, one tensor leaked per save: the optimizer's
 * `getWeights` is watched during the save and the tensors it made that are not its variables are
 * disposed afterwards.
 */
async function saveModel(
  model: tf.LayersModel,
  folder: string,
  includeOptimizer: boolean,
): Promise<void> {
  const optimizer = model.optimizer;
  if (!includeOptimizer || !optimizer) {
    await model.save(fileSystem(folder), { includeOptimizer });
    return;
  }
  const created: tf.Tensor[] = [];
  const own = Object.hasOwn(optimizer, 'getWeights');
  const getWeights = optimizer.getWeights;
  optimizer.getWeights = async function watched(this: tf.Optimizer) {
    const weights = await getWeights.call(this);
    for (const { tensor } of weights) if (!(tensor instanceof tf.Variable)) created.push(tensor);
    return weights;
  };
  try {
    await model.save(fileSystem(folder), { includeOptimizer });
  } finally {
    if (own) optimizer.getWeights = getWeights;
    else delete (optimizer as { getWeights?: unknown }).getWeights;
    tf.dispose(created);
  }
}

/**
 * The callback of {@link modelCheckpoint}; `index` is the directory's index after the last save.
 *
 * @example
 * ```ts
 * const checkpoints = modelCheckpoint({ directory: './runs/forecast/checkpoints' });
 * await model.fit(x, y, { epochs: 10, callbacks: [checkpoints] });
 * console.log(checkpoints.index.latest?.epoch); // the last epoch saved
 * ```
 */
export class ModelCheckpoint extends tf.Callback {
  /** The index as last written. */
  index: CheckpointIndex = { latest: null, best: null, kept: [] };
  private readonly better: (current: number, reference: number) => boolean;

  /** @throws {@link @seq/core!index.SeqError} for bad options (see {@link modelCheckpoint}). */
  constructor(private readonly options: Required<ModelCheckpointOptions>) {
    super();
    this.better = monitorComparison(options.monitor, options.mode).better;
  }

  /** Picks up an existing index, so that a resumed run keeps counting; removes stale temporary files. */
  override async onTrainBegin(): Promise<void> {
    const { directory, monitor } = this.options;
    await fs.mkdir(directory, { recursive: true });
    for (const file of await fs.readdir(directory)) {
      if (file.startsWith(`${INDEX}.`) && file.endsWith('.tmp'))
        await fs.rm(path.join(directory, file), { force: true });
    }
    this.index = (await readCheckpoints(directory)) ?? { latest: null, best: null, kept: [] };
    // A best ranked by another log cannot be compared with this run's.
    if (this.index.best && this.index.best.monitor !== monitor)
      this.index = { ...this.index, best: null };
  }

  /** Saves the epoch's checkpoint, updates the index atomically, then removes what it no longer lists. */
  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    const { directory, keepLast, saveBest, monitor, includeOptimizer } = this.options;
    const model = this.model as tf.LayersModel;
    const values: Record<string, number> = {};
    for (const key of Object.keys(logs ?? {})) {
      const v = logValue(logs, key);
      if (v !== undefined && Number.isFinite(v)) values[key] = v; // JSON has no NaN or Infinity
    }
    const name = String(epoch).padStart(4, '0');
    const entry: CheckpointEntry = { epoch, folder: `epoch-${name}`, logs: values };
    await saveModel(model, path.join(directory, entry.folder), includeOptimizer);
    const next: CheckpointIndex = {
      latest: entry,
      best: this.index.best,
      kept: [...this.index.kept.filter((e) => e.epoch !== epoch), entry].slice(-keepLast),
    };
    const raw = logValue(logs, monitor);
    // A run stopped mid-epoch (terminateOnNaN) has no validation logs for that epoch.
    if (saveBest && !(raw === undefined && model.stopTraining)) {
      const value = values[monitor];
      if (raw === undefined) {
        throw missingMonitor(OWNER, monitor, values);
      }
      // A non-finite value is never the best.
      if (
        value !== undefined &&
        (this.index.best === null || this.better(value, this.index.best.value))
      ) {
        const best = { epoch, folder: `best-${name}`, logs: values, monitor, value };
        await saveModel(model, path.join(directory, best.folder), includeOptimizer);
        next.best = best;
      }
    }
    await writeIndexAtomically(directory, next);
    this.index = next;
    // Only now, with the new index in place, remove the folders it no longer lists.
    const listed = new Set([...next.kept.map((e) => e.folder), next.best?.folder].filter(Boolean));
    for (const folder of await fs.readdir(directory)) {
      if (FOLDER.test(folder) && !listed.has(folder)) {
        await fs.rm(path.join(directory, folder), { recursive: true, force: true });
      }
    }
  }
}

/**
 * A callback for `fit` and `fitDataset` that saves the model after every epoch into a checkpoint
 * directory, in Node: each checkpoint in its own folder (`epoch-0003/`, written atomically by
 * {@link fileSystem}), the newest `keepLast` kept, the best by `monitor` kept apart with
 * `saveBest`, and an index, `checkpoints.json`, replaced in one rename after each save. A crash
 * at any point leaves an index that names complete checkpoints only. Resume with
 * {@link loadCheckpoint} and `initialEpoch: epoch + 1`; the callback picks up the existing index.
 *
 * @throws {@link @seq/core!index.SeqError} for bad options; during training, for a `monitor` not in the logs when
 *   `saveBest` is on.
 * @example
 * ```ts
 * const directory = './runs/char-rnn/checkpoints';
 * await model.fit(x, y, { epochs: 20, callbacks: [modelCheckpoint({ directory, keepLast: 3 })] });
 * ```
 */
export function modelCheckpoint(options: ModelCheckpointOptions): ModelCheckpoint {
  if (
    options === null ||
    typeof options !== 'object' ||
    typeof options.directory !== 'string' ||
    options.directory.length === 0
  ) {
    throw new SeqError({
      owner: OWNER,
      argument: 'directory',
      expected: 'a folder path',
      received: options?.directory,
    });
  }
  const monitor = options.monitor ?? 'val_loss';
  if (typeof monitor !== 'string' || monitor.length === 0) {
    throw new SeqError({
      owner: OWNER,
      argument: 'monitor',
      expected: 'the name of an epoch log',
      received: monitor,
    });
  }
  return new ModelCheckpoint({
    directory: options.directory,
    keepLast: assertPositiveInteger(OWNER, 'keepLast', options.keepLast ?? 2),
    saveBest: assertBoolean(OWNER, 'saveBest', options.saveBest ?? false),
    monitor,
    mode: assertOneOf(OWNER, 'mode', options.mode ?? 'auto', ['auto', 'min', 'max'] as const),
    includeOptimizer: assertBoolean(OWNER, 'includeOptimizer', options.includeOptimizer ?? true),
  });
}
