import { globalMap } from './global-map.js';

/** The counts, shared by every copy of this package in the process (as tfjs' own names are). */
const counts = () => globalMap<number>('@seq/core.uniqueLayerNames');

/**
 * A default layer name in Keras' style, unique in this process: `attention`, `attention_1`,
 * `attention_2`... Seq's layers name themselves with it, so that a model holding two of a kind
 * needs no names (tfjs refuses a model with two layers of one name).
 *
 * @param prefix - The layer kind in snake_case (`attention`, `gru_cell`).
 * @returns `prefix` the first time, then `prefix_1`, `prefix_2`...
 * @example
 * ```ts
 * uniqueLayerName('attention'); // 'attention', then 'attention_1'
 * ```
 */
export function uniqueLayerName(prefix: string): string {
  const n = counts().get(prefix) ?? 0;
  counts().set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}
