import * as tf from '@tensorflow/tfjs';

/** How {@link measure} repeats a workload. */
export interface MeasureOptions {
  /** Untimed runs first: kernel compilation, optimizer slots, caches. @defaultValue 2 */
  warmup?: number;
  /** Timed runs; the median is reported. @defaultValue 7 */
  repeats?: number;
  /**
   * Whether to run it once more under `tf.profile` for the memory peak. tfjs' profiler overflows
   * the call stack past about 100,000 kernels in one run (it spreads them into `Math.max`), so a
   * long generation measures its peak another way and turns this off. @defaultValue true
   */
  profile?: boolean;
}

/** Timings of one workload, in milliseconds, and its memory high-water mark. */
export interface Measurement {
  /** The median of the timed runs. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Every timed run, in order. */
  runsMs: number[];
  /**
   * The most bytes of tensor memory held at once during one extra, untimed run, above what was
   * held before it (`tf.profile`'s `peakBytes` less the bytes in use when it started); null when
   * not profiled.
   */
  peakBytes: number | null;
  /** Tensors left behind by one run (0 for a workload that cleans up after itself). */
  leakedTensors: number;
}

/** The median of `values` (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median: expected at least one value, got none');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Times `run` (which must finish its work before it resolves: read a value back, or await a
 * training step) `warmup + repeats` times and reports the median of the last `repeats`, then runs
 * it once more under `tf.profile` for the memory peak (profiling slows kernels down, so that run
 * is not timed).
 */
export async function measure(
  run: () => unknown | Promise<unknown>,
  options: MeasureOptions = {},
): Promise<Measurement> {
  const warmup = options.warmup ?? 2;
  const repeats = options.repeats ?? 7;
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new Error(`measure: expected options.repeats to be a positive integer, got ${repeats}`);
  }
  for (let i = 0; i < warmup; i++) await run();
  const runsMs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    runsMs.push(performance.now() - start);
  }
  const before = tf.memory();
  let peakBytes: number | null = null;
  if (options.profile ?? true) {
    const info = await tf.profile(async () => {
      await run();
    });
    peakBytes = Math.max(0, info.peakBytes - before.numBytes);
  } else {
    await run();
  }
  return {
    medianMs: median(runsMs),
    minMs: Math.min(...runsMs),
    maxMs: Math.max(...runsMs),
    runsMs,
    peakBytes,
    leakedTensors: tf.memory().numTensors - before.numTensors,
  };
}

/** GFLOP/s of `flops` floating-point operations done in `ms` milliseconds. */
export function gflops(flops: number, ms: number): number {
  return flops / ms / 1e6;
}
