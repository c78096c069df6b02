import * as tf from '@tensorflow/tfjs';
import type { StepFunction } from '../src/index.js';

/** The state of the toy models: every row's tokens so far, `[rows, t]`, which beam search reorders. */
export interface PrefixState {
  prefix: tf.Tensor;
}

/**
 * A step function over a JS scoring rule: `logitsOf(prefix)` gives the next-token logits of one
 * row's whole prefix. The state carries the prefixes as a tensor, so a wrong reordering of beams
 * changes the logits, and a test can recompute any hypothesis' log-probability independently.
 */
export function prefixModel(logitsOf: (prefix: readonly number[]) => number[]): {
  next: StepFunction<PrefixState>;
  calls: number[];
} {
  const calls: number[] = [];
  const next: StepFunction<PrefixState> = (tokens, state) => {
    calls.push(tokens.shape[0] as number);
    const prefix = state ? tf.concat([state.prefix, tokens], 1) : tf.clone(tokens); // [B, t]
    const rows = prefix.arraySync() as number[][];
    return { logits: tf.tensor2d(rows.map(logitsOf)), state: { prefix } };
  };
  return { next, calls };
}

/** A bigram model: the logits are row `last token` of `table`. */
export function bigramModel(table: number[][]) {
  return prefixModel((prefix) => table[prefix[prefix.length - 1] as number] as number[]);
}

/** Deterministic pseudo-random logits `[vocabulary]` that depend on the whole prefix. */
export function hashLogits(vocabulary: number, salt = 0) {
  return (prefix: readonly number[]): number[] => {
    let h = 2166136261 ^ salt;
    for (const t of prefix) h = Math.imul(h ^ (t + 1), 16777619);
    return Array.from({ length: vocabulary }, (_, i) => {
      const x = Math.imul(h ^ Math.imul(i + 1, 0x9e3779b1), 0x85ebca6b) >>> 0;
      return (x / 2 ** 32) * 6 - 3;
    });
  };
}

/** log(softmax(values)) in float64. */
export function logSoftmaxOf(values: readonly number[]): number[] {
  const max = Math.max(...values);
  const logZ = max + Math.log(values.reduce((s, v) => s + Math.exp(v - max), 0));
  return values.map((v) => v - logZ);
}

/** The summed log-probability of `tokens` after `prompt`, recomputed from the scoring rule. */
export function sequenceLogProb(
  logitsOf: (prefix: readonly number[]) => number[],
  prompt: readonly number[],
  tokens: readonly number[],
): number {
  let total = 0;
  const prefix = [...prompt];
  for (const t of tokens) {
    // float32, as the step function's logits tensor is
    const logits = Array.from(Float32Array.from(logitsOf(prefix)));
    total += logSoftmaxOf(logits)[t] as number;
    prefix.push(t);
  }
  return total;
}
