import { expect, it } from 'vitest';

// The public surface of @seq/transformer. A change here is a change for users: it needs a changeset.
it('exports exactly this API', async () => {
  expect(Object.keys(await import('./index.js')).sort()).toEqual([
    'PaddingMask',
    'PositionEmbedding',
    'SinePositionEncoding',
    'TokenAndPositionEmbedding',
    'TransformerBlock',
    'TransformerDecoder',
    'TransformerEncoder',
    'causalLMStepper',
    'clipByGlobalNorm',
    'disposeCausalLMState',
    'disposeSeq2SeqState',
    'learningRateScheduler',
    'seq2seqStepper',
    'sinePositionEncoding',
    'transformerCausalLM',
    'transformerClassifier',
    'transformerSchedule',
    'transformerSeq2Seq',
  ]);
});
