import '@tensorflow/tfjs-backend-wasm';
import { expectTensorsClose, goldenTensor, readGolden, runLayerContract } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { Conv1D, conv1d } from './conv1d.js';
import { conv1dDilated } from './conv1d-dilated.js';

const golden = readGolden(new URL('../test/fixtures/conv1d_causal_dilated.json', import.meta.url));
const initialBackend = tf.getBackend();
afterAll(async () => {
  await tf.setBackend(initialBackend);
});

describe('conv1dDilated', () => {
  it('matches the reference Keras causal dilated convolution', () => {
    const x = goldenTensor(golden.inputs.x);
    const [kernel, bias] = golden.weights.map((w) => goldenTensor(w));
    const y = tf.tidy(() =>
      conv1dDilated(x, kernel as tf.Tensor, {
        dilation: golden.config.dilationRate as number,
        padding: 'causal',
      }).add(bias as tf.Tensor),
    );
    expectTensorsClose(y, goldenTensor(golden.expected.output), { atol: golden.tolerance });
    tf.dispose([x, kernel, bias, y]);
  });

  it.each([
    ['valid', 1, 1],
    ['valid', 2, 1],
    ['valid', 1, 3],
    ['same', 1, 1],
    ['same', 3, 1],
    ['same', 1, 2],
    ['valid', 1, 2],
  ] as const)(
    "equals tf.conv1d forward with padding '%s', dilation %i, stride %i",
    (padding, dilation, stride) => {
      const x = tf.randomNormal([2, 11, 3], 0, 1, 'float32', 1);
      const kernel = tf.randomNormal([3, 3, 5], 0, 1, 'float32', 2);
      const ours = conv1dDilated(x, kernel, { padding, dilation, stride });
      const theirs = tf.conv1d(
        x as tf.Tensor3D,
        kernel as tf.Tensor3D,
        stride,
        padding,
        'NWC',
        dilation,
      );
      expectTensorsClose(ours, theirs, { atol: 1e-5 });
      tf.dispose([x, kernel, ours, theirs]);
    },
  );

  it("with 'causal' padding equals a valid convolution of the input left-padded with (k - 1) * d zeros", () => {
    const x = tf.randomNormal([2, 9, 2], 0, 1, 'float32', 3);
    const kernel = tf.randomNormal([3, 2, 4], 0, 1, 'float32', 4);
    const ours = conv1dDilated(x, kernel, { padding: 'causal', dilation: 2 });
    const padded = tf.pad(x, [
      [0, 0],
      [4, 0],
      [0, 0],
    ]);
    const theirs = tf.conv1d(padded as tf.Tensor3D, kernel as tf.Tensor3D, 1, 'valid', 'NWC', 2);
    expect(ours.shape).toEqual([2, 9, 4]);
    expectTensorsClose(ours, theirs, { atol: 1e-5 });
    tf.dispose([x, kernel, ours, padded, theirs]);
  });

  it.each([1, 2, 4])(
    'has analytic gradients equal to numerical ones (dilation %i, causal)',
    (dilation) => {
      const x = tf.randomNormal([1, 10, 2], 0, 1, 'float32', 5);
      const kernel = tf.randomNormal([2, 2, 3], 0, 1, 'float32', 6);
      const projection = tf.randomNormal([1, 10, 3], 0, 1, 'float32', 7);
      const loss = (a: tf.Tensor, k: tf.Tensor) =>
        tf.sum(tf.mul(conv1dDilated(a, k, { dilation, padding: 'causal' }), projection));
      const [gx, gk] = tf.grads(loss)([x, kernel]) as [tf.Tensor, tf.Tensor];
      const numeric = (which: 0 | 1): Float32Array => {
        const base = (which === 0 ? x : kernel).dataSync().slice() as Float32Array;
        const out = new Float32Array(base.length);
        const eps = 1e-2;
        for (let i = 0; i < base.length; i++) {
          const plus = base.slice();
          const minus = base.slice();
          plus[i] = (plus[i] as number) + eps;
          minus[i] = (minus[i] as number) - eps;
          const value = (data: Float32Array) =>
            tf.tidy(() => {
              const t = tf.tensor(data, (which === 0 ? x : kernel).shape);
              return (which === 0 ? loss(t, kernel) : loss(x, t)).dataSync()[0] as number;
            });
          out[i] = (value(plus) - value(minus)) / (2 * eps);
        }
        return out;
      };
      expectTensorsClose(gx.dataSync() as Float32Array, numeric(0), {
        atol: 2e-3,
        label: 'd loss / d x',
      });
      expectTensorsClose(gk.dataSync() as Float32Array, numeric(1), {
        atol: 2e-3,
        label: 'd loss / d kernel',
      });
      tf.dispose([x, kernel, projection, gx, gk]);
    },
  );

  it('is causal, checked by gradient: output t never depends on inputs after t', () => {
    const x = tf.randomNormal([1, 16, 2], 0, 1, 'float32', 8);
    const kernel = tf.randomNormal([2, 2, 3], 0, 1, 'float32', 9);
    for (const t of [0, 5, 15]) {
      const g = tf.grad((a: tf.Tensor) =>
        tf.sum(
          conv1dDilated(a, kernel, { dilation: 4, padding: 'causal' }).slice([0, t, 0], [1, 1, 3]),
        ),
      )(x);
      const perStep = tf.tidy(() => g.abs().sum([0, 2]).arraySync() as number[]);
      expect(perStep.slice(t + 1).every((v) => v === 0)).toBe(true);
      expect(perStep[t]).toBeGreaterThan(0); // it does see the present
      if (t >= 4) expect(perStep[t - 4]).toBeGreaterThan(0); // and the step dilation 4 back
      g.dispose();
    }
    tf.dispose([x, kernel]);
  });

  it('rejects mismatched channels, a too short input and bad options', () => {
    const x = tf.zeros([1, 3, 2]);
    const k = tf.zeros([2, 3, 1]);
    expect(() => conv1dDilated(x, k)).toThrow(
      'conv1dDilated: `kernel` must be a kernel of 2 input channels ([kernelSize, 2, outChannels]); received a float32 tensor of shape [2, 3, 1].',
    );
    const k2 = tf.zeros([3, 2, 1]);
    expect(() => conv1dDilated(x, k2, { dilation: 2 })).toThrow(
      "conv1dDilated: `x` must be at least 5 time steps for a 'valid' convolution; received a float32 tensor of shape [1, 3, 2].",
    );
    expect(() => conv1dDilated(tf.zeros([3, 2]), k2)).toThrow(
      'conv1dDilated: `x` must be a tensor of rank 3 ([batch, time, inChannels]); received a float32 tensor of shape [3, 2].',
    );
    expect(() => conv1dDilated(x, k2, { padding: 'full' as never })).toThrow(
      'conv1dDilated: `padding` must be one of "valid", "same", "causal"; received "full".',
    );
    tf.dispose([x, k, k2]);
  });
});

