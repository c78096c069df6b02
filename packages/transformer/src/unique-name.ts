const counts = new Map<string, number>();

/**
 * A default layer name in Keras' style, unique in this process: `conv1d`, `conv1d_1`, `conv1d_2`...
 * @internal
 */
export function uniqueName(prefix: string): string {
  const n = counts.get(prefix) ?? 0;
  counts.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}
