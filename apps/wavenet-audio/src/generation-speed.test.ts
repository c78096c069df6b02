import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAudioModel, CLASSES, modelReceptiveField } from './build-audio-model.js';
import { fourierEmbedding } from './fourier-embedding.js';
import { compareGenerationSpeed, fastGenerate, naiveGenerate } from './generation-speed.js';

const config = {
  blocks: 3,
  stacks: 1,
  channels: 6,
  embedding: 'fourier',
  learningRate: 0.01,
  seed: 5,
} as const;
const model = buildAudioModel(config);
afterAll(() => {
  model.optimizer?.dispose();
  model.dispose();
});

describe('buildAudioModel', () => {
  it('the same seed gives the same weights; the fourier embedding is fixed and frozen', () => {
    const again = buildAudioModel(config);
    try {
      const a = model.getWeights().map((w) => Array.from(w.dataSync()));
      const b = again.getWeights().map((w) => Array.from(w.dataSync()));
      expect(b).toEqual(a);
      const embedding = model.layers.find((l) => l.getClassName() === 'Embedding');
      expect(embedding?.trainable).toBe(false);
      const table = embedding?.getWeights()[0];
      expect(table?.shape).toEqual([CLASSES, 6]);
      expect(Array.from(table?.dataSync() ?? [])).toEqual(Array.from(fourierEmbedding(CLASSES, 6)));
      expect(model.trainableWeights.some((w) => w.name.includes('embedding'))).toBe(false);
      expect(modelReceptiveField(config)).toBe(8);
    } finally {
      again.optimizer?.dispose();
      again.dispose();
    }
  });

  it('fourierEmbedding: neighbouring codes are close, no two codes are the same', () => {
    const table = fourierEmbedding(256, 8);
    const row = (c: number) => Array.from(table.subarray(c * 8, c * 8 + 8));
    const distance = (a: number, b: number) =>
      Math.hypot(...row(a).map((v, i) => v - (row(b)[i] as number)));
    expect(distance(100, 101)).toBeLessThan(distance(100, 140));
    for (let c = 1; c < 256; c++) expect(distance(c - 1, c)).toBeGreaterThan(1e-3);
    expect(fourierEmbedding(256, 5).subarray(255 * 5)[4]).toBe(1); // odd: u itself
  });
});

describe('naive and fast generation', () => {
  it('give the same greedy codes; fast sampling is seeded', () => {
    const rf = modelReceptiveField(config);
    const prompt = [128, 140, 150, 160, 150, 140, 128, 116, 106, 100, 106];
    const before = tf.memory().numTensors;
    const naive = naiveGenerate(model, prompt, 20, rf);
    expect(tf.memory().numTensors).toBe(before); // no tensor left behind
    const fast = fastGenerate(model, { prompt, length: 20, greedy: true });
    expect(Array.from(fast.codes)).toEqual(Array.from(naive.codes));
    const sampled = (seed: number) =>
      Array.from(fastGenerate(model, { prompt, length: 50, temperature: 1, seed }).codes);
    expect(sampled(3)).toEqual(sampled(3));
    expect(sampled(3)).not.toEqual(sampled(4));
    const speed = compareGenerationSpeed(model, prompt, 10, rf);
    expect(speed.samples).toBe(10);
    expect(speed.sameSamples).toBe(true);
    expect(speed.speedup).toBeCloseTo(speed.naive.seconds / speed.fast.seconds, 6);
  });
});
