import { expectTensorsClose, goldenTensor, readGolden } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gru, lstm } from './sequence-layers.js';

const fixture = (name: string) =>
  readGolden(new URL(`../test/fixtures/${name}.json`, import.meta.url));

function run(
  layer: tf.layers.Layer,
  golden: ReturnType<typeof fixture>,
  kwargs: Record<string, unknown> = {},
): tf.Tensor[] {
  const x = goldenTensor(golden.inputs.x);
  tf.dispose(layer.apply(x, kwargs) as tf.Tensor[]); // builds
  const weights = golden.weights.map((w) => goldenTensor(w));
  layer.setWeights(weights);
  const out = layer.apply(x, kwargs) as tf.Tensor | tf.Tensor[];
  tf.dispose([x, ...weights]);
  return Array.isArray(out) ? out : [out];
}

describe("tfjs' Bidirectional merge modes with seq layers", () => {
  it.each(['sum', 'mul', 'ave'] as const)(
    '%s combines the forward and backward halves of concat',
    (mergeMode) => {
      const x = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 1);
      const concat = tf.layers.bidirectional({
        layer: gru({ units: 4, returnSequences: true }) as unknown as tf.RNN,
        mergeMode: 'concat',
      });
      const merged = tf.layers.bidirectional({
        layer: gru({ units: 4, returnSequences: true }) as unknown as tf.RNN,
        mergeMode,
      });
      concat.apply(x);
      merged.apply(x);
      merged.setWeights(concat.getWeights());
      const both = concat.apply(x) as tf.Tensor;
      const [forward, backward] = tf.split(both, 2, 2) as [tf.Tensor, tf.Tensor];
      const expected =
        mergeMode === 'sum'
          ? tf.add(forward, backward)
          : mergeMode === 'mul'
            ? tf.mul(forward, backward)
            : tf.div(tf.add(forward, backward), 2);
      expectTensorsClose(merged.apply(x) as tf.Tensor, expected, { atol: 1e-6 });
    },
  );

  it('without a merge mode returns both directions', () => {
    const layer = tf.layers.bidirectional({
      layer: lstm({ units: 3 }) as unknown as tf.RNN,
      mergeMode: null as never,
    });
    const out = layer.apply(tf.ones([2, 4, 2])) as tf.Tensor[];
    expect(out.map((t) => t.shape)).toEqual([
      [2, 3],
      [2, 3],
    ]);
  });
});

describe('recurrent layers match the reference implementation (Keras layout)', () => {
  it('LSTM: sequences, last h and last c', () => {
    const golden = fixture('lstm');
    const [sequences, h, c] = run(
      lstm({ units: 4, returnSequences: true, returnState: true }),
      golden,
    );
    expectTensorsClose(sequences as tf.Tensor, goldenTensor(golden.expected.sequences), {
      atol: golden.tolerance,
    });
    expectTensorsClose(h as tf.Tensor, goldenTensor(golden.expected.lastH), {
      atol: golden.tolerance,
    });
    expectTensorsClose(c as tf.Tensor, goldenTensor(golden.expected.lastC), {
      atol: golden.tolerance,
    });
  });

  it.each(['gru_reset_after', 'gru_reset_before'])('GRU (%s)', (name) => {
    const golden = fixture(name);
    const [sequences, h] = run(
      gru({
        units: 4,
        resetAfter: golden.config.resetAfter as boolean,
        returnSequences: true,
        returnState: true,
      }),
      golden,
    );
    expectTensorsClose(sequences as tf.Tensor, goldenTensor(golden.expected.sequences), {
      atol: golden.tolerance,
    });
    expectTensorsClose(h as tf.Tensor, goldenTensor(golden.expected.lastH), {
      atol: golden.tolerance,
    });
  });

  it('GRU with a padding mask: states carried, outputs repeated at masked steps', () => {
    const golden = fixture('gru_masked');
    const mask = goldenTensor(golden.inputs.mask);
    const [sequences, h] = run(
      gru({ units: 4, returnSequences: true, returnState: true }),
      golden,
      { mask },
    );
    expectTensorsClose(sequences as tf.Tensor, goldenTensor(golden.expected.sequences), {
      atol: golden.tolerance,
    });
    expectTensorsClose(h as tf.Tensor, goldenTensor(golden.expected.lastH), {
      atol: golden.tolerance,
    });
    mask.dispose();
  });

  it("inside tfjs' Bidirectional (concat, returnState): [output, forward h, c, backward h, c]", () => {
    const golden = fixture('bidirectional_lstm');
    const layer = tf.layers.bidirectional({
      layer: lstm({ units: 4, returnSequences: true, returnState: true }) as unknown as tf.RNN,
      mergeMode: 'concat',
    });
    const outputs = run(layer, golden);
    expect(outputs).toHaveLength(5);
    const names = ['sequences', 'forwardH', 'forwardC', 'backwardH', 'backwardC'];
    outputs.forEach((t, i) => {
      expectTensorsClose(t, goldenTensor(golden.expected[names[i] as string]), {
        atol: golden.tolerance,
        label: names[i],
      });
    });
  });
});
