import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasets } from '@seq/data';

/** The data sets of `--dataset`. */
export const DATASET_KINDS = ['imdb', 'nsmc', 'csv'] as const;
/** One of {@link DATASET_KINDS}. */
export type DatasetKind = (typeof DATASET_KINDS)[number];

/** Reviews and their labels (0 = negative, 1 = positive). */
export interface Reviews {
  texts: string[];
  labels: number[];
  /** Where they came from, for the report. */
  source: string;
}

/** What {@link loadReviews} reads. */
export interface LoadReviewsOptions {
  dataset: DatasetKind;
  /** A local file (required for `csv`); else the shared copy, else a download. */
  data?: string;
  /** Columns of a CSV. */
  textColumn?: string;
  labelColumn?: string;
  /** Keep only the first n reviews (0: all). */
  maxReviews?: number;
}

/** The repository root (this file is `apps/sentiment/src/load-reviews.ts`). */
const REPOSITORY = fileURLToPath(new URL('../../..', import.meta.url));

/** The shared local copies, relative to the repository root. */
const SHARED: Record<'imdb' | 'nsmc', string> = {
  imdb: '../shared/data/imdb/train_10k.csv',
  nsmc: '../shared/data/nsmc/ratings_train_small.txt',
};

/** The shared local copy of a data set, when it exists next to the repository. */
export function sharedCopy(dataset: 'imdb' | 'nsmc'): string | undefined {
  const file = path.resolve(REPOSITORY, SHARED[dataset]);
  return existsSync(file) ? file : undefined;
}

/**
 * Loads labelled reviews: IMDB (`datasets.loadImdb`, a CSV or the aclImdb folders or archive;
 * downloaded when there is no local copy), NSMC (`datasets.loadNsmc`) or any CSV with a text and a
 * 0/1 (or negative/positive) label column. Empty reviews are dropped.
 */
export async function loadReviews(options: LoadReviewsOptions): Promise<Reviews> {
  const { dataset } = options;
  let rows: Array<{ text: string; label: number }>;
  let source: string;
  if (dataset === 'nsmc') {
    const file = options.data ?? sharedCopy('nsmc');
    rows = await datasets.loadNsmc(file === undefined ? {} : { path: file });
    source = file ?? 'NSMC ratings_train.txt (downloaded)';
  } else {
    const file = options.data ?? (dataset === 'imdb' ? sharedCopy('imdb') : undefined);
    rows = await datasets.loadImdb({
      ...(file === undefined ? {} : { path: file }),
      ...(options.textColumn === undefined ? {} : { textColumn: options.textColumn }),
      ...(options.labelColumn === undefined ? {} : { labelColumn: options.labelColumn }),
    });
    source = file ?? 'IMDB aclImdb_v1 train split (downloaded)';
  }
  const kept = rows.filter((r) => r.text.trim() !== '');
  const limited = options.maxReviews ? kept.slice(0, options.maxReviews) : kept;
  return {
    texts: limited.map((r) => r.text),
    labels: limited.map((r) => r.label),
    source,
  };
}
