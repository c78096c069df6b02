import { SeqError } from '@seq/core';

/**
 * Splits CSV text into rows of fields, RFC 4180 style: fields may be quoted with `"`, a quoted
 * field may hold the delimiter, line breaks and doubled quotes (`""`); lines end with LF or CRLF; a
 * trailing empty line is ignored.
 *
 * @param delimiter - One character. @defaultValue `','`
 * @throws {@link @seq/core!index.SeqError} for an unterminated quoted field (with its line).
 * @example
 * ```ts
 * parseCsv('date,value\n1949-01,112\n'); // [['date', 'value'], ['1949-01', '112']]
 * ```
 */
export function parseCsv(text: string, delimiter = ','): string[][] {
  return parseCsvRecords(text, delimiter).map((r) => r.fields);
}

/** One CSV record and the line of the file where it starts. @internal */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * {@link parseCsv}, keeping the line each record starts on (a quoted field may span lines). Blank
 * lines are skipped.
 * @internal
 */
export function parseCsvRecords(text: string, delimiter = ','): CsvRecord[] {
  if (
    typeof delimiter !== 'string' ||
    delimiter.length !== 1 ||
    delimiter === '"' ||
    delimiter === '\n' ||
    delimiter === '\r'
  ) {
    throw new SeqError({
      owner: 'parseCsv',
      argument: 'delimiter',
      expected: 'one character other than a quote or a line break',
      received: delimiter,
    });
  }
  const records: CsvRecord[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 0;
  const endRow = () => {
    row.push(field);
    // A blank line is a single empty, unquoted field: not a record.
    if (!(row.length === 1 && field === '' && !wasQuoted))
      records.push({ fields: row, line: rowLine });
    row = [];
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field.length === 0) {
      quoted = true;
      wasQuoted = true;
      quoteLine = line;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += ch;
    }
  }
  if (quoted) {
    throw new SeqError({
      owner: 'parseCsv',
      argument: 'text',
      expected: 'quoted fields that end',
      receivedDescription: `a quote opened on line ${quoteLine} and never closed`,
    });
  }
  if (field.length > 0 || row.length > 0 || wasQuoted) endRow();
  return records;
}
