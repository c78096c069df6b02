import { WaveNetGenerator } from '@seq/wavenet';
import * as tf from '@tensorflow/tfjs';

/** Options of {@link fastGenerate}. */
export interface FastGenerateOptions {
  /** Codes fed first (at least one), not returned. */
  prompt: ArrayLike<number>;
  /** Codes to generate after the prompt. */
  length: number;
  /** Take the most likely code at each step instead of sampling. @defaultValue `false` */
  greedy?: boolean;
  /** Sampling temperature. @defaultValue `1` */
  temperature?: number;
  /** Seed of the sampling. @defaultValue `0` */
  seed?: number | string;
}

/** Generated codes and how long they took. */
export interface TimedCodes {
  codes: Int32Array;
  /** Seconds to generate the codes (after the prompt). */
  seconds: number;
  /** Seconds to feed the prompt (fast generation only; 0 for naive). */
  primeSeconds: number;
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/**
 * Fast generation with `WaveNetGenerator` (one step of every layer per sample, in plain
 * JavaScript): a new generator is fed the prompt (timed apart, as `primeSeconds`), then generates
 * `length` codes, timed.
 */
export function fastGenerate(model: tf.LayersModel, options: FastGenerateOptions): TimedCodes {
  const prompt = Array.from(options.prompt);
  if (prompt.length === 0) throw new RangeError('fastGenerate: the prompt must not be empty');
  const generator = new WaveNetGenerator(model);
  const primeStart = performance.now();
  for (const code of prompt.slice(0, -1)) generator.step([code]);
  const primeSeconds = seconds(primeStart);
  const start = performance.now();
  // The last prompt code is fed by generate(), which then samples from the state it leaves.
  const [codes] = generator.generate({
    length: options.length,
    prompt: [prompt.slice(-1)],
    greedy: options.greedy ?? false,
    temperature: options.temperature ?? 1,
    seed: options.seed ?? 0,
  });
  return { codes: codes as Int32Array, seconds: seconds(start), primeSeconds };
}

/**
 * Naive generation, greedy: for every new code, the whole model runs over the last
 * `receptiveField` codes (`model.predict` on `[1, time]`; fewer at the start, as causal padding
 * would give) and the most likely next code is appended.
 */
export function naiveGenerate(
  model: tf.LayersModel,
  prompt: ArrayLike<number>,
  length: number,
  receptiveField: number,
): TimedCodes {
  const history = Array.from(prompt);
  if (history.length === 0) throw new RangeError('naiveGenerate: the prompt must not be empty');
  const codes = new Int32Array(length);
  const start = performance.now();
  for (let i = 0; i < length; i++) {
    const context = history.slice(-receptiveField);
    const next = tf.tidy(() => {
      const x = tf.tensor2d([context], [1, context.length], 'int32'); // [batch, time]
      const probabilities = model.predict(x) as tf.Tensor3D; // [batch, time, classes]
      const last = probabilities.slice([0, context.length - 1, 0], [1, 1, -1]); // [1, 1, classes]
      return last.argMax(-1).dataSync()[0] as number;
    });
    codes[i] = next;
    history.push(next);
  }
  return { codes, seconds: seconds(start), primeSeconds: 0 };
}

/** Fast against naive generation of the same codes: what {@link compareGenerationSpeed} returns. */
export interface GenerationSpeed {
  /** Codes each generated. */
  samples: number;
  naive: { seconds: number; samplesPerSecond: number };
  fast: { seconds: number; samplesPerSecond: number; primeSeconds: number };
  /** How many times faster fast generation is per sample. */
  speedup: number;
  /** Whether both generated the same codes (both greedy; they may part at a near tie). */
  sameSamples: boolean;
}

/**
 * Generates `samples` codes greedily after `prompt` both ways, naive and fast, and times them (the
 * two after an untimed warm-up each: the backend's kernels, the JavaScript compiler).
 */
export function compareGenerationSpeed(
  model: tf.LayersModel,
  prompt: ArrayLike<number>,
  samples: number,
  receptiveField: number,
): GenerationSpeed {
  naiveGenerate(model, prompt, 1, receptiveField); // warm-ups, untimed
  fastGenerate(model, { prompt, length: Math.min(samples, 16), greedy: true });
  const naive = naiveGenerate(model, prompt, samples, receptiveField);
  const fast = fastGenerate(model, { prompt, length: samples, greedy: true });
  const rate = (s: number) => samples / Math.max(s, 1e-9);
  return {
    samples,
    naive: { seconds: naive.seconds, samplesPerSecond: rate(naive.seconds) },
    fast: {
      seconds: fast.seconds,
      samplesPerSecond: rate(fast.seconds),
      primeSeconds: fast.primeSeconds,
    },
    speedup: naive.seconds / Math.max(fast.seconds, 1e-9),
    sameSamples: naive.codes.every((code, i) => code === fast.codes[i]),
  };
}
