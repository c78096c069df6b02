import { buildTranslator, type ModelSettings } from '@seq/app-translate/translation-models';
import type * as tf from '@tensorflow/tfjs';

/** The attention models the page trains. */
export const ATTENTION_KINDS = ['bahdanau', 'luong'] as const;

/** One of {@link ATTENTION_KINDS}. */
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

/** What each model is, for the page. */
export const ATTENTION_DESCRIPTIONS: Record<AttentionKind, string> = {
  bahdanau: 'Bahdanau (additive) attention',
  luong: "Luong's general (multiplicative) attention",
};

/** Sizes and training settings of {@link buildDateTranslator}: the translate app's. */
export type TranslatorSettings = ModelSettings;

/**
 * The translate app's GRU encoder-decoder with attention (16.4), built and compiled by the app's
 * own `buildTranslator`: source ids `[batch, sourceLength]` and decoder inputs `[batch,
 * targetLength]` in, next-token logits `[batch, targetLength, vocabularySize]` out, through an
 * `attentionDecoder` over a `gruCell` with `bahdanauAttention` or Luong's
 * `attention({scoreMode: 'general'})`, trained with the masked loss. The layers are named as the
 * app names them (`source_embedding`, `encoder`, `target_embedding`, `decoder`, `logits`), so
 * decoding finds them in a model either one saved.
 */
export function buildDateTranslator(
  kind: AttentionKind,
  settings: TranslatorSettings,
): tf.LayersModel {
  return buildTranslator(kind, settings);
}
