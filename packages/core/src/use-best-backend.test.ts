import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { useBackend } from './use-backend.js';
import { useBestBackend } from './use-best-backend.js';

const initial = tf.getBackend();
afterEach(async () => {
  await tf.setBackend(initial);
});

describe('useBestBackend', () => {
  it('in Node, skips tfjs-node when it is not installed and picks wasm, saying why', async () => {
    const choice = await useBestBackend();
    expect(choice.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.skipped).toHaveLength(1);
    expect(choice.skipped[0]?.backend).toBe('tensorflow');
    expect(choice.skipped[0]?.reason).toBe('@tensorflow/tfjs-node is not installed');
    expect(choice.summary).toBe(
      'tfjs backend: wasm (skipped tensorflow: @tensorflow/tfjs-node is not installed)',
    );
  });

  it('follows the given order and says nothing when the first works', async () => {
    const choice = await useBestBackend({ order: ['cpu', 'wasm'] });
    expect(choice).toEqual({ backend: 'cpu', skipped: [], summary: 'tfjs backend: cpu' });
  });

  it('uses the importers it is given, and reports a package that registers nothing', async () => {
    const choice = await useBestBackend({
      order: ['webgpu', 'cpu'],
      importers: { webgpu: async () => ({}) },
    });
    expect(choice.backend).toBe('cpu');
    expect(choice.skipped[0]?.reason).toBe(
      "@tensorflow/tfjs-backend-webgpu loaded but registered no 'webgpu' backend with this copy of @tensorflow/tfjs (is a second copy installed?)",
    );
  });

  it('reports an importer that fails', async () => {
    const choice = await useBestBackend({
      order: ['tensorflow', 'cpu'],
      importers: {
        tensorflow: () =>
          Promise.reject(new Error('libtensorflow.so: cannot open shared object file')),
      },
    });
    expect(choice.summary).toBe(
      'tfjs backend: cpu (skipped tensorflow: @tensorflow/tfjs-node did not load: libtensorflow.so: cannot open shared object file)',
    );
  });

  it('rejects a bad order, and fails clearly when nothing works', async () => {
    await expect(useBestBackend({ order: [] })).rejects.toThrow(
      'useBestBackend: `order` must be a non-empty list of "tensorflow", "webgpu", "webgl", "wasm", "cpu"; received [].',
    );
    await expect(useBestBackend({ order: ['gpu' as never] })).rejects.toThrow('received ["gpu"].');
    await expect(
      useBestBackend({
        order: ['webgpu'],
        importers: { webgpu: () => Promise.reject(new Error('no GPU')) },
      }),
    ).rejects.toThrow(
      'useBestBackend: `order` must be a list with at least one backend that works here; received webgpu (@tensorflow/tfjs-backend-webgpu did not load: no GPU).',
    );
  });
});

describe('useBackend', () => {
  it('switches back to the previous backend when a backend fails to initialise', async () => {
    await useBackend('cpu');
    const failing = async () => {
      tf.registerBackend('webgpu', async () => {
        throw new Error('no adapter');
      });
    };
    try {
      await expect(useBackend('webgpu', { importers: { webgpu: failing } })).rejects.toThrow(
        'useBackend: `name` must be a backend that loads and initialises here; received "webgpu", which failed to initialise.',
      );
      expect(tf.getBackend()).toBe('cpu');
      const x = tf.add(tf.scalar(1), tf.scalar(2)); // ops still work
      expect(x.dataSync()[0]).toBe(3);
      tf.dispose(x);
      const choice = await useBestBackend({ order: ['webgpu', 'cpu'] });
      expect(choice.summary).toBe('tfjs backend: cpu (skipped webgpu: failed to initialise)');
    } finally {
      tf.removeBackend('webgpu');
    }
  });

  it('switches to a named backend, loading its package', async () => {
    await useBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
    await useBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('says why a backend is unavailable', async () => {
    await expect(useBackend('metal' as never)).rejects.toThrow(
      'useBackend: `name` must be one of "tensorflow", "webgpu", "webgl", "wasm", "cpu"; received "metal".',
    );
    await expect(
      useBackend('tensorflow', {
        importers: { tensorflow: () => Promise.reject(new Error('not found')) },
      }),
    ).rejects.toThrow(
      'useBackend: `name` must be a backend that loads and initialises here; received "tensorflow", which @tensorflow/tfjs-node did not load: not found.',
    );
  });
});

describe('a backend that fails to initialise when none was active', () => {
  it('does not stay recorded as the active backend: the next best one is', async () => {
    const { execFileSync } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const script = fileURLToPath(new URL('../test/fixtures/backend-fallback.ts', import.meta.url));
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=@seq/source', script],
      { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) },
    );
    const lines = output.trim().split('\n');
    expect(lines[0]).toMatch(/^error: useBackend: .*"webgl", which failed to initialise\.$/);
    expect(lines.slice(1)).toEqual(['active: cpu', 'op ran on: cpu, result 3']);
  }, 60_000);
});
