import { expectTensorsClose } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { fusedGru } from './fused-gru.js';
import { fusedLstm } from './fused-lstm.js';
import type { RNN } from './rnn.js';
import { gru, lstm } from './sequence-layers.js';

type Make = (fused: boolean) => RNN;

/**
 * Gradients of a loss touching every output (sequence, final states) with respect to the input, the
 * initial states and every weight: the fused path (hand-written backward) against the step-by-step
 * loop differentiated by autodiff.
 */
function compareGradients(make: Make, states: number, mask: tf.Tensor | null): void {
  const x = tf.randomNormal([3, 7, 5], 0, 1, 'float32', 1);
  const initial = Array.from({ length: states }, (_, i) =>
    tf.randomNormal([3, 4], 0, 0.5, 'float32', 10 + i),
  );
  const weights = (layer: RNN) => layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const reference = make(false);
  reference.disableFusedPath = true;
  const fused = make(true);
  reference.apply([x, ...initial]);
  fused.apply([x, ...initial]);
  fused.setWeights(reference.getWeights());
  const shapes = (reference.apply([x, ...initial], mask ? { mask } : {}) as tf.Tensor[]).map(
    (t) => t.shape,
  );
  const projections = shapes.map((shape, i) => tf.randomNormal(shape, 0, 1, 'float32', 20 + i));
  const loss =
    (layer: RNN) =>
    (input: tf.Tensor, ...init: tf.Tensor[]) =>
      tf.tidy(() => {
        const outs = layer.apply([input, ...init], mask ? { mask } : {}) as tf.Tensor[];
        return tf.addN(outs.map((o, i) => tf.sum(tf.mul(o, projections[i] as tf.Tensor))));
      });
  const forward = [reference, fused].map(
    (layer) => loss(layer)(x, ...initial).dataSync()[0] as number,
  );
  expect(forward[1]).toBeCloseTo(forward[0] as number, 4);
  const inputGrads = [reference, fused].map((layer) => tf.grads(loss(layer))([x, ...initial]));
  const weightGrads = [reference, fused].map((layer) => {
    const { grads } = tf.variableGrads(
      () => loss(layer)(x, ...initial) as tf.Scalar,
      weights(layer),
    );
    return weights(layer).map((w) => grads[w.name] as tf.Tensor);
  });
  (inputGrads[0] as tf.Tensor[]).forEach((g, i) => {
    expectTensorsClose((inputGrads[1] as tf.Tensor[])[i] as tf.Tensor, g, {
      atol: 1e-4,
      label: i === 0 ? 'd/dx' : `d/d state ${i}`,
    });
  });
  (weightGrads[0] as tf.Tensor[]).forEach((g, i) => {
    expectTensorsClose((weightGrads[1] as tf.Tensor[])[i] as tf.Tensor, g, {
      atol: 1e-4,
      label: `d/d weight ${i}`,
    });
  });
}

const lengths = () =>
  tf.tensor2d([
    [1, 1, 1, 1, 1, 1, 1],
    [1, 1, 1, 0, 0, 0, 0],
    [1, 1, 0, 1, 1, 0, 0],
  ]);

