import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BenchReport, describeMachine, formatCell, markdownTable } from '../src/report.js';

describe('formatCell', () => {
  it('writes numbers to a precision that suits their size', () => {
    expect(formatCell(1234.56)).toBe('1,235');
    expect(formatCell(42.345)).toBe('42.3');
    expect(formatCell(3.14567)).toBe('3.15');
    expect(formatCell(0.012345)).toBe('0.012');
    expect(formatCell(7)).toBe('7');
    expect(formatCell(0)).toBe('0');
  });

  it('writes labels, booleans and missing values', () => {
    expect(formatCell('wasm')).toBe('wasm');
    expect(formatCell(true)).toBe('yes');
    expect(formatCell(false)).toBe('NO');
    expect(formatCell(null)).toBe('-');
    expect(formatCell(Number.NaN)).toBe('NaN');
  });
});

describe('markdownTable', () => {
  it('lays out a header, a rule and one line per row', () => {
    expect(
      markdownTable(
        ['a', 'b'],
        [
          { a: 'x', b: 1.5 },
          { a: 'y', b: null },
        ],
      ),
    ).toBe('| a | b |\n| --- | --- |\n| x | 1.50 |\n| y | - |');
  });
});

describe('BenchReport', () => {
  it('writes the rows, the notes and the machine to <suite>.json', () => {
    const out = mkdtempSync(join(tmpdir(), 'seq-bench-'));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const report = new BenchReport('demo', 'a test', ['name', 'ms'], 'smoke');
    report.add({ name: 'one', ms: 1.25 });
    report.note('a note');
    const path = report.finish(out);
    log.mockRestore();
    expect(path).toBe(join(out, 'demo.json'));
    expect(readdirSync(out)).toEqual(['demo.json']); // no temporary file left
    const written = JSON.parse(readFileSync(path, 'utf8'));
    expect(written).toMatchObject({
      suite: 'demo',
      description: 'a test',
      mode: 'smoke',
      columns: ['name', 'ms'],
      rows: [{ name: 'one', ms: 1.25 }],
      notes: ['a note'],
      machine: describeMachine(),
    });
    expect(new Date(written.date).getTime()).not.toBeNaN();
  });

  it('refuses a row without every column', () => {
    const report = new BenchReport('demo', 'a test', ['name', 'ms'], 'full');
    expect(() => report.add({ name: 'one' })).toThrow('demo: row is missing column(s) ms');
  });
});
