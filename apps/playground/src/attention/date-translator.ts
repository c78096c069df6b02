import { attention, attentionDecoder, bahdanauAttention } from '@seq/attention';
import {
  gru,
  gruCell,
  maskedSparseCategoricalAccuracy,
  maskedSparseCategoricalCrossentropy,
} from '@seq/layers';
import * as tf from '@tensorflow/tfjs';

/** The attention models the page trains. */
export const ATTENTION_KINDS = ['bahdanau', 'luong'] as const;

/** One of {@link ATTENTION_KINDS}. */
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

/** What each model is, for the page. */
export const ATTENTION_DESCRIPTIONS: Record<AttentionKind, string> = {
  bahdanau: 'Bahdanau (additive) attention',
  luong: "Luong's general (multiplicative) attention",
};

/** Sizes and training settings of {@link buildDateTranslator}. */
export interface TranslatorSettings {
  /** Token ids, source and target (one vocabulary). */
  vocabularySize: number;
  /** Source tokens per text. */
  sourceLength: number;
  /** Target tokens per text, start or end token included. */
  targetLength: number;
  embeddingDim: number;
  /** GRU units of the encoder and the decoder. */
  units: number;
  learningRate: number;
  seed: number;
}

/**
 * Compiles a translator with the masked loss and token accuracy of `@seq/layers` (padding steps
 * count for nothing), as the translate app does.
 */
export function compileTranslator(model: tf.LayersModel, learningRate: number): void {
  model.compile({
    optimizer: tf.train.adam(learningRate),
    loss: maskedSparseCategoricalCrossentropy({ fromLogits: true }),
    metrics: [maskedSparseCategoricalAccuracy()],
  });
}

/**
 * The translate app's GRU encoder-decoder with attention (16.4): source ids `[batch,
 * sourceLength]` and decoder inputs `[batch, targetLength]` in, next-token logits `[batch,
 * targetLength, vocabularySize]` out, through an `attentionDecoder` over a `gruCell` with
 * `bahdanauAttention` or Luong's `attention({scoreMode: 'general'})`. The layers are named as the
 * app names them (`source_embedding`, `encoder`, `target_embedding`, `decoder`, `logits`), so
 * decoding finds them in a model either one saved.
 */
export function buildDateTranslator(kind: AttentionKind, settings: TranslatorSettings) {
  const { vocabularySize, embeddingDim, units, seed } = settings;
  let next = seed;
  const glorot = () => tf.initializers.glorotUniform({ seed: next++ });
  const orthogonal = () => tf.initializers.orthogonal({ seed: next++, gain: 1 });
  const recurrent = () => ({ kernelInitializer: glorot(), recurrentInitializer: orthogonal() });
  const source = tf.input({ shape: [settings.sourceLength], name: 'source_ids', dtype: 'int32' });
  const target = tf.input({ shape: [settings.targetLength], name: 'target_ids', dtype: 'int32' });
  const embed = (name: string) =>
    tf.layers.embedding({
      inputDim: vocabularySize,
      outputDim: embeddingDim,
      maskZero: true,
      name,
      embeddingsInitializer: tf.initializers.randomUniform({
        minval: -0.05,
        maxval: 0.05,
        seed: next++,
      }),
    });
  const sourceEmbedded = embed('source_embedding').apply(source) as tf.SymbolicTensor; // [B, Ts, E]
  const [memory, state] = gru({
    units,
    returnSequences: true,
    returnState: true,
    name: 'encoder',
    ...recurrent(),
  }).apply(sourceEmbedded) as tf.SymbolicTensor[]; // [B, Ts, U], [B, U]
  const targetEmbedded = embed('target_embedding').apply(target) as tf.SymbolicTensor; // [B, Tt, E]
  const attentionSeed = next;
  next += 3; // an attention layer seeds its i-th weight with seed + i (Bahdanau has 3)
  const decoder = attentionDecoder({
    cell: gruCell({ units, ...recurrent() }),
    attention:
      kind === 'bahdanau'
        ? bahdanauAttention({ units, seed: attentionSeed })
        : attention({ scoreMode: 'general', seed: attentionSeed }),
    seed: next++,
    name: 'decoder',
  });
  const decoded = decoder.apply([targetEmbedded, memory as tf.SymbolicTensor], {
    initialState: [state],
  }) as tf.SymbolicTensor; // [B, Tt, U]
  const logits = tf.layers
    .dense({ units: vocabularySize, name: 'logits', kernelInitializer: glorot() })
    .apply(decoded) as tf.SymbolicTensor; // [B, Tt, V]
  const model = tf.model({ inputs: [source, target], outputs: logits, name: `translator_${kind}` });
  compileTranslator(model, settings.learningRate);
  return model;
}
