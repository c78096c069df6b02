/** Training windows of a character model: ids and the next ids, row after row. */
export interface CharWindows {
  /** `[count, length]` ids. */
  x: Int32Array;
  /** `[count, length]` the ids one step later (float32, as tfjs' sparse cross-entropy wants them). */
  y: Float32Array;
  count: number;
  length: number;
}

/**
 * Windows of `length` ids every `stride` ids, each with its targets one step later (the book's
 * char-RNN windows, as the char-rnn app cuts them).
 */
export function charWindows(ids: ArrayLike<number>, length: number, stride: number): CharWindows {
  const starts: number[] = [];
  for (let s = 0; s + length + 1 <= ids.length; s += stride) starts.push(s);
  const x = new Int32Array(starts.length * length);
  const y = new Float32Array(starts.length * length);
  starts.forEach((s, i) => {
    for (let t = 0; t < length; t++) {
      x[i * length + t] = ids[s + t] as number;
      y[i * length + t] = ids[s + t + 1] as number;
    }
  });
  return { x, y, count: starts.length, length };
}
