/**
 * Every window of `size` consecutive notes followed by the next note, as the tutorial's
 * `seq2dataset` makes them: `sequence.length - size` rows of `size + 1` indices, the last one the
 * target.
 */
export function noteWindows(sequence: readonly number[], size: number): number[][] {
  const rows: number[][] = [];
  for (let start = 0; start + size < sequence.length; start++) {
    rows.push(sequence.slice(start, start + size + 1));
  }
  return rows;
}

/**
 * The best training accuracy any model that sees only the window can reach: windows that occur
 * several times with different next notes can be right only for the most frequent next note.
 */
export function windowAccuracyBound(rows: readonly number[][]): number {
  const nextByWindow = new Map<string, Map<number, number>>();
  for (const row of rows) {
    const key = row.slice(0, -1).join(' ');
    const next = row[row.length - 1] as number;
    const counts = nextByWindow.get(key) ?? new Map<number, number>();
    counts.set(next, (counts.get(next) ?? 0) + 1);
    nextByWindow.set(key, counts);
  }
  let best = 0;
  for (const counts of nextByWindow.values()) best += Math.max(...counts.values());
  return rows.length === 0 ? 1 : best / rows.length;
}
