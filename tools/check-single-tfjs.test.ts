import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSingleTfjs, tfjsCopies } from './check-single-tfjs.mjs';

const lock = (snapshots: string[]) =>
  [
    "lockfileVersion: '9.0'",
    '',
    'packages:',
    '',
    "  '@tensorflow/tfjs-core@4.22.0':",
    '    resolution: {}',
    '',
    'snapshots:',
    '',
    ...snapshots.flatMap((s) => [`  '${s}':`, '    dependencies: {}', '']),
  ].join('\n');

describe('checkSingleTfjs', () => {
  it('passes the workspace lockfile', () => {
    const text = readFileSync(new URL('../pnpm-lock.yaml', import.meta.url), 'utf8');
    expect(checkSingleTfjs(text)).toEqual([]);
    expect(tfjsCopies(text).get('@tensorflow/tfjs-core')).toEqual(['@tensorflow/tfjs-core@4.22.0']);
  });

  it('fails on a second version of tfjs-core', () => {
    const text = lock([
      '@tensorflow/tfjs-core@4.22.0',
      '@tensorflow/tfjs-core@4.21.0',
      '@tensorflow/tfjs-layers@4.22.0(@tensorflow/tfjs-core@4.22.0)',
    ]);
    expect(checkSingleTfjs(text)).toEqual([
      '@tensorflow/tfjs-core is installed 2 times: @tensorflow/tfjs-core@4.22.0, @tensorflow/tfjs-core@4.21.0',
    ]);
  });

  it('fails on one version of tfjs-layers installed twice for different peers', () => {
    const text = lock([
      '@tensorflow/tfjs-core@4.22.0',
      '@tensorflow/tfjs-layers@4.22.0(@tensorflow/tfjs-core@4.22.0)',
      '@tensorflow/tfjs-layers@4.22.0(@tensorflow/tfjs-core@4.20.0)',
    ]);
    expect(checkSingleTfjs(text)[0]).toMatch(/^@tensorflow\/tfjs-layers is installed 2 times/);
  });

  it('fails when tfjs is missing altogether', () => {
    expect(checkSingleTfjs(lock([]))).toEqual([
      '@tensorflow/tfjs-core is not in the lockfile at all',
      '@tensorflow/tfjs-layers is not in the lockfile at all',
    ]);
  });
});
