import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseImdbCsv } from './parse-imdb-csv.js';

describe('parseImdbCsv', () => {
  it('reads quoted reviews and the file, id and rating columns', () => {
    const text = readFileSync(
      new URL('../../test/fixtures/datasets/imdb.csv', import.meta.url),
      'utf8',
    );
    expect(parseImdbCsv(text)).toEqual([
      {
        text: 'One of the best films, truly "great".<br /><br />See it.',
        label: 1,
        rating: 9,
        id: 3501,
        file: 'train/pos/3501_9.txt',
      },
      { text: 'Dull and slow.', label: 0, rating: 2, id: 12, file: 'train/neg/12_2.txt' },
    ]);
  });

  it('takes other column names and positive/negative labels', () => {
    const csv = 'review,sentiment\r\n"Fine, really.",positive\r\nBad.,NEGATIVE\r\n';
    expect(parseImdbCsv(csv, { textColumn: 'review', labelColumn: 'sentiment' })).toEqual([
      { text: 'Fine, really.', label: 1 },
      { text: 'Bad.', label: 0 },
    ]);
  });

  it('reports a missing column, a wrong field count and a bad label with the line', () => {
    expect(() => parseImdbCsv('review,sentiment\nx,1\n')).toThrow(
      'parseImdbCsv: `textColumn` must be a column of the header ("review", "sentiment"); received "text".',
    );
    expect(() => parseImdbCsv('label,text\n1,ok\n0,"a",b\n')).toThrow(
      'parseImdbCsv: `text` must be CSV lines of 2 fields, as the header; received line 3: "0,a,b".',
    );
    for (const label of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(() => parseImdbCsv(`label,text\n${label},x\n`)).toThrow(
        `parseImdbCsv: \`text\` must be a label of 0 or 1 (or negative / positive); received line 2: "${label}".`,
      );
    }
    expect(() => parseImdbCsv('label,text\n1,"multi\nline"\n7,bad\n')).toThrow(
      'parseImdbCsv: `text` must be a label of 0 or 1 (or negative / positive); received line 4: "7".',
    );
  });
});
