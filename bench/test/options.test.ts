import { describe, expect, it } from 'vitest';
import { defaultOutDir, parseOptions, repeatsFor } from '../src/options.js';

describe('parseOptions', () => {
  it('defaults to a full run on both backends, written to bench/results', () => {
    expect(parseOptions([])).toEqual({
      mode: 'full',
      backends: ['cpu', 'wasm'],
      outDir: defaultOutDir,
      only: null,
    });
    expect(defaultOutDir.endsWith('bench/results')).toBe(true);
  });

  it('reads the mode, backends, output folder and filter', () => {
    expect(
      parseOptions(['--', '--quick', '--backends=wasm', '--out=/tmp/x', '--only=GRU']),
    ).toEqual({
      mode: 'quick',
      backends: ['wasm'],
      outDir: '/tmp/x',
      only: 'GRU',
    });
    expect(parseOptions(['--smoke']).mode).toBe('smoke');
  });

  it('names what it accepts when an argument is wrong', () => {
    expect(() => parseOptions(['--backends=webgl'])).toThrow(
      '--backends: expected a list of cpu and wasm, got "webgl"',
    );
    expect(() => parseOptions(['--fast'])).toThrow(
      'unknown argument "--fast": expected --quick, --smoke, --backends=cpu,wasm, --out=<dir> or --only=<text>',
    );
  });
});

describe('repeatsFor', () => {
  it('scales the repeats with the mode', () => {
    expect(repeatsFor(parseOptions([]), 9)).toBe(9);
    expect(repeatsFor(parseOptions(['--quick']), 9)).toBe(3);
    expect(repeatsFor(parseOptions(['--quick']), 2)).toBe(2);
    expect(repeatsFor(parseOptions(['--smoke']), 9)).toBe(1);
  });
});
