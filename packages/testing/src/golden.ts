import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';

/** One tensor of a golden file: its shape and its values, row-major. */
export interface GoldenTensor {
  shape: number[];
  data: number[];
}

/**
 * One reference case, as the files in `shared/golden` hold them: a config, named inputs, the
 * weights in Keras order, the expected named outputs and the tolerance.
 */
export interface GoldenCase {
  description: string;
  config: Record<string, unknown>;
  inputs: Record<string, GoldenTensor>;
  weights: GoldenTensor[];
  /** Expected results: mostly {@link GoldenTensor}s, sometimes other JSON (token lists, scores). */
  expected: Record<string, unknown>;
  tolerance: number;
}

function checkTensor(file: string, where: string, value: unknown): GoldenTensor {
  const t = value as GoldenTensor;
  if (
    typeof t !== 'object' ||
    t === null ||
    !Array.isArray(t.shape) ||
    !Array.isArray(t.data) ||
    t.data.length !== t.shape.reduce((a, b) => a * b, 1)
  ) {
    throw new Error(`golden ${file}: ${where} must be {shape, data} with data of the shape's size`);
  }
  return t;
}

/**
 * Reads a golden case from a fixture file (copied from `shared/golden` into the package's
 * `test/fixtures`), checking its format.
 *
 * @example
 * ```ts
 * const golden = readGolden(new URL('../test/fixtures/gru_reset_after.json', import.meta.url));
 * ```
 */
export function readGolden(file: string | URL): GoldenCase {
  const name = String(file);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<GoldenCase>;
  for (const key of ['config', 'inputs', 'expected'] as const) {
    if (typeof raw[key] !== 'object' || raw[key] === null) {
      throw new Error(`golden ${name}: missing "${key}"`);
    }
  }
  const inputs = raw.inputs as Record<string, unknown>;
  return {
    description: raw.description ?? '',
    config: raw.config as Record<string, unknown>,
    inputs: Object.fromEntries(
      Object.entries(inputs).map(([k, v]) => [k, checkTensor(name, `inputs.${k}`, v)]),
    ),
    weights: (raw.weights ?? []).map((w, i) => checkTensor(name, `weights[${i}]`, w)),
    expected: raw.expected as Record<string, unknown>,
    tolerance: typeof raw.tolerance === 'number' ? raw.tolerance : 1e-4,
  };
}

/**
 * Makes a tensor from a golden entry (the caller disposes it).
 *
 * @example
 * ```ts
 * const x = goldenTensor(golden.inputs.x);
 * ```
 */
export function goldenTensor(entry: unknown, dtype: 'float32' | 'int32' = 'float32'): tf.Tensor {
  const t = checkTensor('entry', 'goldenTensor(entry)', entry);
  return tf.tensor(t.data, t.shape, dtype);
}
