import * as tf from '@tensorflow/tfjs';

/** Every tensor inside a value: itself, or those in its arrays and plain objects. */
export function collectTensors(value: unknown, found = new Set<tf.Tensor>()): Set<tf.Tensor> {
  if (value instanceof tf.Tensor) {
    found.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectTensors(item, found);
  } else if (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    for (const item of Object.values(value)) collectTensors(item, found);
  }
  return found;
}

/**
 * Runs `fn` and asserts that it left no tensors behind beyond those it returned (found in its
 * result, arrays and plain objects included), which are then disposed. Works with sync and async
 * functions.
 *
 * @param label - Names the call in the failure message.
 * @example
 * ```ts
 * await expectNoLeakedTensors('GRU forward', () => layer.apply(x));
 * ```
 */
export async function expectNoLeakedTensors(label: string, fn: () => unknown): Promise<void> {
  const marker = tf.scalar(0);
  const firstNewId = marker.id + 1; // tensor ids only grow: anything made by fn has a larger one
  marker.dispose();
  const before = tf.memory().numTensors;
  const result = await fn();
  // Only tensors fn made count as its outputs: one it was given and handed back is not disposed.
  const outputs = new Set([...collectTensors(result)].filter((t) => t.id >= firstNewId));
  const after = tf.memory().numTensors;
  tf.dispose([...outputs]);
  const leaked = after - before - outputs.size;
  if (leaked !== 0) {
    throw new Error(
      `${label}: ${leaked > 0 ? `leaked ${leaked}` : `disposed ${-leaked} more than it made of`} tensor(s) ` +
        `(${before} before, ${after} after, ${outputs.size} returned)`,
    );
  }
}
