import { assertOneOf, SeqError } from '@seq/core';
import { parseCsvRecords } from './parse-csv.js';
import { parseTimestamp } from './parse-timestamp.js';

const OWNER = 'readCsvSeries';
const TIME_NAMES = new Set(['date', 'time', 'datetime', 'timestamp', 'month', 'year', 'ds']);
const INDEX_NAMES = new Set(['', 'index', 'unnamed: 0']);
/** A decimal number as CSV files write it: `12`, `-0.5`, `.5`, `1e-3` (not `0x10`, not empty). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Options of {@link parseCsvSeries} and {@link readCsvSeries}. */
export interface CsvSeriesOptions {
  /**
   * The time column, by name; `null` for none.
   * @defaultValue the first column named date, time, datetime, timestamp, month, year or ds (any case)
   */
  timeColumn?: string | null;
  /**
   * The value columns, by name, in the order wanted.
   * @defaultValue every column but the time column and an index column (named "", "index" or "Unnamed: 0")
   */
  valueColumns?: string[];
  /** The field delimiter. @defaultValue `','` */
  delimiter?: string;
  /** Cells read as missing. @defaultValue `['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?']` */
  naValues?: string[];
  /**
   * What to do with missing cells in value columns: `'error'` names the first one; `'forwardFill'`
   * repeats the last value seen (a missing first row takes the first value that follows);
   * `'interpolate'` draws a straight line between the neighbours (ends take the nearest value).
   * @defaultValue `'error'`
   */
  missing?: 'error' | 'forwardFill' | 'interpolate';
}

/** A series read from CSV: one row per time step, columns as named in the header. */
export interface CsvSeries {
  /** The value columns' names, in the order of `values`' columns. */
  columns: string[];
  /** The values, `[time, columns]`: ready for {@link timeseriesDatasetFromArray}. */
  values: number[][];
  /** The time of each row in milliseconds since the epoch (UTC), or `null` without a time column. */
  times: number[] | null;
  /** The name of the time column, or `null`. */
  timeColumn: string | null;
}

function cellError(
  argument: string,
  expected: string,
  cell: string,
  row: number,
  column: string,
): SeqError {
  return new SeqError({
    owner: OWNER,
    argument,
    expected,
    receivedDescription: `${JSON.stringify(cell)} at line ${row}, column "${column}"`,
  });
}

/**
 * Parses CSV text holding a time series: a header line, a time column and value columns. Time
 * stamps may be ISO dates or date-times, `YYYY-MM`, `YYYY` or fractional years
 * ({@link parseTimestamp}). A missing or non-numeric cell is reported with its line and column,
 * unless `missing` asks to fill missing cells.
 *
 * @throws {@link @seq/core!index.SeqError} for an empty text, unknown column names, no numeric column, rows of the
 *   wrong length, unreadable times, and missing (unless filled) or non-numeric cells.
 * @example
 * ```ts
 * const { columns, values, times } = parseCsvSeries('date,value\n1949-01,112\n1949-02,118\n');
 * // columns: ['value'], values: [[112], [118]], times: [Date.UTC(1949, 0), Date.UTC(1949, 1)]
 * ```
 */
