import { expect, it } from 'vitest';

// The public surface of @seq/wavenet. A change here is a change for users: it needs a changeset.
it('exports exactly this API', async () => {
  expect(Object.keys(await import('./index.js')).sort()).toEqual([
    'WaveNetGenerator',
    'WaveNetResidualBlock',
    'decodeWav',
    'encodeWav',
    'muLawDecode',
    'muLawEncode',
    'receptiveField',
    'simpleWaveNet',
    'wavenet',
    'wavenetResidualBlock',
    'wavenetStepper',
  ]);
  expect(Object.keys(await import('./node/index.js')).sort()).toEqual(['readWav', 'writeWav']);
});
