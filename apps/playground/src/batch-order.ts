import { SeededRandom } from '@seq/core';

/**
 * The row indices of each batch of one epoch: a seeded shuffle of `rows` rows (epoch `epoch` of
 * seed `seed` is always the same order), cut into batches of `batchSize` (the last may be
 * smaller).
 */
export function batchOrder(
  rows: number,
  batchSize: number,
  seed: number,
  epoch: number,
): number[][] {
  const order = new SeededRandom(`${seed}/epoch-${epoch}`).permutation(rows);
  const batches: number[][] = [];
  for (let start = 0; start < rows; start += batchSize) {
    batches.push(order.slice(start, start + batchSize));
  }
  return batches;
}
