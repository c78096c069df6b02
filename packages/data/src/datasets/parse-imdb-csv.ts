import { SeqError } from '@seq/core';
import { parseCsvRecords } from '../parse-csv.js';
import { assertText, lineError, type ParseContext } from './text-lines.js';

/** One IMDB movie review (Maas et al., 2011). */
export interface ImdbReview {
  /** The review, as written (it still holds HTML `<br />` tags). */
  text: string;
  /** 0 = negative (rating 1–4), 1 = positive (rating 7–10). */
  label: 0 | 1;
  /** The star rating, 1–10, where known (from the file name or a `rating` column). */
  rating?: number;
  /** The review id from the file name (ids restart in each of pos and neg), where known. */
  id?: number;
  /** The path inside `aclImdb/`, e.g. `train/pos/3501_9.txt`, where known: a unique key. */
  file?: string;
}

/** Options of {@link parseImdbCsv}. */
export interface ImdbCsvOptions {
  /** The column holding the review. @defaultValue `'text'` */
  textColumn?: string;
  /**
   * The column holding the label: `0`/`1`, or `negative`/`positive` (any case).
   * @defaultValue `'label'`
   */
  labelColumn?: string;
}

/** Label cells (trimmed, lowercased) and their labels: a Map, so `constructor` or `__proto__` is no label. */
const LABELS: ReadonlyMap<string, 0 | 1> = new Map([
  ['0', 0],
  ['1', 1],
  ['negative', 0],
  ['positive', 1],
  ['neg', 0],
  ['pos', 1],
]);

/** {@link parseImdbCsv} with the owner and argument its messages name. @internal */
export function parseImdbCsvWith(
  text: unknown,
  options: ImdbCsvOptions,
  context: ParseContext,
): ImdbReview[] {
  const csv = assertText(context, text, 'CSV text with text and label columns');
  const records = parseCsvRecords(csv.replace(/^\uFEFF/, ''));
  const header = records[0]?.fields.map((h) => h.trim()) ?? [];
  const column = (argument: string, name: string) => {
    const i = header.indexOf(name);
    if (i < 0) {
      throw new SeqError({
        owner: context.owner,
        argument,
        expected: `a column of the header (${header.map((h) => JSON.stringify(h)).join(', ')})`,
        received: name,
      });
    }
    return i;
  };
  const textAt = column('textColumn', options.textColumn ?? 'text');
  const labelAt = column('labelColumn', options.labelColumn ?? 'label');
  const ratingAt = header.indexOf('rating');
  const idAt = header.indexOf('id');
  const fileAt = header.indexOf('file');
  const reviews: ImdbReview[] = [];
  for (let r = 1; r < records.length; r++) {
    const { fields, line } = records[r] as { fields: string[]; line: number };
    if (fields.length !== header.length) {
      throw lineError(
        context,
        `CSV lines of ${header.length} fields, as the header`,
        line,
        fields.join(','),
      );
    }
    const labelCell = fields[labelAt] as string;
    const label = LABELS.get(labelCell.trim().toLowerCase());
    if (label === undefined) {
      throw lineError(context, 'a label of 0 or 1 (or negative / positive)', line, labelCell);
    }
    const review: ImdbReview = { text: fields[textAt] as string, label };
    if (ratingAt >= 0 && /^\d+$/.test(fields[ratingAt] as string)) {
      review.rating = Number(fields[ratingAt]);
    }
    if (idAt >= 0 && /^\d+$/.test(fields[idAt] as string)) review.id = Number(fields[idAt]);
    if (fileAt >= 0 && fields[fileAt] !== '') review.file = fields[fileAt] as string;
    reviews.push(review);
  }
  return reviews;
}

/**
 * Parses IMDB reviews from CSV (RFC 4180: quoted fields, doubled quotes, LF or CRLF) with a header
 * naming at least a text and a label column. `rating`, `id` and `file` columns are kept when present,
 * as in a CSV made from the `aclImdb` folders (`file,id,rating,label,text`).
 *
 * Source: Maas et al. (2011), "Learning Word Vectors for Sentiment Analysis", ACL 2011; cite it with any use.
 *
 * @param text - The CSV text.
 * @param options - The column names, when they are not `text` and `label`.
 * @returns The reviews in file order.
 * @throws {@link @seq/core!index.SeqError} for a missing column, a record whose field count differs
 *   from the header's, a label other than 0/1 (negative/positive), or an unclosed quote (each with its line).
 * @example
 * ```ts
 * parseImdbCsv('label,text\n1,"Great, truly ""great"" film."\n0,Dull.\n');
 * // [{ text: 'Great, truly "great" film.', label: 1 }, { text: 'Dull.', label: 0 }]
 * ```
 */
export function parseImdbCsv(text: string, options: ImdbCsvOptions = {}): ImdbReview[] {
  return parseImdbCsvWith(text, options, { owner: 'parseImdbCsv', argument: 'text' });
}
