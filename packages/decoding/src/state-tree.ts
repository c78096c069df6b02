import { SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Every tensor in a state tree (arrays and plain objects are walked; other values are leaves). */
export function stateTensors(state: unknown, found = new Set<tf.Tensor>()): Set<tf.Tensor> {
  if (state instanceof tf.Tensor) found.add(state);
  else if (Array.isArray(state)) for (const item of state) stateTensors(item, found);
  else if (isPlainObject(state)) for (const item of Object.values(state)) stateTensors(item, found);
  return found;
}

/** Disposes the tensors of `old` (and `extra`) that `current` does not hold. */
export function releaseReplaced(old: unknown, current: unknown, extra: tf.Tensor[] = []): void {
  const keep = stateTensors(current);
  for (const t of [...stateTensors(old), ...extra]) if (!keep.has(t)) t.dispose();
}

/**
 * The state with every tensor's rows picked by `indices` (a gather along axis 0): how beam search
 * reorders and expands beams. The old state is left alone.
 *
 * @throws {@link SeqError} when a tensor in the state is not `[rows, ...]`.
 */
export function gatherState<S>(state: S, indices: tf.Tensor1D, rows: number, owner: string): S {
  const check = (value: unknown, path: string): void => {
    if (value instanceof tf.Tensor) {
      if (value.rank === 0 || value.shape[0] !== rows) {
        throw new SeqError({
          owner,
          argument: `state${path}`,
          expected: `a tensor [batch, ...] with batch = ${rows} (beam search reorders beams along axis 0 of every state tensor)`,
          received: value,
        });
      }
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) check(item, `${path}[${i}]`);
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) check(item, `${path}.${key}`);
    }
  };
  check(state, '');
  const gather = (value: unknown): unknown => {
    if (value instanceof tf.Tensor) return tf.gather(value, indices, 0);
    if (Array.isArray(value)) return value.map(gather);
    if (isPlainObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, gather(item)]));
    }
    return value;
  };
  return gather(state) as S;
}
