/**
 * Transformer building blocks (Vaswani et al. 2017) compatible with keras-hub: sinusoidal and
 * learned position encodings, and the Transformer encoder and decoder blocks. Importing this package
 * registers its layers for serialization.
 *
 * @packageDocumentation
 */

/** The learning-rate callback lives in `@seq/core`; re-exported here, where it began. */
export { learningRateScheduler } from '@seq/core';
export {
  type CausalLMState,
  type CausalLMStep,
  type CausalLMStepResult,
  causalLMStepper,
  disposeCausalLMState,
} from './causal-lm-stepper.js';
export { PaddingMask, type PaddingMaskArgs } from './padding-mask.js';
export { PositionEmbedding, type PositionEmbeddingArgs } from './position-embedding.js';
export {
  disposeSeq2SeqState,
  type Seq2SeqState,
  type Seq2SeqStep,
  type Seq2SeqStepper,
  type Seq2SeqStepResult,
  seq2seqStepper,
} from './seq2seq-stepper.js';
export {
  SinePositionEncoding,
  type SinePositionEncodingArgs,
  type SinePositionEncodingOptions,
  sinePositionEncoding,
} from './sine-position-encoding.js';
export {
  TokenAndPositionEmbedding,
  type TokenAndPositionEmbeddingArgs,
} from './token-and-position-embedding.js';
export {
  type ClippedGradients,
  clipByGlobalNorm,
  type TransformerScheduleOptions,
  transformerSchedule,
} from './training-helpers.js';
export { TransformerBlock, type TransformerBlockArgs } from './transformer-block.js';
export {
  TransformerDecoder,
  type TransformerDecoderCache,
  type TransformerDecoderCacheOptions,
  type TransformerDecoderCacheResult,
  type TransformerDecoderCallOptions,
} from './transformer-decoder.js';
export { TransformerEncoder, type TransformerEncoderCallOptions } from './transformer-encoder.js';
export {
  type TransformerClassifierArgs,
  type TransformerModelArgs,
  transformerCausalLM,
  transformerClassifier,
  transformerSeq2Seq,
} from './transformer-models.js';

import './keras-mappings.js';
