import { assertOneOf, SeqError } from '@seq/core';
import { checkOptions, type DatasetOptions, resolveFile } from './dataset-options.js';
import { DATASET_SOURCES } from './dataset-sources.js';
import { parseSentencePairsWith, type SentencePair } from './parse-sentence-pairs.js';
import { readZipEntries, type ZipEntry } from './read-zip.js';

/** Options of {@link loadSentencePairs}. */
export interface LoadSentencePairsOptions extends DatasetOptions {
  /**
   * The target language: which archive to download (`fra-eng.zip`, `spa-eng.zip`), and which file
   * (`fra.txt`, `spa.txt`) to read from a zip archive given as `path`.
   * @defaultValue `'fra'`
   */
  language?: 'fra' | 'spa';
}

const baseName = (name: string) => name.slice(name.lastIndexOf('/') + 1);

/**
 * The `<language>.txt` of a manythings.org archive (at any depth: `fra.txt`, `fra-eng/fra.txt`).
 * Only that file (the first, if several) is inflated; the reader's errors name `argument`.
 */
async function readLanguageFile(
  owner: string,
  argument: string,
  bytes: Uint8Array,
  language: string,
): Promise<Uint8Array> {
  const wanted = `${language}.txt`;
  const others: string[] = []; // the other files, for the message (folders never reach `keep`)
  let found = false;
  const keep = (name: string) => {
    if (!found && baseName(name) === wanted) {
      found = true; // the first one only, as before
      return true;
    }
    others.push(name);
    return false;
  };
  let entries: ZipEntry[];
  try {
    entries = await readZipEntries(bytes, keep);
  } catch (error) {
    if (!SeqError.isInstance(error)) throw error;
    throw new SeqError({
      owner,
      argument,
      expected: error.expected,
      receivedDescription: error.received,
      cause: error,
    });
  }
  const entry = entries[0];
  if (entry === undefined) {
    const held = others.map((n) => JSON.stringify(n)).join(', ') || 'no file';
    throw new SeqError({
      owner,
      argument,
      expected: `a zip archive holding ${wanted}`,
      receivedDescription: `one holding ${held}`,
    });
  }
  return entry.data;
}

/**
 * Loads English sentence pairs with their translations from a Tatoeba/Anki file (manythings.org
 * `fra.txt`, `spa.txt`), parsed as {@link parseSentencePairs} does. `{ path }` reads a local text
 * file or zip archive; otherwise the `language`'s archive is downloaded once into the cache and
 * read in memory. `fra`: d2l.ai's copy of `fra-eng.zip`, checked against the sha1 the d2l book
 * publishes; `spa`: the TensorFlow tutorials' `spa-eng.zip`, for which no checksum is published,
 * checked by size and by the archive's CRC-32 only (pass `sha256` to pin it). Node only.
 *
 * Source: www.manythings.org/anki and tatoeba.org, CC-BY 2.0 (France).
 *
 * @param options - A local `path` or download settings, and the `language`.
 * @returns The pairs in file order (`source` English, `target` the translation).
 * @throws {@link @seq/core!index.SeqError} for options that are not an object, an unknown language,
 *   a missing path, a failed or mismatched download, a corrupt archive (the zip reader's errors,
 *   naming `path` or `url`), an archive without the language's file, and malformed lines (with
 *   their line).
 * @example
 * ```ts
 * const pairs = await loadSentencePairs({ language: 'fra' });
 * pairs[0]; // { source: 'Go.', target: 'Va !' }
 * ```
 */
export async function loadSentencePairs(
  options: LoadSentencePairsOptions = {},
): Promise<SentencePair[]> {
  const owner = 'loadSentencePairs';
  const checked = checkOptions<LoadSentencePairsOptions>(owner, options);
  const language = assertOneOf(owner, 'language', checked.language ?? 'fra', [
    'fra',
    'spa',
  ] as const);
  const source = language === 'fra' ? DATASET_SOURCES.fraEng : DATASET_SOURCES.spaEng;
  const file = await resolveFile(owner, checked, source);
  const { readFile } = await import('node:fs/promises');
  const bytes = new Uint8Array(await readFile(file.path));
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const data = isZip ? await readLanguageFile(owner, file.argument, bytes, language) : bytes;
  return parseSentencePairsWith(new TextDecoder().decode(data), { owner, argument: file.argument });
}
