import { flatten, type TensorLike } from './tensor-like.js';

/** Tolerances of {@link expectTensorsClose}: `|a - e| <= atol + rtol * |e|` element-wise. */
export interface CloseOptions {
  /** Absolute tolerance. @defaultValue `1e-4` (right for float32 against float64 references) */
  atol?: number;
  /** Relative tolerance. @defaultValue `0` */
  rtol?: number;
  /** Names the comparison in the failure message, e.g. `'GRU output'`. */
  label?: string;
}

/**
 * Asserts that two tensors (or arrays) have the same shape and close values, and otherwise
 * throws an error giving the largest difference and where it is.
 *
 * @example
 * ```ts
 * expectTensorsClose(layer.apply(x) as tf.Tensor, golden.expected.output, { atol: 1e-5 });
 * ```
 */
export function expectTensorsClose(
  actual: TensorLike,
  expected: TensorLike,
  options: CloseOptions = {},
): void {
  const { atol = 1e-4, rtol = 0, label = 'tensors' } = options;
  const a = flatten(actual);
  const e = flatten(expected);
  if (
    a.shape &&
    e.shape &&
    (a.shape.length !== e.shape.length || a.shape.some((d, i) => d !== e.shape?.[i]))
  ) {
    throw new Error(
      `${label}: shape [${a.shape.join(', ')}] differs from the expected [${e.shape.join(', ')}]`,
    );
  }
  if (a.values.length !== e.values.length) {
    throw new Error(
      `${label}: ${a.values.length} values differ in number from the expected ${e.values.length}`,
    );
  }
  let worst = -1;
  let worstExcess = 0;
  let failures = 0;
  for (let i = 0; i < a.values.length; i++) {
    const av = a.values[i] as number;
    const ev = e.values[i] as number;
    const bothNaN = Number.isNaN(av) && Number.isNaN(ev);
    const sameInfinity = av === ev;
    const excess = Math.abs(av - ev) - (atol + rtol * Math.abs(ev));
    if (!bothNaN && !sameInfinity && !(excess <= 0)) {
      failures++;
      if (worst < 0 || !(excess <= worstExcess)) {
        worst = i;
        worstExcess = Number.isNaN(excess) ? Number.POSITIVE_INFINITY : excess;
      }
    }
  }
  if (failures > 0) {
    const av = a.values[worst] as number;
    const ev = e.values[worst] as number;
    throw new Error(
      `${label}: ${failures} of ${a.values.length} values differ beyond atol=${atol}, rtol=${rtol}; ` +
        `the largest at flat index ${worst}: ${av} vs expected ${ev} (difference ${Math.abs(av - ev)})`,
    );
  }
}
