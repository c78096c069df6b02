/**
 * Benchmark 2, generation: 200 new tokens (greedy, batch 1, after an 8-token prompt), the
 * incremental way against re-feeding, same model, same run, and a check that both produce the
 * same tokens. Two costs per way: the mean per token over the 200, and the cost of a token once
 * 200 were generated (the median of the last 8 tokens), where re-feeding pays for its whole prefix:
 * - char-RNN (2 x GRU 128): `recurrentStepper` (one GRU step per layer per token) against
 *   `prefixStepper` (the whole prefix through the model for every token);
 * - Transformer LM (2 blocks, hidden 128): `causalLMStepper` (KV cache) against `prefixStepper`;
 * - nanoGPT's baby GPT (6 blocks, hidden 384), the same way, on wasm only (re-feeding it 200
 *   times takes minutes on cpu);
 * - WaveNet (softmax, 256 classes, dilations 1-128, receptive field 256, residual and gate
 *   channels 32, skip 64): `WaveNetGenerator` (one step of every layer per sample, with queues)
 *   against a full `predict` over the last 256 samples for every sample.
 *
 *   pnpm bench generation [--quick] [--backends=wasm]
 */
import '@tensorflow/tfjs-backend-wasm';
import { greedySearch, prefixStepper, recurrentStepper, type StepFunction } from '@seq/decoding';
import { causalLMStepper } from '@seq/transformer';
import { receptiveField, WaveNetGenerator, wavenet } from '@seq/wavenet';
import * as tf from '@tensorflow/tfjs';
import { measure, median } from './measure.js';
import { babyGPT, charRnn, noPadding, transformerLM } from './models.js';
import { type BenchOptions, parseOptions, repeatsFor } from './options.js';
import { BenchReport } from './report.js';

const prompt = [[1, 2, 3, 4, 5, 6, 7, 8]];

/** The most tensor bytes seen held after any token of the last {@link decode}, above its start. */
let peakBytes = 0;
/** The milliseconds each of the last {@link decode}'s tokens took (token i: from token i - 1). */
let tokenMs: number[] = [];

/** Tokens at the end of a decode whose median cost is "the cost at token 200". */
const LAST = 8;

/** Greedy decoding of `count` tokens; returns the tokens, and tracks {@link peakBytes} and {@link tokenMs}. */
async function decode(next: StepFunction<unknown>, count: number): Promise<number[]> {
  const base = tf.memory().numBytes;
  peakBytes = 0;
  tokenMs = [];
  let last = performance.now();
  const { tokens } = await greedySearch(next, prompt, {
    maxLength: count,
    logitsProcessors: noPadding,
    onToken: () => {
      const now = performance.now();
      tokenMs.push(now - last);
      last = now;
      peakBytes = Math.max(peakBytes, tf.memory().numBytes - base);
    },
  });
  return tokens[0] as number[];
}

/** The median cost of the last {@link LAST} tokens of the last decode (a garbage collection in one does not count). */
const lastTokensMs = () => median(tokenMs.slice(-LAST));

/** Naive WaveNet generation: a full pass over the last `rf` samples per new sample. */
function naiveWaveNet(model: tf.LayersModel, rf: number, count: number): number[] {
  const history: number[] = new Array(rf).fill(128);
  for (let i = 0; i < count; i++) {
    const next = tf.tidy(() => {
      const window = tf.tensor2d([history.slice(-rf)], [1, rf], 'int32');
      const probabilities = model.predict(window) as tf.Tensor; // [1, rf, 256]
      return probabilities
        .slice([0, rf - 1, 0], [1, 1, -1])
        .argMax(-1)
        .dataSync()[0] as number;
    });
    history.push(next);
  }
  return history.slice(rf);
}

