import { ENCODINGS, type Encoding, MODEL_NAMES, type ModelName } from './nabiya-model.js';

/** Everything a run depends on; saved as `config.json` and read back by `--resume`. */
export interface NabiyaOptions {
  model: ModelName;
  encoding: Encoding;
  units: number;
  /** Notes in each input window (4 in the tutorial). */
  window: number;
  epochs: number;
  /** Windows per batch (1 for the stateful model). */
  batchSize: number;
  learningRate: number;
  seed: number;
}

/**
 * Whether `value` (a parsed `config.json`) is a run's options: every field there, of its type and
 * in its range.
 */
export function isNabiyaOptions(value: unknown): value is NabiyaOptions {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const integer = (x: unknown, min: number) => Number.isInteger(x) && (x as number) >= min;
  return (
    MODEL_NAMES.includes(v.model as ModelName) &&
    ENCODINGS.includes(v.encoding as Encoding) &&
    integer(v.units, 1) &&
    integer(v.window, 1) &&
    integer(v.epochs, 1) &&
    integer(v.batchSize, 1) &&
    integer(v.seed, 0) &&
    typeof v.learningRate === 'number' &&
    v.learningRate > 0
  );
}
