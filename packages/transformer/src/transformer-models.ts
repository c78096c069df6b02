import { assertNumberInRange, assertPositiveInteger, SeqError } from '@seq/core';
import { GlobalAveragePooling1D } from '@seq/layers';
import * as tf from '@tensorflow/tfjs';
import { PaddingMask } from './padding-mask.js';
import { checkSeed, seededGlorotUniform } from './seeded-initializer.js';
import { TokenAndPositionEmbedding } from './token-and-position-embedding.js';
import { TransformerDecoder } from './transformer-decoder.js';
import { TransformerEncoder } from './transformer-encoder.js';

/** The size of a Transformer built by the model builders. */
export interface TransformerModelArgs {
  /** Number of token ids (0 is padding). */
  vocabularySize: number;
  /** The longest sequence. */
  sequenceLength: number;
  /** Width of the model (`d_model`); divisible by `numHeads`. */
  embeddingDim: number;
  /** Attention heads. */
  numHeads: number;
  /** Hidden size of the feed-forward networks. */
  intermediateDim: number;
  /** Blocks in the encoder and in the decoder. @defaultValue `1` */
  numLayers?: number;
  /** Dropout rate. @defaultValue `0` */
  dropout?: number;
  /** Pre-norm blocks. @defaultValue `false` */
  normalizeFirst?: boolean;
  /**
   * Seed of every initializer (each layer gets its own seed derived from it), for reproducible
   * weights: the same seed and data give the same model on cpu and wasm. `null` for random weights.
   * @defaultValue `null`
   */
  seed?: number | null;
}

function check(owner: string, args: TransformerModelArgs): Required<TransformerModelArgs> {
  if (args === null || typeof args !== 'object') {
    throw new SeqError({
      owner,
      argument: 'args',
      expected:
        'the model size ({vocabularySize, sequenceLength, embeddingDim, numHeads, intermediateDim})',
      received: args,
    });
  }
  const embeddingDim = assertPositiveInteger(owner, 'embeddingDim', args.embeddingDim);
  const numHeads = assertPositiveInteger(owner, 'numHeads', args.numHeads);
  if (embeddingDim % numHeads !== 0) {
    throw new SeqError({
      owner,
      argument: 'embeddingDim',
      expected: `a multiple of numHeads (${numHeads})`,
      received: embeddingDim,
    });
  }
  return {
    vocabularySize: assertPositiveInteger(owner, 'vocabularySize', args.vocabularySize),
    sequenceLength: assertPositiveInteger(owner, 'sequenceLength', args.sequenceLength),
    embeddingDim,
    numHeads,
    intermediateDim: assertPositiveInteger(owner, 'intermediateDim', args.intermediateDim),
    numLayers: assertPositiveInteger(owner, 'numLayers', args.numLayers ?? 1),
    dropout: assertNumberInRange(owner, 'dropout', args.dropout ?? 0, {
      min: 0,
      max: 1,
      maxInclusive: false,
    }),
    normalizeFirst: args.normalizeFirst ?? false,
    seed: checkSeed(owner, args.seed),
  };
}

/** Seeds for the layers of a model: `seed`, `seed + 1000`, ... (each layer has under 1000 weights), or nulls. */
function seeds(seed: number | null): () => number | null {
  let next = seed;
  return () => {
    const s = next;
    if (next !== null) next += 1000;
    return s;
  };
}

/** A dense layer's kernel initializer from a layer seed (glorot-uniform, as tfjs' default). */
const denseKernel = (seed: number | null) =>
  seed === null ? {} : { kernelInitializer: seededGlorotUniform(seed, 0) };

/** Token ids `[B, T]` -> embeddings (padding mask from id 0) -> `numLayers` blocks of one kind: `[B, T, D]`. */
function embedAndStack(
  ids: tf.SymbolicTensor,
  a: Required<TransformerModelArgs>,
  kind: 'encoder' | 'decoder',
  nextSeed: () => number | null,
  context: tf.SymbolicTensor[] | null = null,
  embeddingName = 'token_embedding',
): tf.SymbolicTensor {
  let x = new TokenAndPositionEmbedding({
    vocabularySize: a.vocabularySize,
    sequenceLength: a.sequenceLength,
    embeddingDim: a.embeddingDim,
    maskZero: true,
    seed: nextSeed(),
    name: embeddingName,
  }).apply(ids) as tf.SymbolicTensor;
  const block = {
    intermediateDim: a.intermediateDim,
    numHeads: a.numHeads,
    dropout: a.dropout,
    normalizeFirst: a.normalizeFirst,
  };
  for (let i = 0; i < a.numLayers; i++) {
    const layer =
      kind === 'encoder'
        ? new TransformerEncoder({ ...block, seed: nextSeed(), name: `encoder_${i}` })
        : new TransformerDecoder({ ...block, seed: nextSeed(), name: `decoder_${i}` });
    x = layer.apply(context ? [x, ...context] : x) as tf.SymbolicTensor;
  }
  return x;
}

