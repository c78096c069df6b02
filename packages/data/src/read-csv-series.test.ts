import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv.js';
import { parseCsvSeries, readCsvSeries } from './read-csv-series.js';

describe('parseCsv', () => {
  it('handles quotes, embedded delimiters and line breaks, doubled quotes, CRLF', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"multi\nline",2\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', '2'],
    ]);
    expect(parseCsv('a\tb\n1\t2', '\t')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reports an unterminated quote and a bad delimiter', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(
      'parseCsv: `text` must be quoted fields that end; received a quote opened on line 2 and never closed.',
    );
    expect(() => parseCsv('a', ';;')).toThrow(
      'parseCsv: `delimiter` must be one character other than a quote or a line break; received ";;".',
    );
  });
});

describe('parseCsvSeries', () => {
  it('reads a monthly series file (AirPassengers, 1949)', async () => {
    const air = await readCsvSeries(
      new URL('../test/fixtures/air-passengers-1949.csv', import.meta.url),
    );
    expect(air.columns).toEqual(['value']);
    expect(air.timeColumn).toBe('date');
    expect(air.values.slice(0, 3)).toEqual([[112], [118], [132]]);
    expect(air.values).toHaveLength(12);
    expect(air.times?.[11]).toBe(Date.UTC(1949, 11, 1));
  });

  it('reads date-times and several value columns, skipping an index column', () => {
    const csv =
      'index,date,HUFL,OT\n1,2016-07-01 00:00:00,5.8,30.5\n2,2016-07-01 01:00:00,5.6,27.7\n';
    const s = parseCsvSeries(csv);
    expect(s.columns).toEqual(['HUFL', 'OT']);
    expect(s.values).toEqual([
      [5.8, 30.5],
      [5.6, 27.7],
    ]);
    expect(s.times).toEqual([Date.UTC(2016, 6, 1, 0), Date.UTC(2016, 6, 1, 1)]);
    expect(parseCsvSeries(csv, { valueColumns: ['OT'] }).values).toEqual([[30.5], [27.7]]);
  });

  it('reads fractional years and works without a time column', () => {
    const s = parseCsvSeries('time,DAX\n1991.49615384615,1628.75\n1991.5,1613.63\n');
    const year = Date.UTC(1992, 0, 1) - Date.UTC(1991, 0, 1);
    expect(s.times?.[0]).toBeCloseTo(Date.UTC(1991, 0, 1) + 0.49615384615 * year, -1);
    expect(s.times?.[1]).toBe(Date.UTC(1991, 6, 1)); // a whole number of twelfths: a month start
    const plain = parseCsvSeries('a,b\n1,2\n3,4\n', { timeColumn: null });
    expect(plain).toEqual({
      columns: ['a', 'b'],
      values: [
        [1, 2],
        [3, 4],
      ],
      times: null,
      timeColumn: null,
    });
  });

  it('names the line and column of a missing or non-numeric cell', () => {
    expect(() => parseCsvSeries('date,value\n1949-01,112\n1949-02,\n')).toThrow(
      'readCsvSeries: `missing` must be a value in every cell (or \'forwardFill\' / \'interpolate\' to fill missing cells); received "" at line 3, column "value".',
    );
    expect(() => parseCsvSeries('date,value\n1949-01,112\n1949-02,12x\n')).toThrow(
      'readCsvSeries: `text` must be a number in every value cell; received "12x" at line 3, column "value".',
    );
    expect(() => parseCsvSeries('date,value\n1949-01,112\nFebruary,118\n')).toThrow(
      'readCsvSeries: `timeColumn` must be a time stamp (ISO date or date-time, YYYY-MM, YYYY or a fractional year); received "February" at line 3, column "date".',
    );
  });

  it('fills missing cells forward or by interpolation when asked', () => {
    const csv = 'date,a,b\n2000,NA,1\n2001,10,\n2002,NA,3\n2003,20,NA\n';
    expect(parseCsvSeries(csv, { missing: 'forwardFill' }).values).toEqual([
      [10, 1],
      [10, 1],
      [10, 3],
      [20, 3],
    ]);
    expect(parseCsvSeries(csv, { missing: 'interpolate' }).values).toEqual([
      [10, 1],
      [10, 2],
      [15, 3],
      [20, 3],
    ]);
    expect(() => parseCsvSeries('date,a\n2000,NA\n', { missing: 'interpolate' })).toThrow(
      'readCsvSeries: `missing` must be at least one value per column to fill from; received column "a", which is empty.',
    );
  });

  it('skips blank lines and a byte-order mark, and counts file lines across quoted line breaks', () => {
    expect(parseCsvSeries('\uFEFFdate,value\r\n2000,1\r\n\r\n2001,2\r\n\r\n').values).toEqual([
      [1],
      [2],
    ]);
    expect(() =>
      parseCsvSeries('date,note,value\n2000,"a\nb\nc",1\n2001,x,oops\n', {
        valueColumns: ['value'],
      }),
    ).toThrow(
      'readCsvSeries: `text` must be a number in every value cell; received "oops" at line 5, column "value".',
    );
  });

  it('reads cells strictly: no empty cell as 0, no hexadecimal', () => {
    expect(() => parseCsvSeries('date,value\n2000,1\n2001,\n', { naValues: ['NA'] })).toThrow(
      'readCsvSeries: `text` must be a number in every value cell; received "" at line 3, column "value".',
    );
    expect(() => parseCsvSeries('date,value\n2000,1\n2001,0x10\n')).toThrow(
      'received "0x10" at line 3',
    );
    expect(parseCsvSeries('date,value\n2000,-1.5e-3\n2001,.5\n2002,+7\n').values).toEqual([
      [-0.0015],
      [0.5],
      [7],
    ]);
  });

  it('reports a short row before looking at any cell', () => {
    expect(() => parseCsvSeries('date,a,b\n2000,x,1\n2001\n')).toThrow(
      'readCsvSeries: `text` must be 3 fields per line, as the header; received 1 at line 3.',
    );
  });

  it('rejects a file with no numeric column, unknown columns, ragged lines and empty text', () => {
    expect(() => parseCsvSeries('date,city\n2000,Paris\n2001,Rome\n')).toThrow(
      'readCsvSeries: `valueColumns` must be numeric columns; received column "city", which holds no number (first cell "Paris" at line 2).',
    );
    expect(() => parseCsvSeries('date,value\n2000,1\n', { valueColumns: ['price'] })).toThrow(
      'readCsvSeries: `valueColumns` must be a column of the header ("date", "value"); received "price".',
    );
    expect(() => parseCsvSeries('date,value\n2000,1,2\n')).toThrow(
      'readCsvSeries: `text` must be 2 fields per line, as the header; received 3 at line 2.',
    );
    expect(() => parseCsvSeries('date,value\n')).toThrow(
      'readCsvSeries: `text` must be a header line and at least one row; received 1 line(s).',
    );
    expect(() => parseCsvSeries('date\n2000\n')).toThrow(
      'readCsvSeries: `valueColumns` must be at least one value column; received [].',
    );
    expect(() => parseCsvSeries('a\n1\n', { missing: 'drop' as never })).toThrow(
      'readCsvSeries: `missing` must be one of "error", "forwardFill", "interpolate"; received "drop".',
    );
  });

  it('reports a file that cannot be read', async () => {
    await expect(readCsvSeries('/no/such/file.csv')).rejects.toThrow(
      /^readCsvSeries: `source` must be a readable CSV file or URL; received "\/no\/such\/file\.csv" \(ENOENT/,
    );
  });
});
