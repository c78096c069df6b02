import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNsmc } from './parse-nsmc.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/datasets/${name}`, import.meta.url), 'utf8');

describe('parseNsmc', () => {
  it('splits on TAB only, keeping doubled quotes, Korean text and empty reviews', () => {
    const reviews = parseNsmc(fixture('nsmc.txt'));
    expect(reviews).toHaveLength(5);
    expect(reviews[0]).toEqual({
      id: '9976970',
      text: '아 더빙.. 진짜 짜증나네요 목소리',
      label: 0,
    });
    expect(reviews[2]?.text).toBe(
      '"""영화 끝나갈때쯤에 멍하다가 다보고나면 한마디 나올거임 """"ㅈ같다."""""""',
    );
    expect(reviews[3]).toEqual({ id: '5403919', text: '', label: 0 });
    expect(reviews.map((r) => r.label)).toEqual([0, 1, 1, 0, 1]);
  });

  it('reads CRLF, a byte-order mark and blank lines', () => {
    const text = '\uFEFFid\tdocument\tlabel\r\n1\t좋아요\t1\r\n\r\n2\t별로\t0';
    expect(parseNsmc(text)).toEqual([
      { id: '1', text: '좋아요', label: 1 },
      { id: '2', text: '별로', label: 0 },
    ]);
  });

  it('reports a missing header, a malformed line and a bad label with their line', () => {
    expect(() => parseNsmc('1\tx\t0\n')).toThrow(
      'parseNsmc: `text` must be NSMC text starting with the header id<TAB>document<TAB>label; received line 1: "1\\tx\\t0".',
    );
    expect(() => parseNsmc('id\tdocument\tlabel\n1\tok\t1\n\n2,"a",0\n')).toThrow(
      'parseNsmc: `text` must be lines of id<TAB>document<TAB>label; received line 4: "2,\\"a\\",0".',
    );
    expect(() => parseNsmc('id\tdocument\tlabel\n1\ta\tb\t0\n')).toThrow(
      'received line 2: "1\\ta\\tb\\t0".',
    );
    expect(() => parseNsmc(fixture('nsmc-bad-label.txt'))).toThrow(
      'parseNsmc: `text` must be a label of 0 or 1; received line 3: "5".',
    );
    expect(() => parseNsmc(42 as unknown as string)).toThrow(
      'parseNsmc: `text` must be NSMC text (id<TAB>document<TAB>label); received 42.',
    );
  });
});
