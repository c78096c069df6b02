/**
 * Attention for sequence models: scaled dot-product attention and masks as functions, Luong
 * (`Attention`) and Bahdanau (`AdditiveAttention`) attention, and a trainable, Keras-compatible
 * `MultiHeadAttention`. Importing this package registers its layers for serialization.
 *
 * @packageDocumentation
 */
export {
  AdditiveAttention,
  type AdditiveAttentionArgs,
  additiveAttention,
} from './additive-attention.js';
export {
  type ApplyMultiHeadAttentionOptions,
  type AttentionCache,
  applyCachedMultiHeadAttention,
  applyMultiHeadAttention,
  type CachedAttentionOptions,
  type CachedAttentionResult,
  type MultiHeadAttentionResult,
  type MultiHeadAttentionWeights,
  projectHeads,
} from './apply-multi-head-attention.js';
export { Attention, type AttentionArgs, attention } from './attention.js';
export {
  AttentionDecoder,
  type AttentionDecoderArgs,
  type AttentionDecoderCallOptions,
  type AttentionDecoderState,
  type AttentionDecoderStep,
  attentionDecoder,
} from './attention-decoder.js';
export {
  type AttentionDecoderStepperArgs,
  type AttentionDecoderStepperResult,
  type AttentionDecoderStepperState,
  attentionDecoderStepper,
} from './attention-decoder-stepper.js';
export {
  BahdanauAttention,
  type BahdanauAttentionArgs,
  bahdanauAttention,
} from './bahdanau-attention.js';
export {
  BaseAttention,
  type BaseAttentionArgs,
  type BaseAttentionCallOptions,
} from './base-attention.js';
export { causalMask, combineMasks, paddingMask } from './masks.js';
export {
  MultiHeadAttention,
  type MultiHeadAttentionArgs,
  type MultiHeadAttentionCallOptions,
  multiHeadAttention,
} from './multi-head-attention.js';
export {
  type AttentionResult,
  MASKED_SCORE,
  type ScaledDotProductAttentionOptions,
  scaledDotProductAttention,
} from './scaled-dot-product-attention.js';

import './keras-mappings.js';
