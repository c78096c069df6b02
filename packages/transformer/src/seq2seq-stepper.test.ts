import { expectTensorsClose } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  disposeSeq2SeqState,
  type Seq2SeqState,
  type Seq2SeqStepResult,
  seq2seqStepper,
} from './seq2seq-stepper.js';
import { transformerSeq2Seq } from './transformer-models.js';

describe('seq2seqStepper', () => {
  it('gives, step by step with the KV caches, the logits of the full model at every position', () => {
    const model = transformerSeq2Seq({
      vocabularySize: 15,
      sequenceLength: 6,
      embeddingDim: 16,
      numHeads: 2,
      intermediateDim: 32,
      numLayers: 2,
    });
    const source = tf.tensor2d([
      [3, 4, 5, 6, 0, 0],
      [7, 8, 9, 10, 11, 12],
    ]); // the first is padded
    const target = tf.tensor2d([
      [1, 6, 5, 4, 3, 2],
      [1, 12, 11, 10, 9, 8],
    ]);
    const full = model.predict([source, target]) as tf.Tensor; // [2, 6, 15]
    const before = tf.memory().numTensors;
    const { next, dispose } = seq2seqStepper(model, source);
    let state: Seq2SeqState | null = null;
    for (let t = 0; t < 6; t++) {
      const token = target.slice([0, t], [2, 1]);
      const step: Seq2SeqStepResult = next(token, state);
      disposeSeq2SeqState(state);
      state = step.state;
      const expected = tf.tidy(() => full.slice([0, t, 0], [2, 1, 15]).squeeze([1]));
      expectTensorsClose(step.logits, expected, { atol: 1e-5, label: `position ${t}` });
      tf.dispose([token, expected, step.logits]);
    }
    disposeSeq2SeqState(state);
    dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a model it cannot step', () => {
    const other = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2] })] });
    expect(() => seq2seqStepper(other, tf.zeros([1, 2]))).toThrow(
      /^seq2seqStepper: `model` must be a model built by transformerSeq2Seq/,
    );
  });
});
