import { describe, expect, it } from 'vitest';
import {
  kerasExportMapping,
  kerasExportMappings,
  registerKerasExport,
} from './keras-export-mapping.js';

describe('registerKerasExport', () => {
  it('registers a mapping under its seq class, the last registration winning', () => {
    registerKerasExport({ seqClassName: 'test.Thing', kerasClassName: 'Thing' });
    registerKerasExport({
      seqClassName: 'test.Thing',
      kerasClassName: ({ kerasVersion }) => `v${kerasVersion}>Thing`,
    });
    const mapping = kerasExportMapping('test.Thing');
    expect(typeof mapping?.kerasClassName).toBe('function');
    expect(kerasExportMappings().filter((m) => m.seqClassName === 'test.Thing')).toHaveLength(1);
    expect(kerasExportMapping('test.Other')).toBeUndefined();
  });

  it('names a missing class name', () => {
    expect(() => registerKerasExport({ seqClassName: '', kerasClassName: 'X' })).toThrow(
      'registerKerasExport: `mapping.seqClassName` must be a non-empty class name; received ""',
    );
    expect(() =>
      registerKerasExport({ seqClassName: 'test.X', kerasClassName: 42 as never }),
    ).toThrow(
      'registerKerasExport: `mapping.kerasClassName` must be a non-empty class name or a function of the Keras version; received 42',
    );
  });
});
