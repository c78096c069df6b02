import { transformerSeq2Seq } from '@seq/transformer';
import * as tf from '@tensorflow/tfjs';
import { MaskedProbabilities } from './masked-probabilities.js';

/** The size of a chatbot Transformer. */
export interface ChatbotModelOptions {
  /** Token ids of the tokenizer (padding and special ids included). */
  vocabularySize: number;
  /** Ids per question and per answer (with its start or end token). */
  length: number;
  /** Model width `d_model`. */
  embeddingDim: number;
  numHeads: number;
  /** Hidden size of the feed-forward networks. */
  intermediateDim: number;
  /** Blocks in the encoder and in the decoder. */
  numLayers: number;
  learningRate: number;
  seed: number;
}

/**
 * Builds and compiles the chatbot: `transformerSeq2Seq` (questions in, teacher-forced answers in,
 * logits out, every initializer seeded) followed by {@link MaskedProbabilities}, so the masked loss
 * is tfjs' `sparseCategoricalCrossentropy` against labels `[batch, time, 1]` (Adam). The
 * Transformer's layers keep their names (`source_embedding`, `logits`...), so `seq2seqStepper`
 * drives this model directly.
 */
export function buildChatbotModel(options: ChatbotModelOptions): tf.LayersModel {
  const seq2seq = transformerSeq2Seq({
    vocabularySize: options.vocabularySize,
    sequenceLength: options.length,
    embeddingDim: options.embeddingDim,
    numHeads: options.numHeads,
    intermediateDim: options.intermediateDim,
    numLayers: options.numLayers,
    seed: options.seed % 2 ** 30,
  });
  const [source, target] = seq2seq.inputs as [tf.SymbolicTensor, tf.SymbolicTensor];
  const logits = seq2seq.outputs[0] as tf.SymbolicTensor; // [batch, time, vocabulary]
  const probabilities = new MaskedProbabilities({ name: 'probabilities' }).apply([
    logits,
    target,
  ]) as tf.SymbolicTensor;
  const model = tf.model({
    inputs: [source, target],
    outputs: probabilities,
    name: 'chatbot_transformer',
  });
  model.compile({
    optimizer: tf.train.adam(options.learningRate),
    loss: 'sparseCategoricalCrossentropy',
  });
  return model;
}

/** The same model up to its logits `[batch, time, vocabulary]`, sharing the weights (for perplexity). */
export function logitsModel(model: tf.LayersModel): tf.LayersModel {
  return tf.model({
    inputs: model.inputs,
    outputs: model.getLayer('logits').output as tf.SymbolicTensor,
  });
}
