import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeededRandom } from '@seq/core';
import { datasets } from '@seq/data';
import { generateDatePairs } from './date-pairs.js';
import type { Pair } from './translation-data.js';

/** The datasets `--dataset` picks. */
export const DATASETS = ['dates', 'fra-eng'] as const;

/** One of {@link DATASETS}. */
export type DatasetName = (typeof DATASETS)[number];

/** The repository's `../shared/data/fra-eng` copy, when this checkout has one. */
function sharedCopy(): string | undefined {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const file = path.join(root, '..', 'shared', 'data', 'fra-eng', 'fra_train.txt');
  return existsSync(file) ? file : undefined;
}

/**
 * The pairs of a run: `count` generated dates (seeded), or English-French pairs from `file` (a
 * manythings.org `fra.txt` or its zip; by default the shared copy, else downloaded once), `count`
 * of them drawn at random with the seed (0: all). Also says where they came from.
 */
export async function loadPairs(
  dataset: DatasetName,
  count: number,
  seed: number,
  file?: string,
): Promise<{ pairs: Pair[]; source: string }> {
  if (dataset === 'dates') {
    return {
      pairs: generateDatePairs(count, seed),
      source: `${count} generated dates (seed ${seed})`,
    };
  }
  const local = file ?? sharedCopy();
  const all = await datasets.loadSentencePairs(local ? { path: local } : {});
  // A seeded sample, not the first lines: manythings.org's files are sorted by length.
  const chosen =
    count > 0 && count < all.length
      ? new SeededRandom(`pairs/${seed}`)
          .permutation(all.length)
          .slice(0, count)
          .sort((a, b) => a - b)
          .map((i) => all[i] as (typeof all)[number])
      : all;
  const pairs = chosen.map(({ source, target }) => ({ source, target }));
  return {
    pairs,
    source: `${pairs.length} English-French pairs from ${local ?? 'manythings.org (downloaded)'}`,
  };
}