export function parseCsvSeries(text: string, options: CsvSeriesOptions = {}): CsvSeries {
  if (typeof text !== 'string') {
    throw new SeqError({ owner: OWNER, argument: 'text', expected: 'CSV text', received: text });
  }
  const missing = assertOneOf(OWNER, 'missing', options.missing ?? 'error', [
    'error',
    'forwardFill',
    'interpolate',
  ] as const);
  const na = new Set(options.naValues ?? ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?']);
  const records = parseCsvRecords(text.replace(/^\uFEFF/, ''), options.delimiter ?? ',');
  const header = records[0]?.fields.map((h) => h.trim());
  if (header === undefined || records.length < 2) {
    throw new SeqError({
      owner: OWNER,
      argument: 'text',
      expected: 'a header line and at least one row',
      receivedDescription: `${records.length} line(s)`,
    });
  }
  const index = (argument: string, name: string) => {
    const i = header.indexOf(name);
    if (i < 0) {
      throw new SeqError({
        owner: OWNER,
        argument,
        expected: `a column of the header (${header.map((h) => JSON.stringify(h)).join(', ')})`,
        received: name,
      });
    }
    return i;
  };
  const timeColumn =
    options.timeColumn === undefined
      ? (header.find((h) => TIME_NAMES.has(h.toLowerCase())) ?? null)
      : options.timeColumn;
  const timeIndex = timeColumn === null ? -1 : index('timeColumn', timeColumn);
  const valueNames =
    options.valueColumns ??
    header.filter((h, i) => i !== timeIndex && !INDEX_NAMES.has(h.toLowerCase()));
  if (!Array.isArray(valueNames) || valueNames.length === 0) {
    throw new SeqError({
      owner: OWNER,
      argument: 'valueColumns',
      expected: 'at least one value column',
      received: valueNames,
    });
  }
  const valueIndices = valueNames.map((name) => index('valueColumns', name));

  const body = records.slice(1);
  for (const { fields, line } of body) {
    if (fields.length !== header.length) {
      throw new SeqError({
        owner: OWNER,
        argument: 'text',
        expected: `${header.length} fields per line, as the header`,
        receivedDescription: `${fields.length} at line ${line}`,
      });
    }
  }
  const values: number[][] = [];
  const times: number[] | null = timeIndex < 0 ? null : [];
  const gaps: Array<[number, number]> = [];
  for (let r = 0; r < body.length; r++) {
    const { fields: cells, line } = body[r] as { fields: string[]; line: number };
    if (times !== null) {
      const cell = cells[timeIndex] as string;
      const t = parseTimestamp(cell);
      if (t === null) {
        throw cellError(
          'timeColumn',
          'a time stamp (ISO date or date-time, YYYY-MM, YYYY or a fractional year)',
          cell,
          line,
          timeColumn as string,
        );
      }
      times.push(t);
    }
    const row = valueIndices.map((c, j) => {
      const cell = (cells[c] as string).trim();
      if (na.has(cell)) {
        if (missing === 'error') {
          throw cellError(
            'missing',
            "a value in every cell (or 'forwardFill' / 'interpolate' to fill missing cells)",
            cell,
            line,
            valueNames[j] as string,
          );
        }
        gaps.push([r, j]);
        return Number.NaN;
      }
      if (!DECIMAL.test(cell)) {
        // A column whose cells are never numbers is not a value column: say so, not which cell.
        const numeric = body.some(({ fields }) => DECIMAL.test((fields[c] as string).trim()));
        if (!numeric) {
          throw new SeqError({
            owner: OWNER,
            argument: 'valueColumns',
            expected: 'numeric columns',
            receivedDescription: `column "${valueNames[j]}", which holds no number (first cell ${JSON.stringify(cell)} at line ${line})`,
          });
        }
        throw cellError(
          'text',
          'a number in every value cell',
          cell,
          line,
          valueNames[j] as string,
        );
      }
      return Number(cell);
    });
    values.push(row);
  }
  if (gaps.length > 0) fill(values, valueNames, missing === 'interpolate');
  return { columns: valueNames, values, times, timeColumn };
}

function fill(values: number[][], names: string[], interpolate: boolean): void {
  const n = values.length;
  for (let c = 0; c < names.length; c++) {
    const at = (r: number) => (values[r] as number[])[c] as number;
    // The nearest known row before and after each row (-1 where there is none).
    const before = new Int32Array(n);
    const after = new Int32Array(n);
    for (let r = 0, last = -1; r < n; r++) {
      before[r] = last;
      if (!Number.isNaN(at(r))) last = r;
    }
    for (let r = n - 1, next = -1; r >= 0; r--) {
      after[r] = next;
      if (!Number.isNaN(at(r))) next = r;
    }
    for (let r = 0; r < n; r++) {
      if (!Number.isNaN(at(r))) continue;
      const b = before[r] as number;
      const a = after[r] as number;
      if (a < 0 && b < 0) {
        throw new SeqError({
          owner: OWNER,
          argument: 'missing',
          expected: 'at least one value per column to fill from',
          receivedDescription: `column "${names[c]}", which is empty`,
        });
      }
      const row = values[r] as number[];
      if (b < 0) row[c] = at(a);
      else if (a < 0 || !interpolate) row[c] = at(b);
      else row[c] = at(b) + ((at(a) - at(b)) * (r - b)) / (a - b);
    }
  }
}

/**
 * Reads a time series from a CSV file (a path in Node, or an `http(s)` URL) or from CSV text, and
 * parses it as {@link parseCsvSeries} does. A string with a line break is taken as the text itself.
 *
 * @param source - A file path, a URL, or CSV text.
 * @throws {@link @seq/core!index.SeqError} as {@link parseCsvSeries}, and when the file cannot be read.
 * @example
 * ```ts
 * const air = await readCsvSeries('../shared/data/r-datasets/AirPassengers.csv');
 * air.values.length; // 144 monthly rows
 * ```
 */
export async function readCsvSeries(
  source: string | URL,
  options: CsvSeriesOptions = {},
): Promise<CsvSeries> {
  if (typeof source === 'string' && /[\r\n]/.test(source)) return parseCsvSeries(source, options);
  const href = source instanceof URL ? source.href : source;
  if (typeof href !== 'string' || href.length === 0) {
    throw new SeqError({
      owner: OWNER,
      argument: 'source',
      expected: 'a file path, a URL or CSV text',
      received: source,
    });
  }
  let text: string;
  try {
    if (/^https?:\/\//i.test(href)) {
      const response = await fetch(href);
      if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
      text = await response.text();
    } else {
      const { readFile } = await import('node:fs/promises');
      text = await readFile(source instanceof URL ? source : href, 'utf8');
    }
  } catch (error) {
    throw new SeqError({
      owner: OWNER,
      argument: 'source',
      expected: 'a readable CSV file or URL',
      receivedDescription: `${JSON.stringify(href)} (${error instanceof Error ? error.message : String(error)})`,
      cause: error,
    });
  }
  return parseCsvSeries(text, options);
}
