import { SeqError } from '@seq/core';
import { beamSearch, greedySearch, sample } from '@seq/decoding';
import { expectNoLeakedTensors, roundTripModel } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { WaveNetGenerator } from './wavenet-generator.js';
import { receptiveField, simpleWaveNet, wavenet } from './wavenet-models.js';
import { wavenetStepper } from './wavenet-stepper.js';

const small = {
  dilations: [1, 2, 4],
  stacks: 2,
  residualChannels: 6,
  filters: 5,
  skipChannels: 7,
  headChannels: 8,
  classes: 12,
  seed: 3,
};

/** Biases are zero at initialisation; random ones make the comparison cover them too. */
function randomizeBiases(model: tf.LayersModel): void {
  model.setWeights(
    model
      .getWeights()
      .map((w, i) => (w.rank === 1 ? tf.randomNormal(w.shape, 0, 0.3, 'float32', i) : w)),
  );
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

describe('wavenet builders', () => {
  it('have the receptive field of their dilations', () => {
    expect(receptiveField({ dilations: [1, 2, 4, 8], stacks: 2 })).toBe(31);
    expect(receptiveField({})).toBe(1024);
    expect(receptiveField({ dilations: [1, 2, 4], kernelSize: 3 })).toBe(15);
  });

  it('build models of the documented shapes, which save and load', async () => {
    const model = wavenet(small);
    expect(model.outputs[0]?.shape).toEqual([null, null, 12]);
    const ids = tf.tensor2d([[1, 2, 3, 4, 5]], [1, 5], 'int32');
    const before = model.predict(ids) as tf.Tensor;
    const loaded = await roundTripModel(model);
    const after = loaded.predict(ids) as tf.Tensor;
    expect(maxDifference(before.dataSync(), after.dataSync())).toBeLessThan(1e-6);
    const simple = simpleWaveNet({ outputUnits: 10, seed: 1 });
    expect(simple.outputs[0]?.shape).toEqual([null, null, 10]);
    tf.dispose([ids, before, after]);
  });

  it('are causal over the whole stack, checked by gradient: exactly the receptive field', () => {
    const model = wavenet({ ...small, head: 'regression', inputChannels: 2 });
    randomizeBiases(model);
    const rf = receptiveField(small);
    const x = tf.randomNormal([1, 30, 2], 0, 1, 'float32', 9);
    const t = 25;
    const grad = tf.grad((a: tf.Tensor) =>
      tf.sum((model.apply(a) as tf.Tensor).slice([0, t, 0], [1, 1, -1])),
    )(x);
    const perStep = tf.sum(tf.abs(grad), [0, 2]).arraySync() as number[];
    const seen = perStep.map((g, s) => (g > 0 ? s : -1)).filter((s) => s >= 0);
    expect(seen).toEqual(Array.from({ length: rf }, (_, i) => t - rf + 1 + i));
    tf.dispose([x, grad]);
  });

  it('reject bad configurations', () => {
    expect(() => wavenet({ dilations: [] })).toThrow(
      'wavenet: `dilations` must be a non-empty array of positive integers; received [].',
    );
    expect(() => wavenet({ head: 'logistic' as never })).toThrow(SeqError);
    expect(() => simpleWaveNet({ dilations: [1, 0] })).toThrow(
      'simpleWaveNet: `dilations[1]` must be a positive integer; received 0.',
    );
  });
});

describe('WaveNetGenerator: fast generation equals the full pass', () => {
  it('softmax WaveNet: step-by-step probabilities equal model.predict at every step', () => {
    const model = wavenet(small);
    randomizeBiases(model);
    const ids = [[3, 7, 1, 0, 11, 5, 5, 2, 9, 4, 6, 8, 1, 3, 10, 2, 7, 7, 0, 1]];
    const full = (
      model.predict(tf.tensor2d(ids, [1, 20], 'int32')) as tf.Tensor
    ).arraySync() as number[][][];
    const generator = new WaveNetGenerator(model);
    expect(generator.receptiveField).toBe(receptiveField(small));
    for (let t = 0; t < 20; t++) {
      const [probabilities] = generator.step([ids[0]?.[t] as number]);
      expect(maxDifference(probabilities as Float32Array, full[0]?.[t] as number[])).toBeLessThan(
        1e-5,
      );
    }
  });

  it('regression WaveNet with conditioning, and the simplified WaveNet, batched', () => {
    const conditioned = wavenet({
      ...small,
      head: 'regression',
      inputChannels: 2,
      outputUnits: 3,
      conditioningChannels: 2,
    });
    randomizeBiases(conditioned);
    const x = tf.randomNormal([2, 15, 2], 0, 1, 'float32', 4);
    const h = tf.tensor2d([
      [1, -1],
      [0.5, 2],
    ]);
    const full = (conditioned.predict([x, h]) as tf.Tensor).arraySync() as number[][][];
    const xs = x.arraySync() as number[][][];
    const generator = new WaveNetGenerator(conditioned, { conditioning: h });
    for (let t = 0; t < 15; t++) {
      const out = generator.step([xs[0]?.[t] as number[], xs[1]?.[t] as number[]]);
      out.forEach((row, b) => {
        expect(maxDifference(row, full[b]?.[t] as number[])).toBeLessThan(1e-5);
      });
    }
    const simple = simpleWaveNet({
      inputChannels: 2,
      outputUnits: 3,
      dilations: [1, 2, 4, 8],
      seed: 2,
    });
    const simpleFull = (simple.predict(x) as tf.Tensor).arraySync() as number[][][];
    const simpleGenerator = new WaveNetGenerator(simple, { batchSize: 2 });
    for (let t = 0; t < 15; t++) {
      simpleGenerator.step([xs[0]?.[t] as number[], xs[1]?.[t] as number[]]).forEach((row, b) => {
        expect(maxDifference(row, simpleFull[b]?.[t] as number[])).toBeLessThan(1e-5);
      });
    }
    tf.dispose([x, h]);
  });

  it('greedy generation equals naive generation by full passes, sample for sample', () => {
    const model = wavenet(small);
    randomizeBiases(model);
    const [fast] = new WaveNetGenerator(model).generate({
      length: 25,
      prompt: [[6, 2]],
      greedy: true,
    });
    const sequence = [6, 2];
    for (let i = 0; i < 25; i++) {
      const probabilities = tf.tidy(() => {
        const out = model.predict(
          tf.tensor2d([sequence], [1, sequence.length], 'int32'),
        ) as tf.Tensor;
        return out
          .slice([0, sequence.length - 1, 0], [1, 1, -1])
          .argMax(-1)
          .dataSync()[0] as number;
      });
      sequence.push(probabilities);
    }
    expect(Array.from(fast as Int32Array)).toEqual(sequence.slice(2));
  });

  it('sampling is seeded and follows the temperature', () => {
    const model = wavenet(small);
    const a = new WaveNetGenerator(model).generate({ length: 30, seed: 5, temperature: 0.8 });
    const b = new WaveNetGenerator(model).generate({ length: 30, seed: 5, temperature: 0.8 });
    expect(a).toEqual(b);
    expect(a[0]?.every((id) => id >= 0 && id < 12)).toBe(true);
  });

  it('rejects what it cannot run, with clear errors', () => {
    const lstm = tf.sequential({ layers: [tf.layers.lstm({ units: 2, inputShape: [3, 1] })] });
    expect(() => new WaveNetGenerator(lstm)).toThrow(
      /WaveNetGenerator: `model` must be a WaveNet of Embedding, seq Conv1D.*received layer "\S+" of class LSTM/,
    );
    const model = wavenet(small);
    const generator = new WaveNetGenerator(model);
    expect(() => generator.step([12])).toThrow(
      'WaveNetGenerator.step: `inputs[0]` must be a class id in [0, 12); received 12.',
    );
    expect(() => generator.step([1, 2])).toThrow(/`inputs` must be one input per row \(1\)/);
    const regression = wavenet({ ...small, head: 'regression' });
    expect(() => new WaveNetGenerator(regression).generate({ length: 3 })).toThrow(
      /must be a softmax WaveNet/,
    );
    expect(() => wavenetStepper(regression)).toThrow(
      /wavenetStepper: `model` must be a softmax WaveNet/,
    );
  });
});

describe('wavenetStepper with @seq/decoding', () => {
  it('greedy search equals the generator, and sampling is seeded and leak-free', async () => {
    const model = wavenet(small);
    randomizeBiases(model);
    const next = wavenetStepper(model);
    expect(next.vocabularySize).toBe(12);
    const greedy = await greedySearch(next, [[6, 2], [1]], { maxLength: 20 });
    const generator = new WaveNetGenerator(model, { batchSize: 2 });
    const expected = generator.generate({ length: 20, prompt: [[6, 2], [1]], greedy: true });
    expect(greedy.tokens).toEqual(expected.map((row) => Array.from(row)));
    await expectNoLeakedTensors('sample(wavenetStepper)', async () => {
      const a = await sample(next, [[3]], { maxLength: 15, temperature: 0.9, seed: 1 });
      const b = await sample(next, [[3]], { maxLength: 15, temperature: 0.9, seed: 1 });
      expect(a.tokens).toEqual(b.tokens);
    });
    const beams = await beamSearch(next, [[4]], { maxLength: 6, beamWidth: 3 });
    expect(beams.tokens[0]).toHaveLength(6);
  });
});

describe('WaveNetGenerator: continuing and failing cleanly', () => {
  it('a second generate() continues exactly where the first stopped', () => {
    const model = wavenet(small);
    randomizeBiases(model);
    const split = new WaveNetGenerator(model);
    const first = split.generate({ length: 4, prompt: [[1]], greedy: true })[0] as Int32Array;
    const second = split.generate({ length: 3, greedy: true })[0] as Int32Array;
    const whole = new WaveNetGenerator(model).generate({
      length: 7,
      prompt: [[1]],
      greedy: true,
    })[0] as Int32Array;
    expect([...first, ...second]).toEqual(Array.from(whole));
  });

  it('a bad prompt in any row leaves every row untouched', () => {
    const model = wavenet(small);
    const generator = new WaveNetGenerator(model, { batchSize: 2 });
    expect(() => generator.generate({ length: 5, prompt: [[1, 2], [99]], greedy: true })).toThrow(
      'WaveNetGenerator.generate: `prompt[1][0]` must be a class id in [0, 12); received 99.',
    );
    expect(generator.time).toBe(0);
  });

  it('a bad token given to the stepper leaks nothing', async () => {
    const model = wavenet({ ...small, conditioningChannels: 2 });
    const conditioning = tf.ones([1, 2]) as tf.Tensor2D;
    const next = wavenetStepper(model, { conditioning });
    const tokens = tf.tensor2d([[40]], [1, 1], 'int32');
    await expectNoLeakedTensors('wavenetStepper with a bad token', () => {
      expect(() => next(tokens, null)).toThrow(
        'wavenetStepper: `tokens[0][0]` must be a class id in [0, 12); received 40.',
      );
    });
    tf.dispose([conditioning, tokens]);
  });

  it('says why a model cannot generate', () => {
    const regression = wavenet({ ...small, head: 'regression' });
    expect(() => new WaveNetGenerator(regression).generate({ length: 3 })).toThrow(
      'WaveNetGenerator.generate: `model` must be a softmax WaveNet as wavenet() builds: class ids in, as many classes out through a softmax Conv1D; received a model with real-valued inputs (step it with WaveNetGenerator.step).',
    );
  });
});

describe('wavenet builders: determinism', () => {
  it('the same seed gives the same weights after one epoch on cpu', async () => {
    const train = async (make: () => tf.LayersModel, x: tf.Tensor, y: tf.Tensor, loss: string) => {
      const model = make();
      model.compile({ optimizer: tf.train.adam(0.01), loss });
      await model.fit(x, y, { epochs: 1, batchSize: 4, shuffle: false, verbose: 0 });
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return weights;
    };
    const series = tf.sin(tf.linspace(0, 20, 8 * 12)).reshape([8, 12, 1]);
    const target = series; // a smooth series; its own values are the target: only determinism matters here
    const simple = () => simpleWaveNet({ dilations: [1, 2], filters: 4, seed: 5 });
    expect(await train(simple, series, target, 'meanSquaredError')).toEqual(
      await train(simple, series, target, 'meanSquaredError'),
    );
    const ids = tf.tensor2d(
      Array.from({ length: 8 * 6 }, (_, i) => (i * 5) % 12),
      [8, 6],
      'int32',
    );
    const next = tf.tensor3d(
      Array.from({ length: 8 * 6 }, (_, i) => ((i + 1) * 5) % 12),
      [8, 6, 1],
    );
    const full = () => wavenet({ ...small, seed: 9 });
    expect(await train(full, ids, next, 'sparseCategoricalCrossentropy')).toEqual(
      await train(full, ids, next, 'sparseCategoricalCrossentropy'),
    );
    const other = await train(
      () => wavenet({ ...small, seed: 10 }),
      ids,
      next,
      'sparseCategoricalCrossentropy',
    );
    expect(other).not.toEqual(await train(full, ids, next, 'sparseCategoricalCrossentropy'));
    tf.dispose([series, ids, next]);
  });
});
