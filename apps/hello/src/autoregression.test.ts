import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { learnAutoregression } from './autoregression.js';

it('learns the AR(2) coefficients, beats the naive forecast, and leaks nothing', async () => {
  const out = mkdtempSync(join(tmpdir(), 'seq-hello-'));
  const before = tf.memory().numTensors;
  const result = await learnAutoregression({ seed: 1, epochs: 40, out });
  expect(tf.memory().numTensors).toBe(before);
  expect(Math.abs(result.learned[0] - 1.6)).toBeLessThan(0.05);
  expect(Math.abs(result.learned[1] + 0.8)).toBeLessThan(0.05);
  expect(result.modelMse).toBeLessThan(result.naiveMse * 0.75);
  rmSync(out, { recursive: true, force: true });
});

it('is reproducible: the same seed learns the same coefficients', async () => {
  const out = mkdtempSync(join(tmpdir(), 'seq-hello-'));
  const a = await learnAutoregression({ seed: 7, epochs: 3, out, length: 300 });
  const b = await learnAutoregression({ seed: 7, epochs: 3, out, length: 300 });
  expect(b.learned).toEqual(a.learned);
  rmSync(out, { recursive: true, force: true });
});
