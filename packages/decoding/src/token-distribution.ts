import { assertNumberInRange, assertPositiveInteger } from '@seq/core';
import { logSoftmax } from './log-softmax.js';
import type { LogitsProcessor } from './logits-processor.js';
import { temperatureProcessor } from './temperature-processor.js';
import { topKProcessor } from './top-k-processor.js';
import { topPProcessor } from './top-p-processor.js';

/** How sampling shapes the next-token distribution. */
export interface SamplingFilters {
  /** Divides the logits: below 1 sharpens, above 1 flattens; must be > 0. @defaultValue `1` */
  temperature?: number;
  /** Keeps only the `topK` most probable tokens (see {@link topKProcessor}). @defaultValue all */
  topK?: number;
  /** Keeps the smallest set of tokens whose mass reaches `topP`, in (0, 1] (see {@link topPProcessor}). @defaultValue `1` */
  topP?: number;
}

/** Checks the filters and returns their processors: temperature, then top-k, then top-p. */
export function samplingProcessors(owner: string, filters: SamplingFilters): LogitsProcessor[] {
  const processors: LogitsProcessor[] = [];
  if (filters.temperature !== undefined) {
    assertNumberInRange(owner, 'temperature', filters.temperature, { min: 0, minInclusive: false });
    if (filters.temperature !== 1) processors.push(temperatureProcessor(filters.temperature));
  }
  if (filters.topK !== undefined) {
    processors.push(topKProcessor(assertPositiveInteger(owner, 'topK', filters.topK)));
  }
  if (filters.topP !== undefined) {
    assertNumberInRange(owner, 'topP', filters.topP, { min: 0, max: 1, minInclusive: false });
    if (filters.topP < 1) processors.push(topPProcessor(filters.topP));
  }
  return processors;
}

/**
 * The distribution {@link sample} draws from for one row of logits: `softmax(logits /
 * temperature)`, restricted to the top-k tokens, then to the top-p nucleus, renormalised. Useful to
 * show or test what sampling will do.
 *
 * @param logits - One row of next-token logits `[vocabulary]`.
 * @returns the probabilities `[vocabulary]` (float64), zero for filtered-out tokens.
 * @throws {@link @seq/core!index.SeqError} for a temperature <= 0, a `topK` < 1 or a `topP` outside (0, 1].
 * @example
 * ```ts
 * tokenDistribution([2, 1, 0], { temperature: 0.7, topK: 2 }); // Float64Array [0.81, 0.19, 0]
 * ```
 */
export function tokenDistribution(
  logits: ArrayLike<number>,
  filters: SamplingFilters = {},
): Float64Array {
  const processors = samplingProcessors('tokenDistribution', filters);
  const row = Float64Array.from(logits);
  for (const process of processors) process(row, { sequence: [], generated: 0 });
  return logSoftmax(row, 'tokenDistribution').map(Math.exp);
}
