import { beamSearch, type StepFunction } from '@seq/decoding';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { perBeamSearch } from '../src/per-beam-search.js';

/** A model whose next-token logits depend on the last token and on a running state (a sum). */
function toyStepper(): StepFunction<{ total: tf.Tensor }> {
  const table = tf.randomNormal([7, 7], 0, 2, 'float32', 3);
  const next: StepFunction<{ total: tf.Tensor }> = (tokens, state) =>
    tf.tidy(() => {
      const last = tokens.slice([0, (tokens.shape[1] as number) - 1], [-1, 1]).squeeze([1]); // [rows]
      const total = state ? tf.add(state.total, last.toFloat()) : last.toFloat(); // [rows]
      const logits = tf.add(tf.gather(table, last), tf.mul(tf.sin(total), 1.5).expandDims(1)); // [rows, 7]
      return { logits, state: { total } };
    });
  return Object.assign(next, { dispose: () => table.dispose() });
}

describe('perBeamSearch', () => {
  it("finds beamSearch's best sequence, one model call per beam, and frees every state", async () => {
    const next = toyStepper();
    const before = tf.memory().numTensors;
    const processor = (logits: Float64Array) => {
      logits[0] = -Infinity;
    };
    for (const width of [1, 3, 5]) {
      const naive = perBeamSearch(next as StepFunction<unknown>, [2, 4], width, 6, processor);
      const folded = await beamSearch(next, [[2, 4]], {
        beamWidth: width,
        maxLength: 6,
        logitsProcessors: [processor],
      });
      expect(naive).toEqual(folded.tokens[0]);
      expect(naive).not.toContain(0);
    }
    expect(tf.memory().numTensors).toBe(before);
    (next as unknown as { dispose(): void }).dispose();
  });
});
