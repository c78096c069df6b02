import { assertText, lineError, numberedLines, type ParseContext } from './text-lines.js';

/** One review of the Naver Sentiment Movie Corpus. */
export interface NsmcReview {
  /** The Naver review id, as written (digits). */
  id: string;
  /** The review text, exactly as in the file (doubled quotes included). */
  text: string;
  /** 0 = negative (rating 1–4), 1 = positive (rating 9–10). */
  label: 0 | 1;
}

const HEADER = 'id\tdocument\tlabel';
const LINES = 'lines of id<TAB>document<TAB>label';

/** {@link parseNsmc} with the owner and argument its messages name. @internal */
export function parseNsmcWith(text: unknown, context: ParseContext): NsmcReview[] {
  const lines = numberedLines(assertText(context, text, 'NSMC text (id<TAB>document<TAB>label)'));
  const first = lines[0];
  if (first === undefined || first.text !== HEADER) {
    throw lineError(
      context,
      'NSMC text starting with the header id<TAB>document<TAB>label',
      first?.line ?? 1,
      first?.text ?? '',
    );
  }
  const reviews: NsmcReview[] = [];
  for (let i = 1; i < lines.length; i++) {
    const { text: row, line } = lines[i] as { text: string; line: number };
    const fields = row.split('\t');
    if (fields.length !== 3 || !/^\d+$/.test(fields[0] as string)) {
      throw lineError(context, LINES, line, row);
    }
    const label = fields[2] as string;
    if (label !== '0' && label !== '1') {
      throw lineError(context, 'a label of 0 or 1', line, label);
    }
    reviews.push({
      id: fields[0] as string,
      text: fields[1] as string,
      label: label === '1' ? 1 : 0,
    });
  }
  return reviews;
}

/**
 * Parses the Naver Sentiment Movie Corpus (NSMC, e9t/nsmc) `ratings_*.txt`: a header
 * `id<TAB>document<TAB>label`, then one review a line. Fields are split on TAB only, with no CSV
 * quote handling: the official files keep quotes doubled inside reviews (`"""a """"b"""" c"""`), and
 * they are returned exactly as written. LF or CRLF line endings; blank lines are skipped.
 *
 * Source: Lucy Park (2016), Naver Sentiment Movie Corpus v1.0, https://github.com/e9t/nsmc (CC0 1.0).
 *
 * @param text - The file's text.
 * @returns The reviews in file order.
 * @throws {@link @seq/core!index.SeqError} when the header is missing, a line does not have three
 *   tab-separated fields with a numeric id, or a label is not 0 or 1 (the message gives the line).
 * @example
 * ```ts
 * parseNsmc('id\tdocument\tlabel\n9976970\t아 더빙.. 진짜 짜증나네요 목소리\t0\n');
 * // [{ id: '9976970', text: '아 더빙.. 진짜 짜증나네요 목소리', label: 0 }]
 * ```
 */
export function parseNsmc(text: string): NsmcReview[] {
  return parseNsmcWith(text, { owner: 'parseNsmc', argument: 'text' });
}
