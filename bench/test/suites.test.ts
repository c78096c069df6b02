import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../src/report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/** `pnpm bench ...args`, without needing pnpm on the PATH: the same Node flags as its script. */
const runBench = (...args: string[]) =>
  execFileSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=@seq/source', 'src/run.ts', ...args],
    { cwd: root, encoding: 'utf8', stdio: 'pipe' },
  );

/**
 * Every suite runs end to end at smoke size (tiny models, one repeat): the scripts cannot rot.
 * The numbers are not checked (timings belong in the Performance page, not in tests), only that
 * each suite writes a complete table and that compared variants agree where they must.
 */
describe('pnpm bench --smoke', () => {
  it('runs every suite and writes one JSON file each', { timeout: 180_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), 'seq-bench-'));
    runBench('--smoke', `--out=${out}`);
    const files = readdirSync(out).sort();
    expect(files).toEqual([
      'beam-search.json',
      'data-tokenizers.json',
      'data-windowing.json',
      'generation.json',
      'mat-mul.json',
      'train-step.json',
    ]);
    for (const file of files) {
      const result = JSON.parse(readFileSync(join(out, file), 'utf8')) as BenchResult;
      expect(result.mode).toBe('smoke');
      expect(result.rows.length).toBeGreaterThan(0);
      for (const row of result.rows) {
        expect(Object.keys(row).sort()).toEqual([...result.columns].sort());
        for (const value of Object.values(row)) {
          if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
        }
      }
    }
    const read = (name: string) =>
      JSON.parse(readFileSync(join(out, `${name}.json`), 'utf8')) as BenchResult;
    // Both backends, four workloads; the variants being compared give the same tokens.
    expect(read('train-step').rows).toHaveLength(8);
    // Three models on both backends, the baby GPT on wasm only; the same tokens both ways.
    expect(
      read('generation')
        .rows.map((r) => `${r.backend}`)
        .sort(),
    ).toEqual([...Array(3).fill('cpu'), ...Array(4).fill('wasm')]);
    expect(read('generation').rows.every((r) => r['same tokens'] === true)).toBe(true);
    expect(read('beam-search').rows.every((r) => r['same best'] === true)).toBe(true);
    expect(read('mat-mul').rows.every((r) => (r['relative difference'] as number) < 1e-5)).toBe(
      true,
    );
  });

  it('refuses an unknown suite or flag before running anything', () => {
    expect(() => runBench('speed')).toThrow(
      /unknown suite\(s\) speed: expected any of train-step, generation/,
    );
    expect(() => runBench('--fast')).toThrow(/unknown argument "--fast"/);
  });
});
