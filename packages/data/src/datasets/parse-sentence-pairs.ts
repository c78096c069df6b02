import { assertText, lineError, numberedLines, type ParseContext } from './text-lines.js';

/** A sentence and its translation, from a Tatoeba/Anki `fra.txt`-style file. */
export interface SentencePair {
  /** The first column: the English sentence in the manythings.org files. */
  source: string;
  /** The second column: its translation. */
  target: string;
  /** The third column when there is one: Tatoeba's credit line (`CC-BY 2.0 (France) Attribution: ...`). */
  attribution?: string;
}

const LINES = 'lines of source<TAB>target, optionally followed by <TAB>attribution';

/** {@link parseSentencePairs} with the owner and argument its messages name. @internal */
export function parseSentencePairsWith(text: unknown, context: ParseContext): SentencePair[] {
  const lines = numberedLines(assertText(context, text, 'tab-separated sentence pairs'));
  const pairs: SentencePair[] = [];
  for (const { text: row, line } of lines) {
    const fields = row.split('\t');
    if (fields.length < 2 || fields.length > 3) throw lineError(context, LINES, line, row);
    const [source, target, attribution] = fields as [string, string, string | undefined];
    pairs.push(attribution === undefined ? { source, target } : { source, target, attribution });
  }
  return pairs;
}

/**
 * Parses tab-separated sentence pairs as the Tatoeba/Anki files of manythings.org write them
 * (`fra.txt`, `spa.txt`; the files of the Keras and TensorFlow translation tutorials): one pair a
 * line, `source<TAB>target`, with an optional third column holding the attribution of newer
 * files. No header; LF or CRLF; blank lines are skipped; no quote handling.
 *
 * Source: www.manythings.org/anki, from the Tatoeba Project (tatoeba.org), CC-BY 2.0 (France).
 *
 * @param text - The file's text.
 * @returns The pairs in file order; `attribution` only where the line has a third column.
 * @throws {@link @seq/core!index.SeqError} for a line with fewer than two or more than three
 *   tab-separated fields (the message gives the line).
 * @example
 * ```ts
 * parseSentencePairs('Go.\tVa !\nHi.\tSalut !\tCC-BY 2.0 (France) Attribution: tatoeba.org #538123\n');
 * // [{ source: 'Go.', target: 'Va !' },
 * //  { source: 'Hi.', target: 'Salut !', attribution: 'CC-BY 2.0 (France) Attribution: tatoeba.org #538123' }]
 * ```
 */
export function parseSentencePairs(text: string): SentencePair[] {
  return parseSentencePairsWith(text, { owner: 'parseSentencePairs', argument: 'text' });
}
