import { expect, it } from 'vitest';

// The public surface of @seq/attention. A change here is a change for users: it needs a changeset.
it('exports exactly this API', async () => {
  expect(Object.keys(await import('./index.js')).sort()).toEqual([
    'AdditiveAttention',
    'Attention',
    'AttentionDecoder',
    'BahdanauAttention',
    'BaseAttention',
    'MASKED_SCORE',
    'MultiHeadAttention',
    'additiveAttention',
    'applyCachedMultiHeadAttention',
    'applyMultiHeadAttention',
    'attention',
    'attentionDecoder',
    'attentionDecoderStepper',
    'bahdanauAttention',
    'causalMask',
    'combineMasks',
    'multiHeadAttention',
    'paddingMask',
    'projectHeads',
    'scaledDotProductAttention',
  ]);
});
