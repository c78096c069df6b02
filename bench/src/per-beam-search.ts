import type { StepFunction } from '@seq/decoding';
import * as tf from '@tensorflow/tfjs';

interface Beam {
  tokens: number[];
  logProb: number;
  /** The step function's state after this beam's last token (shared by siblings). */
  state: unknown;
}

function tensorsOf(tree: unknown, found: Set<tf.Tensor>): Set<tf.Tensor> {
  if (tree instanceof tf.Tensor) found.add(tree);
  else if (Array.isArray(tree)) for (const item of tree) tensorsOf(item, found);
  else if (tree !== null && typeof tree === 'object') {
    for (const item of Object.values(tree)) tensorsOf(item, found);
  }
  return found;
}

/**
 * Beam search the naive way, the baseline of the beam-search benchmark: every beam keeps its own
 * state and the model is called once per beam per step, with a batch of one row. Scores are summed
 * log-probabilities, no end token (every beam runs `maxLength` steps), so the best beam must equal
 * what `beamSearch` returns for the same model with the beams folded into the batch.
 *
 * @param logitsProcessor - Applied to each beam's logits before the log-softmax.
 * @returns The best beam's generated tokens (prompt excluded).
 */
export function perBeamSearch(
  next: StepFunction<unknown>,
  prompt: readonly number[],
  beamWidth: number,
  maxLength: number,
  logitsProcessor: (logits: Float64Array) => void,
): number[] {
  const logProbsOf = (logits: tf.Tensor): Float64Array => {
    const raw = Float64Array.from(logits.dataSync());
    logits.dispose();
    logitsProcessor(raw);
    let max = -Infinity;
    for (const v of raw) max = Math.max(max, v);
    let sum = 0;
    for (const v of raw) sum += Math.exp(v - max);
    const logSum = max + Math.log(sum);
    return raw.map((v) => v - logSum);
  };
  const first = tf.tidy(() => tf.tensor2d([prompt as number[]], [1, prompt.length], 'int32'));
  const start = next(first, null);
  first.dispose();
  let pending: Array<{ beam: Beam; logProbs: Float64Array }> = [
    { beam: { tokens: [], logProb: 0, state: start.state }, logProbs: logProbsOf(start.logits) },
  ];
  let beams: Beam[] = [];
  for (let step = 0; step < maxLength; step++) {
    // Every (beam, token) candidate; keep the best `beamWidth`.
    const candidates: Array<{ parent: Beam; token: number; logProb: number }> = [];
    for (const { beam, logProbs } of pending) {
      logProbs.forEach((lp, token) => {
        if (lp > -Infinity) candidates.push({ parent: beam, token, logProb: beam.logProb + lp });
      });
    }
    candidates.sort((a, b) => b.logProb - a.logProb);
    const chosen = candidates.slice(0, beamWidth);
    beams = chosen.map((c) => ({
      tokens: [...c.parent.tokens, c.token],
      logProb: c.logProb,
      state: c.parent.state,
    }));
    if (step === maxLength - 1) break;
    // One model call per beam, batch 1.
    const oldStates = new Set(pending.map((p) => p.beam.state));
    pending = beams.map((beam) => {
      const token = tf.tensor2d([[beam.tokens.at(-1) as number]], [1, 1], 'int32');
      const out = next(token, beam.state);
      token.dispose();
      return { beam: { ...beam, state: out.state }, logProbs: logProbsOf(out.logits) };
    });
    const keep = new Set<tf.Tensor>();
    for (const p of pending) tensorsOf(p.beam.state, keep);
    for (const state of oldStates) {
      for (const t of tensorsOf(state, new Set())) if (!keep.has(t)) t.dispose();
    }
  }
  const states = new Set<tf.Tensor>();
  for (const p of pending) tensorsOf(p.beam.state, states);
  for (const t of states) t.dispose();
  return (beams[0] as Beam).tokens;
}
