import { expectTensorsClose } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { type CausalLMState, causalLMStepper, disposeCausalLMState } from './causal-lm-stepper.js';
import { transformerCausalLM } from './transformer-models.js';

describe('causalLMStepper', () => {
  it('gives, step by step with the KV cache, the logits of the full pass at every position', () => {
    const model = transformerCausalLM({
      vocabularySize: 20,
      sequenceLength: 8,
      embeddingDim: 16,
      numHeads: 2,
      intermediateDim: 32,
      numLayers: 2,
    });
    const ids = tf.tensor2d([
      [5, 6, 7, 8, 9, 10, 11, 12],
      [3, 4, 5, 6, 7, 8, 9, 10],
    ]);
    const full = model.predict(ids) as tf.Tensor; // [2, 8, 20]
    const next = causalLMStepper(model);
    const before = tf.memory().numTensors;
    const at = (t: number) => tf.tidy(() => full.slice([0, t, 0], [2, 1, 20]).squeeze([1])); // [2, 20]
    const prompt = ids.slice([0, 0], [2, 3]);
    let { logits, state } = next(prompt, null); // a 3-token prompt
    prompt.dispose();
    const first = at(2);
    expectTensorsClose(logits, first, { atol: 1e-5 });
    first.dispose();
    for (let t = 3; t < 8; t++) {
      logits.dispose();
      const old: CausalLMState = state;
      const token = ids.slice([0, t], [2, 1]);
      ({ logits, state } = next(token, old));
      disposeCausalLMState(old);
      token.dispose();
      const expected = at(t);
      expectTensorsClose(logits, expected, { atol: 1e-5, label: `position ${t}` });
      expected.dispose();
    }
    expect(state.position).toBe(8);
    logits.dispose();
    disposeCausalLMState(state);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a model it cannot step', () => {
    const other = tf.sequential({
      layers: [tf.layers.dense({ units: 2, inputShape: [2], name: 'logits' })],
    });
    expect(() => causalLMStepper(other)).toThrow(
      /^causalLMStepper: `model` must be a model built by transformerCausalLM/,
    );
  });
});
