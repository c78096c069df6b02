import { SeqError } from '@seq/core';

/**
 * `log(softmax(logits))` of one row, in float64; banned tokens (`-Infinity`) get `-Infinity`, and
 * tokens at `+Infinity` (forced) share all the probability.
 *
 * @throws {@link SeqError} when every token is banned or a logit is NaN.
 */
export function logSoftmax(logits: Float64Array, owner: string): Float64Array {
  let max = -Infinity;
  for (const v of logits) {
    if (Number.isNaN(v)) {
      throw new SeqError({
        owner,
        argument: 'logits',
        expected: 'numbers (a NaN came from the model or a logits processor)',
        receivedDescription: 'NaN',
      });
    }
    if (v > max) max = v;
  }
  if (max === -Infinity) {
    throw new SeqError({
      owner,
      argument: 'logitsProcessors',
      expected: 'to leave at least one token allowed',
      receivedDescription: 'logits in which every token is banned (-Infinity)',
    });
  }
  if (max === Infinity) {
    // Forced tokens (+Infinity): they share all the probability.
    const forced = logits.filter((v) => v === Infinity).length;
    return logits.map((v) => (v === Infinity ? -Math.log(forced) : -Infinity));
  }
  let sum = 0;
  for (const v of logits) sum += Math.exp(v - max);
  const logZ = max + Math.log(sum);
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = (logits[i] as number) - logZ;
  return out;
}
