import { expect, it } from 'vitest';

// The public surface of @seq/decoding. A change here is a change for users: it needs a changeset.
it('exports exactly this API', async () => {
  expect(Object.keys(await import('./index.js')).sort()).toEqual([
    'beamSearch',
    'chrF',
    'corpusBleu',
    'greedySearch',
    'minLengthProcessor',
    'noRepeatNgramProcessor',
    'perplexity',
    'prefixStepper',
    'recurrentStepper',
    'repetitionPenaltyProcessor',
    'sample',
    'sentenceBleu',
    'sentenceChrF',
    'temperatureProcessor',
    'tokenDistribution',
    'topKProcessor',
    'topPProcessor',
  ]);
});
