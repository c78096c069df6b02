import { GRU } from '@seq/layers';
import { transformerCausalLM } from '@seq/transformer';
import * as tf from '@tensorflow/tfjs';

/** The vocabulary of the generation benchmarks' language models (characters). */
export const VOCABULARY = 64;

/**
 * The book's char-RNN at half width: Embedding(64, 32) -> GRU(128) -> GRU(128) -> Dense(64), with
 * seeded random weights (speed does not depend on training; the recurrent kernels are glorot rather
 * than Keras' orthogonal, which tfjs takes about 15 s a layer to compute on cpu). `small` shrinks
 * it for smoke runs.
 */
export function charRnn(small: boolean): tf.Sequential {
  const units = small ? 8 : 128;
  return tf.sequential({
    layers: [
      tf.layers.embedding({
        inputDim: VOCABULARY,
        outputDim: small ? 4 : 32,
        inputShape: [null],
        embeddingsInitializer: tf.initializers.randomNormal({ seed: 1 }),
      }),
      new GRU({
        units,
        returnSequences: true,
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
        recurrentInitializer: tf.initializers.glorotUniform({ seed: 12 }),
      }),
      new GRU({
        units,
        returnSequences: true,
        kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
        recurrentInitializer: tf.initializers.glorotUniform({ seed: 13 }),
      }),
      tf.layers.dense({
        units: VOCABULARY,
        kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }),
      }),
    ],
  });
}

/** A small decoder-only Transformer LM: 2 blocks, hidden 128, 4 heads, feed-forward 256. */
export function transformerLM(small: boolean): tf.LayersModel {
  return transformerCausalLM({
    vocabularySize: VOCABULARY,
    sequenceLength: 256,
    embeddingDim: small ? 8 : 128,
    numHeads: small ? 2 : 4,
    intermediateDim: small ? 16 : 256,
    numLayers: 2,
  });
}

/**
 * nanoGPT's "baby GPT" for Shakespeare characters: 6 blocks, hidden 384, 6 heads, feed-forward
 * 1536 (10.7 M parameters), over this suite's 64 ids. `small` shrinks it for smoke runs.
 */
export function babyGPT(small: boolean): tf.LayersModel {
  return transformerCausalLM({
    vocabularySize: VOCABULARY,
    sequenceLength: 256,
    embeddingDim: small ? 8 : 384,
    numHeads: small ? 2 : 6,
    intermediateDim: small ? 16 : 1536,
    numLayers: small ? 2 : 6,
  });
}

/** Id 0 is padding, which the Transformer masks when re-fed: the searches never generate it. */
export const noPadding = [
  (logits: Float64Array) => {
    logits[0] = -Infinity;
  },
];
