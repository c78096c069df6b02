import { receptiveField, wavenet } from '@seq/wavenet';
import * as tf from '@tensorflow/tfjs';
import { fourierEmbedding } from './fourier-embedding.js';

/** Mu-law classes (8 bits). */
export const CLASSES = 256;

/** How the model embeds the input codes. */
export const EMBEDDINGS = ['fourier', 'learned'] as const;
/** One of {@link EMBEDDINGS}. */
export type EmbeddingKind = (typeof EMBEDDINGS)[number];

/** The size and training of the WaveNet. */
export interface AudioModelConfig {
  /** Residual blocks per stack, with dilations 1, 2, 4, ..., 2^(blocks - 1). */
  blocks: number;
  /** Times the stack of blocks repeats. */
  stacks: number;
  /** Residual and gate channels; the skip and head channels are twice as many. */
  channels: number;
  /** A fixed {@link fourierEmbedding} of the codes, or an embedding learnt with the rest. */
  embedding: EmbeddingKind;
  learningRate: number;
  /** Seed of every initializer. */
  seed: number;
}

/** The dilations of one stack: 1, 2, 4, ..., 2^(blocks - 1). */
export function stackDilations(blocks: number): number[] {
  return Array.from({ length: blocks }, (_, i) => 2 ** i);
}

/** Samples one output of the model sees. */
export function modelReceptiveField(config: Pick<AudioModelConfig, 'blocks' | 'stacks'>): number {
  return receptiveField({ dilations: stackDilations(config.blocks), stacks: config.stacks });
}

/**
 * Builds the full WaveNet of `@seq/wavenet` with a softmax over the 256 mu-law codes, seeded, and
 * compiles it (Adam, sparse categorical cross-entropy, accuracy). With the `fourier` embedding, the
 * embedding layer holds {@link fourierEmbedding} and is frozen (neighbouring amplitudes start
 * with neighbouring vectors, which short runs learn faster from); with `learned`, it trains.
 */
export function buildAudioModel(config: AudioModelConfig): tf.LayersModel {
  const { channels } = config;
  const model = wavenet({
    classes: CLASSES,
    dilations: stackDilations(config.blocks),
    stacks: config.stacks,
    residualChannels: channels,
    filters: channels,
    skipChannels: 2 * channels,
    headChannels: 2 * channels,
    seed: config.seed,
  });
  if (config.embedding === 'fourier') {
    const embedding = model.layers.find((layer) => layer.getClassName() === 'Embedding');
    if (!embedding) throw new Error('buildAudioModel: the WaveNet has no Embedding layer');
    const table = tf.tensor2d(fourierEmbedding(CLASSES, channels), [CLASSES, channels]);
    embedding.setWeights([table]);
    table.dispose();
    embedding.trainable = false;
  }
  model.compile({
    optimizer: tf.train.adam(config.learningRate),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}