describe('fused recurrences equal the autodiff loop, forward and backward', () => {
  const layers = [
    ['LSTM', (_: boolean) => lstm({ units: 4, returnSequences: true, returnState: true }), 2],
    [
      'GRU (resetAfter)',
      (_: boolean) => gru({ units: 4, returnSequences: true, returnState: true }),
      1,
    ],
    [
      'GRU (resetAfter: false)',
      (_: boolean) =>
        gru({ units: 4, resetAfter: false, returnSequences: true, returnState: true }),
      1,
    ],
    ['LSTM, last output only', (_: boolean) => lstm({ units: 4, returnState: true }), 2],
    ['GRU, last output only', (_: boolean) => gru({ units: 4, returnState: true }), 1],
  ] as const;
  it.each(layers)('%s', (_, make, states) => {
    compareGradients(make, states, null);
  });

  it.each(layers)('%s with a padding mask', (_, make, states) => {
    compareGradients(make, states, lengths());
  });

  it('the LSTM op with a recurrent dropout mask equals the same recurrence written out', () => {
    const T = 5;
    const projected = tf.randomNormal([2, T, 12], 0, 1, 'float32', 3); // [B, T, 4U]
    const kernel = tf.randomNormal([3, 12], 0, 0.5, 'float32', 4);
    const h0 = tf.randomNormal([2, 3], 0, 1, 'float32', 5);
    const c0 = tf.randomNormal([2, 3], 0, 1, 'float32', 6);
    const keep = tf.tensor2d([
      [2, 0, 2],
      [0, 2, 2],
    ]);
    const written = (p: tf.Tensor, k: tf.Tensor, h: tf.Tensor, c: tf.Tensor) => {
      const outs: tf.Tensor[] = [];
      for (const pt of tf.unstack(p, 1)) {
        const z = tf.add(pt, tf.matMul(tf.mul(h, keep), k));
        const [zi, zf, zg, zo] = tf.split(z, 4, 1) as tf.Tensor[];
        c = tf.add(
          tf.mul(tf.sigmoid(zf as tf.Tensor), c),
          tf.mul(tf.sigmoid(zi as tf.Tensor), tf.tanh(zg as tf.Tensor)),
        );
        h = tf.mul(tf.sigmoid(zo as tf.Tensor), tf.tanh(c));
        outs.push(h);
      }
      return tf.add(tf.sum(tf.stack(outs)), tf.mul(2, tf.sum(c)));
    };
    const viaOp = (p: tf.Tensor, k: tf.Tensor, h: tf.Tensor, c: tf.Tensor) => {
      const run = fusedLstm(p, k, h, c, null, keep);
      return tf.add(tf.sum(run.outputs), tf.mul(2, tf.sum(run.states[1] as tf.Tensor)));
    };
    const a = tf.grads(written)([projected, kernel, h0, c0]);
    const b = tf.grads(viaOp)([projected, kernel, h0, c0]);
    a.forEach((g, i) => {
      expectTensorsClose(b[i] as tf.Tensor, g, { atol: 1e-4, label: `gradient ${i}` });
    });
  });

  it.each([true, false])(
    'the GRU op (resetAfter %s) with a recurrent dropout mask equals the same recurrence written out',
    (resetAfter) => {
      const T = 5;
      const projected = tf.randomNormal([2, T, 9], 0, 1, 'float32', 7); // [B, T, 3U]
      const kernel = tf.randomNormal([3, 9], 0, 0.5, 'float32', 8);
      const bias = tf.randomNormal([9], 0, 0.5, 'float32', 9);
      const h0 = tf.randomNormal([2, 3], 0, 1, 'float32', 10);
      const keep = tf.tensor2d([
        [2, 0, 2],
        [0, 2, 2],
      ]);
      const written = (p: tf.Tensor, k: tf.Tensor, b: tf.Tensor, h: tf.Tensor) => {
        const outs: tf.Tensor[] = [];
        const [kzr, kh] = [tf.slice(k, [0, 0], [3, 6]), tf.slice(k, [0, 6], [3, 3])];
        for (const pt of tf.unstack(p, 1)) {
          const [xz, xr, xh] = tf.split(pt, 3, 1) as tf.Tensor[];
          const hEff = tf.mul(h, keep);
          let z: tf.Tensor;
          let n: tf.Tensor;
          if (resetAfter) {
            const [hz, hr, hh] = tf.split(tf.add(tf.matMul(hEff, k), b), 3, 1) as tf.Tensor[];
            z = tf.sigmoid(tf.add(xz as tf.Tensor, hz as tf.Tensor));
            const r = tf.sigmoid(tf.add(xr as tf.Tensor, hr as tf.Tensor));
            n = tf.tanh(tf.add(xh as tf.Tensor, tf.mul(r, hh as tf.Tensor)));
          } else {
            const [hz, hr] = tf.split(tf.matMul(hEff, kzr), 2, 1) as tf.Tensor[];
            z = tf.sigmoid(tf.add(xz as tf.Tensor, hz as tf.Tensor));
            const r = tf.sigmoid(tf.add(xr as tf.Tensor, hr as tf.Tensor));
            n = tf.tanh(tf.add(xh as tf.Tensor, tf.matMul(tf.mul(r, hEff), kh)));
          }
          h = tf.add(n, tf.mul(z, tf.sub(h, n)));
          outs.push(h);
        }
        return tf.add(tf.sum(tf.stack(outs)), tf.mul(3, tf.sum(h)));
      };
      const viaOp = (p: tf.Tensor, k: tf.Tensor, b: tf.Tensor, h: tf.Tensor) => {
        const run = fusedGru(p, k, resetAfter ? b : null, h, null, keep, resetAfter);
        return tf.add(tf.sum(run.outputs), tf.mul(3, tf.sum(run.states[0] as tf.Tensor)));
      };
      expectTensorsClose(viaOp(projected, kernel, bias, h0), written(projected, kernel, bias, h0), {
        atol: 1e-4,
      });
      // Without resetAfter there is no recurrent bias: differentiate with respect to the rest.
      const inputs = resetAfter ? [projected, kernel, bias, h0] : [projected, kernel, h0];
      const wrap = (fn: typeof written) =>
        resetAfter ? fn : (p: tf.Tensor, k: tf.Tensor, h: tf.Tensor) => fn(p, k, bias, h);
      const a = tf.grads(wrap(written) as (...t: tf.Tensor[]) => tf.Tensor)(inputs);
      const b = tf.grads(wrap(viaOp) as (...t: tf.Tensor[]) => tf.Tensor)(inputs);
      a.forEach((g, i) => {
        expectTensorsClose(b[i] as tf.Tensor, g, { atol: 1e-4, label: `gradient ${i}` });
      });
    },
  );

  it('leaves no tensors behind in a training step', async () => {
    const model = tf.sequential({
      layers: [lstm({ units: 4, returnSequences: true, inputShape: [6, 3] }), lstm({ units: 2 })],
    });
    const optimizer = tf.train.sgd(0.1);
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const x = tf.randomNormal([2, 6, 3]);
    const y = tf.zeros([2, 2]);
    await model.trainOnBatch(x, y);
    const before = tf.memory().numTensors;
    await model.trainOnBatch(x, y);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    optimizer.dispose();
  });
});
