/**
 * Benchmark: generating 200 tokens with greedy search and with beam search (width 4, so the model
 * runs on 4 rows), incremental adapters against the
 * re-feeding fallback (`prefixStepper`, a full pass over the prefix at every token), same run,
 * same model, on the wasm backend (`--cpu` for the cpu backend). Checks that both produce the same
 * tokens, and prints ms per token and the speed-up, averaged over the 200 tokens and for the last
 * tokens (what a token costs once 200 were generated); incremental timings are the median of three runs.
 *
 *   pnpm --filter @seq/decoding bench:steppers [-- --cpu] [-- --only=RNN]
 *
 * Models (random weights: speed does not depend on training):
 * - char-RNN: Embedding(64, 32) -> GRU(128) -> GRU(128) -> Dense(64), the book's Shakespeare model
 *   at half width; `recurrentStepper` (one GRU step per layer per token).
 * - Transformer LMs, `causalLMStepper` (KV cache): a small one (2 blocks, hidden 128, 4 heads,
 *   feed-forward 256) and nanoGPT's "baby GPT" for Shakespeare characters (6 blocks, hidden 384,
 *   6 heads, feed-forward 1536), vocabulary 64. Re-feeding runs the prefix as it is (no padding).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { GRU } from '@seq/layers';
import { causalLMStepper, transformerCausalLM } from '@seq/transformer';
import {
  beamSearch,
  greedySearch,
  prefixStepper,
  recurrentStepper,
  type StepFunction,
} from '../src/index.js';

tf.env().set('PROD', true);
await tf.setBackend(process.argv.includes('--cpu') ? 'cpu' : 'wasm');
const V = 64;
const generated = 200;
const prompt = [[1, 2, 3, 4, 5, 6, 7, 8]];

// Id 0 is padding, which the Transformer masks when re-fed: never generate it.
const logitsProcessors = [
  (logits: Float64Array) => {
    logits[0] = -Infinity;
  },
];

type Search = 'greedy' | 'beam 4';
const beamWidth = 4;

interface Timing {
  /** Mean ms per token over the 200. */
  mean: number;
  /** Median ms of the last 8 tokens (193 to 200): the cost of a token once 200 were generated. */
  last: number;
  tokens: number[];
}

/** Times a decode; beam search always runs all 200 steps (no end token). */
async function time(next: StepFunction<unknown>, search: Search): Promise<Timing> {
  const stamps: number[] = [];
  const stamp = () => {
    stamps.push(performance.now());
  };
  const decode = (maxLength: number) =>
    search === 'greedy'
      ? greedySearch(next, prompt, { maxLength, logitsProcessors, onToken: stamp })
      : beamSearch(next, prompt, { maxLength, logitsProcessors, beamWidth, onStep: stamp });
  await decode(4); // warm-up: kernels, weights
  stamps.length = 0;
  const started = performance.now();
  const { tokens } = await decode(generated);
  const mean = (performance.now() - started) / generated;
  // The median of the last 8 tokens' costs: a garbage collection in one of them does not count.
  const tail = stamps.slice(-9);
  const gaps = tail
    .slice(1)
    .map((t, i) => t - (tail[i] as number))
    .sort((a, b) => a - b); // 8 costs
  const last = ((gaps[3] as number) + (gaps[4] as number)) / 2;
  return { mean, last, tokens: tokens[0] as number[] };
}

const rnn = tf.sequential({
  layers: [
    tf.layers.embedding({ inputDim: V, outputDim: 32, inputShape: [null] }),
    new GRU({ units: 128, returnSequences: true }),
    new GRU({ units: 128, returnSequences: true }),
    tf.layers.dense({ units: V }),
  ],
});
const small = transformerCausalLM({
  vocabularySize: V,
  sequenceLength: 256,
  embeddingDim: 128,
  numHeads: 4,
  intermediateDim: 256,
  numLayers: 2,
});
const babyGPT = transformerCausalLM({
  vocabularySize: V,
  sequenceLength: 256,
  embeddingDim: 384,
  numHeads: 6,
  intermediateDim: 1536,
  numLayers: 6,
});

const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
console.log(`backend ${tf.getBackend()}, ${generated} tokens after an 8-token prompt, batch 1`);
console.log(
  '| model | search | incremental | re-feeding | speed-up | token 200: incremental | re-feeding | speed-up |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
const ms = (value: number) => `${value.toFixed(2)} ms`;
for (const [name, incremental, model] of [
  ['char-RNN, 2 x GRU(128)', recurrentStepper(rnn), rnn],
  ['Transformer LM, 2 blocks, hidden 128', causalLMStepper(small), small],
  ['Transformer LM, 6 blocks, hidden 384 (baby GPT)', causalLMStepper(babyGPT), babyGPT],
] as const) {
  if (only && !name.includes(only)) continue;
  for (const search of ['greedy', 'beam 4'] as const) {
    // The incremental runs are short and noisy on a shared machine: the median of three.
    const runs: Timing[] = [];
    for (let i = 0; i < 3; i++) runs.push(await time(incremental as StepFunction<unknown>, search));
    const median = (key: 'mean' | 'last') =>
      runs.map((r) => r[key]).sort((a, b) => a - b)[1] as number;
    const fast = { mean: median('mean'), last: median('last'), tokens: (runs[0] as Timing).tokens };
    const slow = await time(prefixStepper(model) as StepFunction<unknown>, search);
    if (JSON.stringify(fast.tokens) !== JSON.stringify(slow.tokens)) {
      throw new Error(`${name}, ${search}: the incremental and re-feeding adapters disagree`);
    }
    const mean = `${ms(fast.mean)} | ${ms(slow.mean)} | ${(slow.mean / fast.mean).toFixed(1)}x`;
    const last = `${ms(fast.last)} | ${ms(slow.last)} | ${(slow.last / fast.last).toFixed(1)}x`;
    console.log(`| ${name} | ${search} | ${mean} | ${last} |`);
  }
}
