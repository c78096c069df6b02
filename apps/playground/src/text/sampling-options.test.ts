import { describe, expect, it } from 'vitest';
import { samplingFilters } from './sampling-options.js';

describe('samplingFilters', () => {
  it('is greedy at temperature 0', () => {
    expect(samplingFilters({ temperature: 0, topK: 5, topP: 0.9 })).toEqual({ topK: 1 });
  });

  it('leaves out the filters that filter nothing', () => {
    expect(samplingFilters({ temperature: 0.8, topK: 0, topP: 1 })).toEqual({ temperature: 0.8 });
    expect(samplingFilters({ temperature: 1, topK: 10, topP: 0.95 })).toEqual({
      temperature: 1,
      topK: 10,
      topP: 0.95,
    });
  });
});
