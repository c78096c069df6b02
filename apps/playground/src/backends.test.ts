import { describe, expect, it } from 'vitest';
import { backendFromQuery, offeredBackends } from './backends.js';

describe('offeredBackends', () => {
  it('offers webgpu only where the browser has it', () => {
    expect(offeredBackends(true)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(offeredBackends(false)).toEqual(['webgl', 'wasm', 'cpu']);
  });
});

describe('backendFromQuery', () => {
  it('reads ?backend=, and falls back to the best backend', () => {
    expect(backendFromQuery('?backend=wasm')).toBe('wasm');
    expect(backendFromQuery('?page=1&backend=cpu')).toBe('cpu');
    expect(backendFromQuery('')).toBe('best');
    expect(backendFromQuery('?backend=tensorflow')).toBe('best');
  });
});
