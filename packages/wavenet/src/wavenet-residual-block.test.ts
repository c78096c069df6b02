import { SeqError } from '@seq/core';
import {
  expectNoLeakedTensors,
  expectTensorsClose,
  goldenTensor,
  readGolden,
  runLayerContract,
} from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { WaveNetResidualBlock, wavenetResidualBlock } from './wavenet-residual-block.js';

const golden = readGolden(new URL('../test/fixtures/wavenet_residual_block.json', import.meta.url));

describe('WaveNetResidualBlock', () => {
  it('matches the reference gated residual block (residual and skip outputs)', () => {
    const config = golden.config as {
      filters: number;
      dilationRate: number;
      skipChannels: number;
      residualChannels: number;
    };
    const block = wavenetResidualBlock(config);
    const x = goldenTensor(golden.inputs.x);
    block.apply(x);
    block.setWeights(golden.weights.map((w) => goldenTensor(w)));
    const [residual, skip] = block.apply(x) as tf.Tensor[];
    expectTensorsClose(residual as tf.Tensor, goldenTensor(golden.expected.residual), {
      atol: 1e-4,
    });
    expectTensorsClose(skip as tf.Tensor, goldenTensor(golden.expected.skip), { atol: 1e-4 });
  });

  it('meets the layer contract, with and without global conditioning', async () => {
    await runLayerContract({
      create: () => wavenetResidualBlock({ filters: 4, dilationRate: 2, skipChannels: 5 }),
      input: () => tf.randomNormal([2, 10, 3], 0, 1, 'float32', 3),
      expectedWeights: 8,
      expectedWeightNames: [
        'filter_kernel',
        'filter_bias',
        'gate_kernel',
        'gate_bias',
        'residual_kernel',
        'residual_bias',
        'skip_kernel',
        'skip_bias',
      ],
      expectedOutputShape: [
        [2, 10, 3],
        [2, 10, 5],
      ],
    });
    await runLayerContract({
      create: () =>
        wavenetResidualBlock({
          filters: 4,
          dilationRate: 1,
          kernelSize: 3,
          skipChannels: 2,
          conditioningChannels: 2,
        }),
      input: () => [
        tf.randomNormal([2, 7, 3], 0, 1, 'float32', 4),
        tf.randomNormal([2, 2], 0, 1, 'float32', 5),
      ],
      expectedWeights: 10,
      expectedOutputShape: [
        [2, 7, 3],
        [2, 7, 2],
      ],
    });
  });

  it('is causal, checked by gradient: output t sees exactly inputs t - (k - 1) d ... t', () => {
    const block = new WaveNetResidualBlock({ filters: 3, dilationRate: 4, skipChannels: 2 });
    const x = tf.randomNormal([1, 16, 2], 0, 1, 'float32', 7);
    block.apply(x);
    const t = 10;
    for (const output of [0, 1]) {
      const grad = tf.grad((a: tf.Tensor) =>
        tf.sum(((block.apply(a) as tf.Tensor[])[output] as tf.Tensor).slice([0, t, 0], [1, 1, -1])),
      )(x);
      const perStep = tf.sum(tf.abs(grad), [0, 2]).arraySync() as number[];
      const seen = perStep.map((g, s) => (g > 0 ? s : -1)).filter((s) => s >= 0);
      expect(seen).toEqual([t - 4, t]);
      tf.dispose([grad]);
    }
    x.dispose();
  });

  it('conditioning shifts every step by the same projected amount', () => {
    const block = new WaveNetResidualBlock({
      filters: 2,
      skipChannels: 2,
      conditioningChannels: 3,
    });
    const x = tf.randomNormal([2, 5, 2], 0, 1, 'float32', 1);
    const h = tf.tensor2d([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    const [r1] = block.apply([x, h]) as tf.Tensor[];
    const [r2] = block.apply([x, tf.reverse(h, 0)]) as tf.Tensor[];
    expect(tf.util.arraysEqual((r1 as tf.Tensor).dataSync(), (r2 as tf.Tensor).dataSync())).toBe(
      false,
    );
  });

  it('saves its config and receptive field', () => {
    const block = new WaveNetResidualBlock({
      filters: 8,
      dilationRate: 16,
      skipChannels: 4,
      name: 'b',
    });
    expect(block.receptiveField).toBe(17);
    expect(block.getConfig()).toMatchObject({
      filters: 8,
      dilationRate: 16,
      kernelSize: 2,
      skipChannels: 4,
    });
    expect(WaveNetResidualBlock.className).toBe('seq.WaveNetResidualBlock');
  });

  it('leaves no tensors behind', async () => {
    const block = new WaveNetResidualBlock({ filters: 3, dilationRate: 2, skipChannels: 2 });
    const x = tf.randomNormal([1, 6, 2]);
    block.apply(x);
    await expectNoLeakedTensors('WaveNetResidualBlock.apply', () => block.apply(x));
    x.dispose();
  });

  it('rejects bad arguments and inputs with clear errors', () => {
    expect(() => new WaveNetResidualBlock({ filters: 0, skipChannels: 2 })).toThrow(
      'WaveNetResidualBlock: `filters` must be a positive integer; received 0.',
    );
    expect(
      () => new WaveNetResidualBlock({ filters: 2, skipChannels: 2, dilationRate: 1.5 }),
    ).toThrow(SeqError);
    const block = new WaveNetResidualBlock({ filters: 2, skipChannels: 2, residualChannels: 4 });
    expect(() => block.apply(tf.zeros([1, 5, 3]))).toThrow(
      "WaveNetResidualBlock: `residualChannels` must be the input's channels (3), since the residual output is added to the input; received 4.",
    );
    const conditioned = new WaveNetResidualBlock({
      filters: 2,
      skipChannels: 2,
      conditioningChannels: 3,
    });
    expect(() => conditioned.apply(tf.zeros([1, 5, 3]))).toThrow(/`inputs` must be \[x, h\]/);
  });
});
