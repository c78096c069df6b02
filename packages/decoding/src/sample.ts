import { SeededRandom, SeqError } from '@seq/core';
import { decodeLoop, type TokenCallback } from './decode-loop.js';
import {
  type GenerationOptions,
  type GenerationResult,
  type Prompts,
  resolveGeneration,
} from './generation-options.js';
import { logSoftmax } from './log-softmax.js';
import type { StepFunction } from './step-function.js';
import { type SamplingFilters, samplingProcessors } from './token-distribution.js';

/** A source of uniform numbers in `[0, 1)`, such as `@seq/core`'s `SeededRandom`. */
export interface RandomSource {
  /** The next uniform number in `[0, 1)`. */
  next(): number;
}

/** Options of {@link sample}. */
export interface SampleOptions extends GenerationOptions, SamplingFilters {
  /** Seeds a `SeededRandom` so a run can be repeated. @defaultValue a random seed */
  seed?: number | string;
  /** The random source to draw from, instead of `seed` (a `SeededRandom` goes on from its state). */
  random?: RandomSource;
  /** Called with each new token as it is drawn (for streaming to a UI or a terminal). */
  onToken?: TokenCallback;
}

function randomSource(options: SampleOptions): RandomSource {
  if (options.seed !== undefined && options.random !== undefined) {
    throw new SeqError({
      owner: 'sample',
      argument: 'seed',
      expected: 'left out when `random` is given (one source of randomness)',
      received: options.seed,
    });
  }
  if (options.random !== undefined) {
    if (typeof options.random?.next !== 'function') {
      throw new SeqError({
        owner: 'sample',
        argument: 'random',
        expected: 'an object with next(): number in [0, 1), such as a SeededRandom',
        received: options.random,
      });
    }
    return options.random;
  }
  return new SeededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32));
}

/**
 * Sampling: at every step each row draws its next token from the model's distribution, shaped by
 * `temperature`, then `topK`, then `topP` (after your processors, the repetition penalty, the
 * n-gram ban and the minimum length). Batched, seeded, streamable.
 *
 * @param next - The model's step function (see {@link StepFunction}).
 * @param prompts - `[batch, promptLength]` token ids; arrays may differ in length.
 * @returns the generated tokens of each row (prompt excluded), their log-probabilities under the
 *   filtered distributions they were drawn from, and why each row stopped.
 * @throws {@link @seq/core!index.SeqError} for bad prompts or options (a temperature <= 0, `topK`
 *   < 1, `topP` outside (0, 1]...) before any model call, or logits that are not `[batch, vocabulary]`.
 * @example
 * ```ts
 * const { tokens } = await sample(next, [[startId]], { maxLength: 200, temperature: 0.8, topP: 0.95, seed: 42,
 *   onToken: (id) => process.stdout.write(tokenizer.decode([id])) });
 * ```
 */
export async function sample<S>(
  next: StepFunction<S>,
  prompts: Prompts,
  options: SampleOptions,
): Promise<GenerationResult> {
  const settings = resolveGeneration('sample', prompts, options, next.vocabularySize);
  settings.processors.push(...samplingProcessors('sample', options));
  const random = randomSource(options);
  return decodeLoop(
    'sample',
    next,
    settings,
    (logits) => {
      const logProbs = logSoftmax(logits, 'sample');
      const u = random.next();
      let mass = 0;
      let token = -1;
      for (let i = 0; i < logProbs.length; i++) {
        const p = Math.exp(logProbs[i] as number);
        if (p === 0) continue;
        token = i; // the last allowed token catches rounding at the end of the cumulative sum
        mass += p;
        if (u < mass) break;
      }
      return { token, logProb: logProbs[token] as number };
    },
    options.onToken,
  );
}