/**
 * An encoder-decoder Transformer (Vaswani et al. 2017, scaled down) as a `tf.LayersModel`: inputs
 * `[sourceIds [batch, sequenceLength], targetIds [batch, sequenceLength]]` (0 = padding; the target is
 * shifted right for teacher forcing), output logits `[batch, sequenceLength, vocabularySize]`.
 * Padding masks flow from the embeddings into every block; the decoder is causal.
 *
 * @throws {@link @seq/core!index.SeqError} for an invalid size.
 * @example
 * ```ts
 * const model = transformerSeq2Seq({ vocabularySize: 12, sequenceLength: 8, embeddingDim: 32, numHeads: 4, intermediateDim: 64 });
 * model.compile({ optimizer: tf.train.adam(1e-3), loss: maskedSparseCategoricalCrossentropy({ fromLogits: true }) });
 * ```
 */
export function transformerSeq2Seq(args: TransformerModelArgs): tf.LayersModel {
  const a = check('transformerSeq2Seq', args);
  const nextSeed = seeds(a.seed);
  const source = tf.input({ shape: [a.sequenceLength], name: 'source_ids' });
  const target = tf.input({ shape: [a.sequenceLength], name: 'target_ids' });
  const encoded = embedAndStack(source, a, 'encoder', nextSeed, null, 'source_embedding'); // [B, Ts, D]
  const sourceMask = new PaddingMask({ name: 'source_padding_mask' }).apply(
    source,
  ) as tf.SymbolicTensor; // [B, Ts]
  const decoded = embedAndStack(
    target,
    a,
    'decoder',
    nextSeed,
    [encoded, sourceMask],
    'target_embedding',
  ); // [B, Tt, D]
  const logits = tf.layers
    .dense({ units: a.vocabularySize, name: 'logits', ...denseKernel(nextSeed()) })
    .apply(decoded) as tf.SymbolicTensor; // [B, Tt, V]
  return tf.model({ inputs: [source, target], outputs: logits, name: 'transformer_seq2seq' });
}

/**
 * A decoder-only Transformer language model (GPT-style) as a `tf.LayersModel`: input ids `[batch,
 * sequenceLength]` (0 = padding), output next-token logits `[batch, sequenceLength, vocabularySize]`.
 *
 * @throws {@link @seq/core!index.SeqError} for an invalid size.
 * @example
 * ```ts
 * const lm = transformerCausalLM({ vocabularySize: 65, sequenceLength: 64, embeddingDim: 64, numHeads: 4, intermediateDim: 128, numLayers: 2 });
 * ```
 */
export function transformerCausalLM(args: TransformerModelArgs): tf.LayersModel {
  const a = check('transformerCausalLM', args);
  const nextSeed = seeds(a.seed);
  const ids = tf.input({ shape: [a.sequenceLength], name: 'token_ids' });
  const x = embedAndStack(ids, a, 'decoder', nextSeed); // [B, T, D]
  const logits = tf.layers
    .dense({ units: a.vocabularySize, name: 'logits', ...denseKernel(nextSeed()) })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: ids, outputs: logits, name: 'transformer_causal_lm' });
}

/** Arguments of {@link transformerClassifier}. */
export interface TransformerClassifierArgs extends TransformerModelArgs {
  /** Number of classes. */
  numClasses: number;
}

/**
 * A Transformer encoder classifier (sentiment analysis, say) as a `tf.LayersModel`: input ids
 * `[batch, sequenceLength]` (0 = padding), output class probabilities `[batch, numClasses]`. The
 * encoder never attends to padding, and the pooling averages the real tokens only (seq's
 * {@link @seq/layers!GlobalAveragePooling1D}), so padding a review further leaves its class unchanged.
 *
 * @throws {@link @seq/core!index.SeqError} for an invalid size.
 * @example
 * ```ts
 * const classifier = transformerClassifier({ vocabularySize: 10000, sequenceLength: 200, embeddingDim: 32, numHeads: 2, intermediateDim: 32, numClasses: 2 });
 * ```
 */
export function transformerClassifier(args: TransformerClassifierArgs): tf.LayersModel {
  const a = check('transformerClassifier', args);
  const numClasses = assertPositiveInteger('transformerClassifier', 'numClasses', args.numClasses);
  const nextSeed = seeds(a.seed);
  const ids = tf.input({ shape: [a.sequenceLength], name: 'token_ids' });
  const x = embedAndStack(ids, a, 'encoder', nextSeed); // [B, T, D]
  // The mean over the real tokens: the padding mask flows from the embedding through the blocks.
  const pooled = new GlobalAveragePooling1D({ name: 'pooling' }).apply(x) as tf.SymbolicTensor; // [B, D]
  const probs = tf.layers
    .dense({
      units: numClasses,
      activation: 'softmax',
      name: 'classes',
      ...denseKernel(nextSeed()),
    })
    .apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: ids, outputs: probs, name: 'transformer_classifier' });
}
