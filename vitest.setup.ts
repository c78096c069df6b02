/**
 * Runs before every test file: quiet tfjs' "install tfjs-node" banner, make the file's
 * randomness reproducible, and pick the backend the suite runs on (`SEQ_TEST_BACKEND=wasm
 * pnpm test` runs it on wasm; the default is cpu).
 */
import * as tf from '@tensorflow/tfjs';

tf.env().set('PROD', true); // quiet; IS_TEST would also turn on kernel leak checks that wasm fails

// tfjs draws the seed of every unseeded initializer, dropout mask and `fit` shuffle from
// Math.random. Seeding it here makes a test that trains a model get the same weights on every
// run, so a learned-behaviour check cannot pass on one run and fail on the next.
// `SEQ_TEST_SEED=n pnpm test` runs the suite under another seed, to see how robust a check is.
Math.random = seededRandom(Number(process.env.SEQ_TEST_SEED ?? 20261129));

const backend = process.env.SEQ_TEST_BACKEND ?? 'cpu';
if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
if (!(await tf.setBackend(backend))) {
  throw new Error(`SEQ_TEST_BACKEND: backend "${backend}" did not initialise`);
}

/** Mulberry32: a small 32-bit generator, floats in [0, 1). */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 2 ** 32;
  };
}
