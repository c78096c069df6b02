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

/** The size of a decoder-only Transformer LM: blocks, hidden size, heads, feed-forward size. */
interface LMSize {
  numLayers: number;
  embeddingDim: number;
  numHeads: number;
  intermediateDim: number;
}

/** A causal LM over this suite's ids with `size`, or a tiny one (2 blocks, hidden 8) for smoke runs. */
function causalLM(size: LMSize, small: boolean): tf.LayersModel {
  const tiny = { numLayers: 2, embeddingDim: 8, numHeads: 2, intermediateDim: 16 };
  return transformerCausalLM({
    vocabularySize: VOCABULARY,
    sequenceLength: 256,
    ...(small ? tiny : size),
  });
}

/** A small decoder-only Transformer LM: 2 blocks, hidden 128, 4 heads, feed-forward 256. */
export function transformerLM(small: boolean): tf.LayersModel {
  return causalLM({ numLayers: 2, embeddingDim: 128, numHeads: 4, intermediateDim: 256 }, small);
}

/**
 * nanoGPT's "baby GPT" for Shakespeare characters: 6 blocks, hidden 384, 6 heads, feed-forward
 * 1536 (10.7 M parameters), over this suite's 64 ids. `small` shrinks it for smoke runs.
 */
export function babyGPT(small: boolean): tf.LayersModel {
  return causalLM({ numLayers: 6, embeddingDim: 384, numHeads: 6, intermediateDim: 1536 }, small);
}

/** Id 0 is padding, which the Transformer masks when re-fed: the searches never generate it. */
export const noPadding = [
  (logits: Float64Array) => {
    logits[0] = -Infinity;
  },
];