export async function run(options: BenchOptions): Promise<string> {
  tf.env().set('PROD', true);
  const smoke = options.mode === 'smoke';
  const tokens = smoke ? 6 : 200;
  const report = new BenchReport(
    'generation',
    `generating ${tokens} tokens, incremental against re-feeding the prefix, same run`,
    [
      'model',
      'backend',
      'tokens',
      're-feeding ms/token',
      'incremental ms/token',
      'speed-up',
      'token 200: re-feeding ms',
      'token 200: incremental ms',
      'token 200: speed-up',
      'same tokens',
      'incremental peak MB',
    ],
    options.mode,
  );
  const MB = 2 ** 20;
  for (const backend of options.backends) {
    await tf.setBackend(backend);
    for (const [name, build, incremental] of [
      ['char-RNN, 2 x GRU(128)', charRnn, recurrentStepper],
      ['Transformer LM, 2 blocks, hidden 128', transformerLM, causalLMStepper],
      ['Transformer LM, 6 blocks, hidden 384 (baby GPT)', babyGPT, causalLMStepper],
    ] as const) {
      if (options.only && !name.includes(options.only)) continue;
      if (build === babyGPT && backend === 'cpu') continue; // about 2 s a re-fed token on cpu
      const model = build(smoke);
      const fast = incremental(model as tf.Sequential) as StepFunction<unknown>;
      const slow = prefixStepper(model) as StepFunction<unknown>;
      let fastTokens: number[] = [];
      let slowTokens: number[] = [];
      const fastLast: number[] = [];
      // Thousands of kernels per decode: the peak is read between tokens (see decode), not profiled.
      const warmup = 1;
      const repeats = repeatsFor(options, 3);
      const f = await measure(
        async () => {
          fastTokens = await decode(fast, tokens);
          fastLast.push(lastTokensMs());
        },
        { warmup, repeats, profile: false },
      );
      const fastPeak = peakBytes; // of the extra, last run
      const fastAt200 = median(fastLast.slice(warmup, warmup + repeats)); // the timed runs
      // Re-feeding is slow (up to a minute): one timed run, after the incremental runs' warm-up.
      const slowStart = performance.now();
      slowTokens = await decode(slow, tokens);
      const slowMs = performance.now() - slowStart;
      const slowAt200 = lastTokensMs();
      report.add({
        model: name,
        backend,
        tokens,
        're-feeding ms/token': slowMs / tokens,
        'incremental ms/token': f.medianMs / tokens,
        'speed-up': slowMs / f.medianMs,
        'token 200: re-feeding ms': slowAt200,
        'token 200: incremental ms': fastAt200,
        'token 200: speed-up': slowAt200 / fastAt200,
        'same tokens': JSON.stringify(fastTokens) === JSON.stringify(slowTokens),
        'incremental peak MB': fastPeak / MB,
      });
      model.dispose();
    }
    const wavenetName = 'WaveNet, receptive field 256, 256 classes';
    if (!options.only || wavenetName.includes(options.only)) {
      const dilations = Array.from({ length: smoke ? 3 : 8 }, (_, i) => 2 ** i);
      const rf = receptiveField({ dilations });
      const model = wavenet({
        dilations,
        residualChannels: smoke ? 4 : 32,
        filters: smoke ? 4 : 32,
        skipChannels: smoke ? 4 : 64,
        seed: 1,
      });
      const generator = new WaveNetGenerator(model);
      const silence = new Array(rf).fill(128);
      // Priming the queues with the 256 samples of silence the naive way starts from is not timed:
      // generate() continues where the previous call stopped.
      let fastSamples: number[] = [];
      const fastRuns: number[] = [];
      for (let i = 0; i < 1 + repeatsFor(options, 3); i++) {
        generator.reset();
        const [first] = generator.generate({ length: 1, prompt: [silence], greedy: true });
        const start = performance.now();
        const [rest] = generator.generate({ length: tokens - 1, greedy: true });
        if (i > 0) fastRuns.push(performance.now() - start);
        fastSamples = [...(first as Int32Array), ...(rest as Int32Array)];
      }
      const fastMs = (median(fastRuns) * tokens) / (tokens - 1);
      // The naive way costs the same full pass for every sample: time the first 32, or 16 (all of them
      // would take minutes on cpu) and check them against the fast samples.
      const naiveCount = Math.min(tokens, backend === 'cpu' ? 16 : 32); // 0.65 s a sample on cpu
      const slowStart = performance.now();
      const slowSamples = naiveWaveNet(model, rf, naiveCount);
      const slowMs = performance.now() - slowStart;
      const naivePerSample = slowMs / naiveCount;
      const fastPerSample = fastMs / tokens;
      report.add({
        model: wavenetName,
        backend,
        tokens,
        're-feeding ms/token': naivePerSample,
        'incremental ms/token': fastPerSample,
        'speed-up': naivePerSample / fastPerSample,
        // Both ways cost the same for every sample (a full pass over 256 samples, one step of each
        // layer): the cost at sample 200 is the mean.
        'token 200: re-feeding ms': naivePerSample,
        'token 200: incremental ms': fastPerSample,
        'token 200: speed-up': naivePerSample / fastPerSample,
        'same tokens':
          JSON.stringify(fastSamples.slice(0, naiveCount)) === JSON.stringify(slowSamples),
        'incremental peak MB': null, // the generator runs on Float32Arrays, not tensors
      });
      model.dispose();
    }
  }
  report.note(
    "Per-token times are the whole decode divided by the tokens: the incremental median of 3 runs after a warm-up, re-feeding one run. Re-feeding a prefix of length t costs O(t) per token, so its average grows with the length; the incremental step is O(1) (RNN state, WaveNet queues) or O(t) in attention only (KV cache). WaveNet's fast generation runs in JavaScript arrays (no tensors, so no tensor peak); priming its queues with the 256 samples of silence the naive way starts from is not timed, and its naive way is timed (and checked) over the first 32 samples (16 on cpu), as each costs the same full pass. The baby GPT runs on wasm only: re-feeding it for 200 tokens would take minutes on cpu. The token-200 columns are the median cost of the last 8 tokens of the 200 (for the incremental way, the median over its 3 runs), where re-feeding pays for a prefix of about 200 tokens; for the WaveNet both ways cost the same for every sample, so they repeat the means. The incremental peak is the most tensor memory held after any token (the state: RNN states or the KV cache), above what was held before the decode.",
  );
  return report.finish(options.outDir);
}

if (import.meta.url === `file://${process.argv[1]}`) await run(parseOptions(process.argv.slice(2)));
