/**
 * Benchmark 3, beam search: seq's `beamSearch`, which folds the beams into the batch (one model call
 * of `beamWidth` rows per step), against the naive way, one model call per beam per step
 * (`perBeamSearch`), with the same incremental step functions, same run; checks both find the same
 * best sequence. Models: the char-RNN (2 x GRU 128, `recurrentStepper`) and the Transformer LM
 * (2 blocks, hidden 128, `causalLMStepper`), beam widths 4 and 8, 50 new tokens after an 8-token
 * prompt.
 *
 *   pnpm bench beam-search [--quick] [--backends=wasm]
 */
import '@tensorflow/tfjs-backend-wasm';
import { beamSearch, recurrentStepper, type StepFunction } from '@seq/decoding';
import { causalLMStepper } from '@seq/transformer';
import * as tf from '@tensorflow/tfjs';
import { measure } from './measure.js';
import { charRnn, noPadding, transformerLM } from './models.js';
import { type BenchOptions, parseOptions, repeatsFor } from './options.js';
import { perBeamSearch } from './per-beam-search.js';
import { BenchReport } from './report.js';

const prompt = [1, 2, 3, 4, 5, 6, 7, 8];

export async function run(options: BenchOptions): Promise<string> {
  tf.env().set('PROD', true);
  const smoke = options.mode === 'smoke';
  const tokens = smoke ? 4 : 50;
  const report = new BenchReport(
    'beam-search',
    `beam search over ${tokens} tokens, beams folded into the batch against one call per beam, same run`,
    [
      'model',
      'backend',
      'beam width',
      'one call per beam ms',
      'folded ms',
      'speed-up',
      'same best',
      'folded peak MB',
    ],
    options.mode,
  );
  for (const backend of options.backends) {
    await tf.setBackend(backend);
    for (const [name, build, stepper] of [
      ['char-RNN, 2 x GRU(128)', charRnn, recurrentStepper],
      ['Transformer LM, 2 blocks, hidden 128', transformerLM, causalLMStepper],
    ] as const) {
      if (options.only && !name.includes(options.only)) continue;
      const model = build(smoke);
      const next = stepper(model as tf.Sequential) as StepFunction<unknown>;
      for (const beamWidth of smoke ? [2] : [4, 8]) {
        let folded: number[] = [];
        let perBeam: number[] = [];
        const f = await measure(
          async () => {
            const result = await beamSearch(next, [prompt], {
              beamWidth,
              maxLength: tokens,
              logitsProcessors: noPadding,
            });
            folded = result.tokens[0] as number[];
          },
          { warmup: 1, repeats: repeatsFor(options, 3) },
        );
        const p = await measure(
          () => {
            perBeam = perBeamSearch(
              next,
              prompt,
              beamWidth,
              tokens,
              noPadding[0] as (l: Float64Array) => void,
            );
          },
          { warmup: 1, repeats: repeatsFor(options, 3) },
        );
        report.add({
          model: name,
          backend,
          'beam width': beamWidth,
          'one call per beam ms': p.medianMs,
          'folded ms': f.medianMs,
          'speed-up': p.medianMs / f.medianMs,
          'same best': JSON.stringify(folded) === JSON.stringify(perBeam),
          'folded peak MB': f.peakBytes === null ? null : f.peakBytes / 2 ** 20,
        });
      }
      model.dispose();
    }
  }
  report.note(
    `Whole searches of ${tokens} tokens, medians of 3 after a warm-up. "same best" checks that both searches return the same best sequence (summed log-probabilities, no end token).`,
  );
  return report.finish(options.outDir);
}

if (import.meta.url === `file://${process.argv[1]}`) await run(parseOptions(process.argv.slice(2)));
