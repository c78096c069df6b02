import { checkOptions, type DatasetOptions, readText, resolveFile } from './dataset-options.js';
import { DATASET_SOURCES } from './dataset-sources.js';

/**
 * Loads Tiny Shakespeare, the 1,115,394-character corpus of Karpathy's char-rnn (and Géron's
 * char-RNN chapter): `{ path }` reads a local `input.txt`; otherwise it is downloaded once from
 * karpathy/char-rnn into the cache and checked against its sha256. Node only.
 *
 * Source: https://github.com/karpathy/char-rnn (`data/tinyshakespeare/input.txt`); Shakespeare is in the public domain.
 *
 * @param options - A local `path`, or download settings ({@link DatasetOptions}).
 * @returns The whole text (LF line endings, 65 distinct characters).
 * @throws {@link @seq/core!index.SeqError} for options that are not an object, a missing path, a
 *   download that fails or whose checksum does not match.
 * @example
 * ```ts
 * const text = await loadTinyShakespeare();
 * text.slice(0, 14); // 'First Citizen:'
 * ```
 */
export async function loadTinyShakespeare(options: DatasetOptions = {}): Promise<string> {
  const owner = 'loadTinyShakespeare';
  const file = await resolveFile(
    owner,
    checkOptions<DatasetOptions>(owner, options),
    DATASET_SOURCES.tinyShakespeare,
  );
  return readText(file.path);
}
