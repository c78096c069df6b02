import { attention, attentionDecoder, bahdanauAttention } from '@seq/attention';
import {
  gru,
  gruCell,
  maskedSparseCategoricalAccuracy,
  maskedSparseCategoricalCrossentropy,
} from '@seq/layers';
import { transformerSeq2Seq } from '@seq/transformer';
import * as tf from '@tensorflow/tfjs';

/** The models `--model` picks. */
export const MODEL_KINDS = ['gru', 'bahdanau', 'luong', 'transformer'] as const;

/** One of {@link MODEL_KINDS}. */
export type ModelKind = (typeof MODEL_KINDS)[number];

/** What each model is, for `--help` and the results. */
export const MODEL_DESCRIPTIONS: Record<ModelKind, string> = {
  gru: 'GRU encoder-decoder without attention: the source reaches the decoder as one state',
  bahdanau: 'GRU encoder-decoder with Bahdanau (additive) attention',
  luong: "GRU encoder-decoder with Luong's general (multiplicative) attention",
  transformer: 'a Transformer encoder-decoder (transformerSeq2Seq)',
};

/** Sizes and training settings of a model. */
export interface ModelSettings {
  /** Token ids, source and target (one vocabulary). */
  vocabularySize: number;
  /** Source tokens per sentence. */
  sourceLength: number;
  /** Target tokens per sentence, start or end token included. */
  targetLength: number;
  /** Width of the embeddings (and of the Transformer). */
  embeddingDim: number;
  /** Recurrent units (the Transformer's feed-forward width). */
  units: number;
  /** Adam's learning rate. */
  learningRate: number;
  /** Seed of every initializer. */
  seed: number;
}

/** Whether a model is one of the recurrent encoder-decoders. */
export function isRecurrent(kind: ModelKind): boolean {
  return kind !== 'transformer';
}

/** The Transformer reads source and target padded to one length. */
export function sequenceLengths(
  kind: ModelKind,
  settings: Pick<ModelSettings, 'sourceLength' | 'targetLength'>,
): { source: number; target: number } {
  const longest = Math.max(settings.sourceLength, settings.targetLength);
  return isRecurrent(kind)
    ? { source: settings.sourceLength, target: settings.targetLength }
    : { source: longest, target: longest };
}

/**
 * Compiles a translation model with the masked loss and token accuracy (padding steps count for
 * nothing). A resumed model is compiled again with its own optimizer, which keeps its state.
 */
export function compileTranslator(model: tf.LayersModel, optimizer: tf.Optimizer): void {
  model.compile({
    optimizer,
    loss: maskedSparseCategoricalCrossentropy({ fromLogits: true }),
    metrics: [maskedSparseCategoricalAccuracy()],
  });
}

/**
 * Builds and compiles a translation model: source ids `[batch, sourceLength]` and decoder inputs
 * `[batch, targetLength]` (start token first: teacher forcing) in, next-token logits `[batch,
 * targetLength, vocabularySize]` out. The recurrent models name their layers `source_embedding`,
 * `encoder`, `target_embedding`, `decoder` and `logits`, which decoding finds again after a load.
 */
export function buildTranslator(kind: ModelKind, settings: ModelSettings): tf.LayersModel {
  const { vocabularySize, embeddingDim, units, seed } = settings;
  const lengths = sequenceLengths(kind, settings);
  let model: tf.LayersModel;
  if (kind === 'transformer') {
    model = transformerSeq2Seq({
      vocabularySize,
      sequenceLength: lengths.source,
      embeddingDim,
      numHeads: embeddingDim % 4 === 0 ? 4 : 1,
      intermediateDim: units,
      numLayers: 2,
      seed,
    });
  } else {
    let next = seed;
    const glorot = () => tf.initializers.glorotUniform({ seed: next++ });
    const orthogonal = () => tf.initializers.orthogonal({ seed: next++, gain: 1 });
    const recurrent = () => ({ kernelInitializer: glorot(), recurrentInitializer: orthogonal() });
    const source = tf.input({ shape: [lengths.source], name: 'source_ids', dtype: 'int32' });
    const target = tf.input({ shape: [lengths.target], name: 'target_ids', dtype: 'int32' });
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
    const decoder =
      kind === 'gru'
        ? gru({ units, returnSequences: true, name: 'decoder', ...recurrent() })
        : attentionDecoder({
            cell: gruCell({ units, ...recurrent() }),
            attention:
              kind === 'bahdanau'
                ? bahdanauAttention({ units, seed: attentionSeed })
                : attention({ scoreMode: 'general', seed: attentionSeed }),
            seed: next++,
            name: 'decoder',
          });
    const decoded = (
      kind === 'gru'
        ? decoder.apply(targetEmbedded, { initialState: [state] })
        : decoder.apply([targetEmbedded, memory as tf.SymbolicTensor], { initialState: [state] })
    ) as tf.SymbolicTensor; // [B, Tt, U]
    const logits = tf.layers
      .dense({ units: vocabularySize, name: 'logits', kernelInitializer: glorot() })
      .apply(decoded) as tf.SymbolicTensor; // [B, Tt, V]
    model = tf.model({ inputs: [source, target], outputs: logits, name: `translator_${kind}` });
  }
  compileTranslator(model, tf.train.adam(settings.learningRate));
  return model;
}
