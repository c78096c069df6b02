/**
 * Benchmark 2, generation: 200 new tokens (greedy, batch 1, after an 8-token prompt), the
 * incremental way against re-feeding, same model, same run, and a check that both produce the
 * same tokens:
 * - char-RNN (2 x GRU 128): `recurrentStepper` (one GRU step per layer per token) against
 *   `prefixStepper` (the whole prefix through the model for every token);
 * - Transformer LM (2 blocks, hidden 128): `causalLMStepper` (KV cache) against `prefixStepper`;
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
import { charRnn, noPadding, transformerLM } from './models.js';
import { type BenchOptions, parseOptions, repeatsFor } from './options.js';
import { BenchReport } from './report.js';

const prompt = [[1, 2, 3, 4, 5, 6, 7, 8]];

/** Greedy decoding of `count` tokens; returns the tokens. */
async function decode(next: StepFunction<unknown>, count: number): Promise<number[]> {
  const { tokens } = await greedySearch(next, prompt, {
    maxLength: count,
    logitsProcessors: noPadding,
  });
  return tokens[0] as number[];
}

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
    ] as const) {
      if (options.only && !name.includes(options.only)) continue;
      const model = build(smoke);
      const fast = incremental(model as tf.Sequential) as StepFunction<unknown>;
      const slow = prefixStepper(model) as StepFunction<unknown>;
      let fastTokens: number[] = [];
      let slowTokens: number[] = [];
      const f = await measure(
        async () => {
          fastTokens = await decode(fast, tokens);
        },
        { warmup: 1, repeats: repeatsFor(options, 3) },
      );
      // Re-feeding is slow (seconds): one timed run after a short warm-up.
      const s = await measure(
        async () => {
          slowTokens = await decode(slow, tokens);
        },
        { warmup: 0, repeats: 1 },
      );
      report.add({
        model: name,
        backend,
        tokens,
        're-feeding ms/token': s.medianMs / tokens,
        'incremental ms/token': f.medianMs / tokens,
        'speed-up': s.medianMs / f.medianMs,
        'same tokens': JSON.stringify(fastTokens) === JSON.stringify(slowTokens),
        'incremental peak MB': f.peakBytes / MB,
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
      let slowSamples: number[] = [];
      const s = await measure(
        () => {
          slowSamples = naiveWaveNet(model, rf, tokens);
        },
        { warmup: 0, repeats: 1 },
      );
      report.add({
        model: wavenetName,
        backend,
        tokens,
        're-feeding ms/token': s.medianMs / tokens,
        'incremental ms/token': fastMs / tokens,
        'speed-up': s.medianMs / fastMs,
        'same tokens': JSON.stringify(fastSamples) === JSON.stringify(slowSamples),
        'incremental peak MB': null, // the generator runs on Float32Arrays, not tensors
      });
      model.dispose();
    }
  }
  report.note(
    "Per-token times are the whole decode divided by the tokens: the incremental median of 3 runs after a warm-up, re-feeding one run. Re-feeding a prefix of length t costs O(t) per token, so its average grows with the length; the incremental step is O(1) (RNN state, WaveNet queues) or O(t) in attention only (KV cache). WaveNet's fast generation runs in JavaScript arrays (no tensors, so no tensor peak); priming its queues with the 256 samples of silence the naive way starts from is not timed.",
  );
  return report.finish(options.outDir);
}

if (import.meta.url === `file://${process.argv[1]}`) await run(parseOptions(process.argv.slice(2)));
