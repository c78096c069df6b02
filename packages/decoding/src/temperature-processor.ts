import { assertNumberInRange } from '@seq/core';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * Divides the logits by `temperature`: below 1 sharpens the distribution, above 1 flattens it.
 * (Greedy search is the explicit way to get temperature 0.)
 *
 * @param temperature - A number > 0.
 * @throws {@link @seq/core!index.SeqError} when `temperature` is not a number > 0.
 * @example
 * ```ts
 * await sample(next, prompts, { maxLength: 50, logitsProcessors: [temperatureProcessor(0.7)] });
 * ```
 */
export function temperatureProcessor(temperature: number): LogitsProcessor {
  assertNumberInRange('temperatureProcessor', 'temperature', temperature, {
    min: 0,
    minInclusive: false,
  });
  return (logits) => {
    for (let i = 0; i < logits.length; i++) logits[i] = (logits[i] as number) / temperature;
  };
}
