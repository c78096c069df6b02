import { assertOneOf, SeqError } from '@seq/core';
import {
  checkOptions,
  checkPath,
  type DatasetOptions,
  readText,
  resolveFile,
} from './dataset-options.js';
import { DATASET_SOURCES } from './dataset-sources.js';
import { type ImdbReview, parseImdbCsvWith } from './parse-imdb-csv.js';
import { readTarEntries } from './read-tar.js';

/** Options of {@link loadImdb}. */
export interface LoadImdbOptions extends DatasetOptions {
  /** Which official split to read from the folders or the archive (25,000 reviews each). @defaultValue `'train'` */
  split?: 'train' | 'test';
  /** The text column of a CSV `path`. @defaultValue `'text'` */
  textColumn?: string;
  /** The label column of a CSV `path`. @defaultValue `'label'` */
  labelColumn?: string;
}

/** `<split>/<pos|neg>/<id>_<rating>.txt`, with or without a leading `aclImdb/`. */
const REVIEW = /^(?:\.\/)?(?:aclImdb\/)?(train|test)\/(pos|neg)\/(\d+)_(\d+)\.txt$/;
const decoder = new TextDecoder();

function review(file: string, data: Uint8Array): ImdbReview {
  const [, , polarity, id, rating] = REVIEW.exec(file) as RegExpExecArray;
  return {
    text: decoder.decode(data),
    label: polarity === 'pos' ? 1 : 0,
    rating: Number(rating),
    id: Number(id),
    file,
  };
}

/** Negative reviews first, then positive, each by id: the same order from folders and archive. */
function byLabelThenId(a: ImdbReview, b: ImdbReview): number {
  return a.label - b.label || (a.id as number) - (b.id as number);
}

async function readFolders(root: string, split: string): Promise<ImdbReview[]> {
  const { readdir, readFile, stat } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const nested = join(root, 'aclImdb');
  const base = (await stat(join(nested, split)).catch(() => undefined)) ? nested : root;
  const reviews: ImdbReview[] = [];
  for (const polarity of ['neg', 'pos']) {
    const folder = join(base, split, polarity);
    const listed = await readdir(folder).catch((error: unknown) => {
      throw new SeqError({
        owner: 'loadImdb',
        argument: 'path',
        expected: `a folder holding ${split}/pos and ${split}/neg (the aclImdb layout)`,
        receivedDescription: `${JSON.stringify(root)} (no ${split}/${polarity} folder)`,
        cause: error,
      });
    });
    const names = listed.filter((n) => REVIEW.test(`${split}/${polarity}/${n}`));
    for (let i = 0; i < names.length; i += 64) {
      const batch = names.slice(i, i + 64);
      const texts = await Promise.all(batch.map((n) => readFile(join(folder, n))));
      batch.forEach((n, j) => {
        reviews.push(review(`${split}/${polarity}/${n}`, texts[j] as Uint8Array));
      });
    }
  }
  return reviews.sort(byLabelThenId);
}

/**
 * The split's reviews from a `.tar.gz`, streamed. A corrupt or cut-off archive (a zlib error, or the
 * tar reader's) is a SeqError naming `argument`; the file is closed however the reading ends.
 */
async function readArchive(
  path: string,
  split: string,
  argument: 'path' | 'url',
): Promise<ImdbReview[]> {
  const { createReadStream } = await import('node:fs');
  const { createGunzip } = await import('node:zlib');
  const input = createReadStream(path);
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  const reviews: ImdbReview[] = [];
  const keep = (name: string) => REVIEW.exec(name)?.[1] === split;
  try {
    for await (const { name, data } of readTarEntries(input.pipe(gunzip), keep)) {
      reviews.push(review(name.replace(/^(?:\.\/)?aclImdb\//, ''), data));
    }
  } catch (error) {
    const fromReader = SeqError.isInstance(error) && error.owner === 'readTarEntries';
    if (SeqError.isInstance(error) && !fromReader) throw error;
    const reason = fromReader
      ? error.received
      : error instanceof Error
        ? error.message
        : String(error);
    throw new SeqError({
      owner: 'loadImdb',
      argument,
      expected: 'a .tar.gz archive of the aclImdb folders (gzip, then ustar, GNU or pax tar)',
      receivedDescription: `${JSON.stringify(path)} (${reason})`,
      cause: error,
    });
  } finally {
    input.unpipe(gunzip);
    input.destroy();
    gunzip.destroy();
  }
  return reviews.sort(byLabelThenId);
}

/**
 * Loads the IMDB Large Movie Review Dataset (Maas et al., 2011; 0 = negative, 1 = positive) from
 * one of: the `aclImdb` folders (`<path>/<split>/{pos,neg}/<id>_<rating>.txt`), a `.tar.gz` archive,
 * or a CSV with text and label columns (read as {@link parseImdbCsv}; `split` does not apply).
 * Without `path`, Stanford's `aclImdb_v1.tar.gz` (84 MB) is downloaded once into the cache, checked
 * against its sha256, and streamed through gunzip and a tar reader, keeping only the split's pos/neg
 * reviews in memory: no archive entry is ever written to disk. Node only.
 *
 * Source: https://ai.stanford.edu/~amaas/data/sentiment/; cite Maas et al. (2011), ACL, 142–150.
 *
 * @param options - A local `path` or download settings, the `split`, and CSV column names.
 * @returns The reviews (with `rating`, `id` and `file` from the file names): from folders or the
 *   archive, negative reviews first, then positive, each by id; from a CSV, in file order.
 * @throws {@link @seq/core!index.SeqError} for options that are not an object, an unknown split, a
 *   missing path, a failed or mismatched download, a corrupt archive, and malformed CSV records or
 *   labels (with their line).
 * @example
 * ```ts
 * const train = await loadImdb({ split: 'train' });
 * train.length; // 25000
 * ```
 */
export async function loadImdb(options: LoadImdbOptions = {}): Promise<ImdbReview[]> {
  const owner = 'loadImdb';
  const checked = checkOptions<LoadImdbOptions>(owner, options);
  const split = assertOneOf(owner, 'split', checked.split ?? 'train', ['train', 'test'] as const);
  if (checked.path !== undefined && (await checkPath(owner, checked.path)).directory) {
    return readFolders(checked.path, split);
  }
  const file = await resolveFile(owner, checked, DATASET_SOURCES.imdb);
  const { open } = await import('node:fs/promises');
  const handle = await open(file.path);
  const magic = new Uint8Array(2);
  await handle.read(magic, 0, 2, 0).finally(() => handle.close());
  if (magic[0] === 0x1f && magic[1] === 0x8b) return readArchive(file.path, split, file.argument);
  const columns = { textColumn: checked.textColumn, labelColumn: checked.labelColumn };
  return parseImdbCsvWith(await readText(file.path), columns, { owner, argument: file.argument });
}
