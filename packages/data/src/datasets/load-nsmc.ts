import { assertOneOf } from '@seq/core';
import { checkOptions, type DatasetOptions, readText, resolveFile } from './dataset-options.js';
import { DATASET_SOURCES } from './dataset-sources.js';
import { type NsmcReview, parseNsmcWith } from './parse-nsmc.js';

/** Options of {@link loadNsmc}. */
export interface LoadNsmcOptions extends DatasetOptions {
  /** Which official file to download: `ratings_train.txt` (150,000) or `ratings_test.txt` (50,000). @defaultValue `'train'` */
  split?: 'train' | 'test';
}

/**
 * Loads the Naver Sentiment Movie Corpus (Korean movie reviews, 0 = negative, 1 = positive), parsed
 * as {@link parseNsmc} does (TAB-separated, no CSV quote handling). `{ path }` reads a local
 * `ratings_*.txt`; otherwise the `split`'s official file is downloaded once from e9t/nsmc and checked
 * against its sha256. Node only.
 *
 * Source: Lucy Park (2016), Naver Sentiment Movie Corpus v1.0, https://github.com/e9t/nsmc (CC0 1.0).
 *
 * @param options - A local `path` or download settings, and the `split`.
 * @returns The reviews in file order.
 * @throws {@link @seq/core!index.SeqError} for options that are not an object, an unknown split, a
 *   missing path, a failed or mismatched download, and malformed lines or labels (with the line:
 *   "loadNsmc: `path` must be lines of id<TAB>document<TAB>label; received line 17: ...").
 * @example
 * ```ts
 * const reviews = await loadNsmc({ path: 'ratings_train.txt' });
 * reviews[0]; // { id: '9976970', text: '아 더빙.. 진짜 짜증나네요 목소리', label: 0 }
 * ```
 */
export async function loadNsmc(options: LoadNsmcOptions = {}): Promise<NsmcReview[]> {
  const owner = 'loadNsmc';
  const checked = checkOptions<LoadNsmcOptions>(owner, options);
  const split = assertOneOf(owner, 'split', checked.split ?? 'train', ['train', 'test'] as const);
  const source = split === 'train' ? DATASET_SOURCES.nsmcTrain : DATASET_SOURCES.nsmcTest;
  const file = await resolveFile(owner, checked, source);
  return parseNsmcWith(await readText(file.path), { owner, argument: file.argument });
}