describe('Conv1D', () => {
  it('meets the layer contract with causal dilated, same and strided settings', async () => {
    for (const args of [
      { filters: 4, kernelSize: 2, padding: 'causal', dilationRate: 4, activation: 'relu' },
      { filters: 3, kernelSize: 3, padding: 'same' },
      { filters: 2, kernelSize: [3], strides: [2], useBias: false },
    ] as const) {
      await runLayerContract({
        create: () => conv1d({ ...args } as never),
        input: () => tf.randomNormal([2, 12, 3], 0, 1, 'float32', 10),
        expectedWeights: 'useBias' in args ? 1 : 2,
        expectedWeightNames: 'useBias' in args ? ['kernel'] : ['kernel', 'bias'],
        expectedOutputShape: [2, 'strides' in args ? 5 : 12, args.filters],
      });
    }
  });

  it("has Keras' config keys, so a Keras Conv1D config maps onto it", () => {
    const layer = conv1d({
      filters: 8,
      kernelSize: 2,
      padding: 'causal',
      dilationRate: 4,
      name: 'wave',
    });
    const config = layer.getConfig();
    expect(config).toMatchObject({
      name: 'wave',
      filters: 8,
      kernelSize: [2],
      strides: [1],
      padding: 'causal',
      dataFormat: 'channelsLast',
      dilationRate: [4],
      activation: 'linear',
      useBias: true,
      // tfjs saves glorotUniform as the VarianceScaling it is (Keras reads either).
      kernelInitializer: {
        className: 'VarianceScaling',
        config: { scale: 1, mode: 'fanAvg', distribution: 'uniform' },
      },
      biasInitializer: { className: 'Zeros' },
    });
    expect(Conv1D.className).toBe('seq.Conv1D');
    const fromKeras = new Conv1D({
      filters: 8,
      kernelSize: [2],
      padding: 'causal',
      dilationRate: [4],
      activation: 'hard_sigmoid',
      kernelInitializer: 'he_normal',
    });
    expect(fromKeras.getConfig()).toMatchObject({
      activation: 'hardSigmoid',
      kernelInitializer: { className: 'VarianceScaling' },
    });
  });

  it('names layers as Keras does', () => {
    const a = conv1d({ filters: 1, kernelSize: 1 });
    const b = conv1d({ filters: 1, kernelSize: 1 });
    expect(b.name).toMatch(/^conv1d(_\d+)?$/);
    expect(a.name).not.toBe(b.name);
  });

  it('rejects bad arguments with clear messages', () => {
    expect(() => conv1d({ filters: 0, kernelSize: 2 })).toThrow(
      'Conv1D: `filters` must be a positive integer; received 0.',
    );
    expect(() => conv1d({ filters: 1, kernelSize: [2, 2] as never })).toThrow(
      'Conv1D: `kernelSize` must be a positive integer; received [2, 2].',
    );
    expect(() => conv1d({ filters: 1, kernelSize: 2, padding: 'full' as never })).toThrow(
      'Conv1D: `padding` must be one of "valid", "same", "causal"; received "full".',
    );
    expect(() => conv1d({ filters: 1, kernelSize: 2, strides: 2, dilationRate: 2 })).toThrow(
      'Conv1D: `strides` must be 1 when dilationRate > 1 (as in Keras); received 2.',
    );
    expect(() => conv1d({ filters: 1, kernelSize: 2, activation: 'wiggle' })).toThrow(
      /^Conv1D: `activation` must be an activation name \(linear, relu/,
    );
    expect(() => conv1d({ filters: 1, kernelSize: 2, kernelInitializer: 'magic' })).toThrow(
      /^Conv1D: `kernelInitializer` must be an initializer name/,
    );
    expect(() =>
      conv1d({ filters: 1, kernelSize: 2, dataFormat: 'channelsFirst' as never }),
    ).toThrow('Conv1D: `dataFormat` must be one of "channelsLast"; received "channelsFirst".');
  });

  it.each(['cpu', 'wasm'])(
    'trains a causal dilated model on a toy series on %s',
    async (backend) => {
      await tf.setBackend(backend);
      // Next value of a sum of two sines from the past, WaveNet-style: dilations 1, 2, 4, 8.
      const series = Array.from({ length: 400 }, (_, t) => Math.sin(t / 4) + 0.5 * Math.sin(t / 9));
      const x = tf.tensor3d(series.slice(0, -1), [1, 399, 1]);
      const y = tf.tensor3d(series.slice(1), [1, 399, 1]);
      const seed = (s: number) => tf.initializers.glorotUniform({ seed: s });
      const model = tf.sequential({
        layers: [
          conv1d({
            filters: 8,
            kernelSize: 2,
            padding: 'causal',
            dilationRate: 1,
            activation: 'relu',
            inputShape: [null, 1],
            kernelInitializer: seed(1),
          }),
          conv1d({
            filters: 8,
            kernelSize: 2,
            padding: 'causal',
            dilationRate: 2,
            activation: 'relu',
            kernelInitializer: seed(2),
          }),
          conv1d({
            filters: 8,
            kernelSize: 2,
            padding: 'causal',
            dilationRate: 4,
            activation: 'relu',
            kernelInitializer: seed(3),
          }),
          conv1d({
            filters: 8,
            kernelSize: 2,
            padding: 'causal',
            dilationRate: 8,
            activation: 'relu',
            kernelInitializer: seed(4),
          }),
          conv1d({ filters: 1, kernelSize: 1, kernelInitializer: seed(5) }),
        ],
      });
      const optimizer = tf.train.adam(0.01);
      model.compile({ optimizer, loss: 'meanSquaredError' });
      const history = await model.fit(x, y, { epochs: 150, verbose: 0 });
      const losses = history.history.loss as number[];
      expect(losses[0]).toBeGreaterThan(0.1);
      expect(losses.at(-1)).toBeLessThan(0.01);
      tf.dispose([x, y]);
      model.dispose();
      optimizer.dispose();
    },
    120_000,
  );
});
