/**
 * Benchmark: generating audio samples from a softmax WaveNet (256 mu-law classes, residual and
 * gate channels 32, skip channels 64) with fast generation (`WaveNetGenerator`: one step of every
 * layer per sample) against naive generation (a full `model.predict` over the last
 * receptive-field samples for every new sample), for receptive fields of 256, 1024 and 4096
 * (dilations 1, 2, ..., 128 / 512 / 2048). Same model, same run; greedy, so both must produce the
 * same samples, which is checked. Random weights: speed does not depend on training.
 *
 *   pnpm --filter @seq/wavenet bench:generation [-- --cpu]
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { receptiveField, WaveNetGenerator, wavenet } from '../src/index.js';

tf.env().set('PROD', true);
const backend = process.argv.includes('--cpu') ? 'cpu' : 'wasm';
await tf.setBackend(backend);

const rows: string[] = [];
for (const layers of [8, 10, 12]) {
  const dilations = Array.from({ length: layers }, (_, i) => 2 ** i);
  const rf = receptiveField({ dilations });
  const model = wavenet({
    dilations,
    residualChannels: 32,
    filters: 32,
    skipChannels: 64,
    seed: 1,
  });
  // Naive: the model over the last `rf` samples (zero-padded at the start, as causal padding), per sample.
  const naiveCount = rf >= 4096 ? 8 : rf >= 1024 ? 16 : 32;
  const history = new Array(rf).fill(128);
  const naive: number[] = [];
  const warm = model.predict(tf.tensor2d([history], [1, rf], 'int32')) as tf.Tensor;
  warm.dispose();
  const naiveStart = performance.now();
  for (let i = 0; i < naiveCount; i++) {
    const next = tf.tidy(() => {
      const window = tf.tensor2d([history.slice(-rf)], [1, rf], 'int32');
      const out = model.predict(window) as tf.Tensor; // [1, rf, 256]
      return out
        .slice([0, rf - 1, 0], [1, 1, -1])
        .argMax(-1)
        .dataSync()[0] as number;
    });
    naive.push(next);
    history.push(next);
  }
  const naiveMs = (performance.now() - naiveStart) / naiveCount;

  // Fast: fill the queues with the same rf - 1 samples of silence (128), then generate.
  const generator = new WaveNetGenerator(model);
  const fastCount = 2000;
  const prompt = new Array(rf).fill(128);
  const primeStart = performance.now();
  generator.generate({ length: 1, prompt: [prompt.slice(0, -1)], greedy: true });
  const primeMs = performance.now() - primeStart;
  generator.reset();
  const [check] = generator.generate({ length: naiveCount, prompt: [prompt], greedy: true });
  const same = Array.from(check as Int32Array).every((v, i) => v === naive[i]);
  generator.reset();
  generator.generate({ length: 1, prompt: [prompt], greedy: true });
  const fastStart = performance.now();
  generator.generate({ length: fastCount, prompt: [[128]], greedy: true });
  const fastMs = (performance.now() - fastStart) / fastCount;
  const line = `| ${rf} | ${dilations.length} | ${naiveMs.toFixed(1)} ms | ${fastMs.toFixed(3)} ms | ${(naiveMs / fastMs).toFixed(0)}x | ${same ? 'yes' : 'NO'} |`;
  console.log(line, `(priming ${rf - 1} samples: ${primeMs.toFixed(0)} ms)`);
  rows.push(line);
  model.dispose();
}
console.log(
  `\nbackend ${backend}\n| receptive field | blocks | naive per sample | fast per sample | speed-up | same samples |\n| --- | --- | --- | --- | --- | --- |`,
);
for (const r of rows) console.log(r);
