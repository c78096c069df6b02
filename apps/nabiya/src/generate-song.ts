import type { PredictNext } from './note-predictor.js';

/**
 * Plays a song back from its first notes: predicts the next note from the last `window` notes,
 * appends it and repeats (each prediction fed back as an input) until the song has `length`
 * notes. With a stateful model, the windows come in the order the model was trained on them.
 */
export function generateSong(
  predictNext: PredictNext,
  seed: readonly number[],
  length: number,
  window: number,
): number[] {
  if (seed.length < window) {
    throw new RangeError(`the seed needs at least ${window} notes; received ${seed.length}`);
  }
  const song = [...seed];
  while (song.length < length) song.push(predictNext(song.slice(song.length - window)));
  return song;
}

/**
 * Predicts the next note of every training window in order, from the true notes (one step
 * ahead), and returns the predictions.
 */
export function predictWindows(predictNext: PredictNext, rows: readonly number[][]): number[] {
  return rows.map((row) => predictNext(row.slice(0, -1)));
}

/** The fraction of `predicted` equal to `actual`, position by position. */
export function accuracy(predicted: readonly number[], actual: readonly number[]): number {
  if (predicted.length === 0) return 0;
  let correct = 0;
  predicted.forEach((value, i) => {
    if (value === actual[i]) correct++;
  });
  return correct / predicted.length;
}
