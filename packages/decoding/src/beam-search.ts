import {
  assertBoolean,
  assertNumberInRange,
  assertOneOf,
  assertPositiveInteger,
  SeqError,
} from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import {
  type FinishReason,
  finishReasonOf,
  type GenerationOptions,
  type GenerationResult,
  type GenerationSettings,
  type Prompts,
  readLogits,
  resolveGeneration,
} from './generation-options.js';
import { logSoftmax } from './log-softmax.js';
import { gatherState, releaseReplaced } from './state-tree.js';
import type { StepFunction, StepResult } from './step-function.js';

/** Options of {@link beamSearch}. */
export interface BeamSearchOptions extends GenerationOptions {
  /** How many hypotheses each row keeps growing; 1 is greedy search. @defaultValue `5` */
  beamWidth?: number;
  /** How many finished hypotheses to return per row, best first; at most `beamWidth`. @defaultValue `1` */
  numReturnSequences?: number;
  /**
   * The exponent alpha of the length normalisation: score = logProb / lengthPenalty(length),
   * length counting the generated tokens (end token included). 0 ranks by log-probability alone
   * (keras-hub's beam sampler); GNMT uses 0.6 to 1.
   * @defaultValue `0`
   */
  lengthPenalty?: number;
  /** `'power'`: length^alpha; `'gnmt'`: ((5 + length) / 6)^alpha (Wu et al., 2016). @defaultValue `'power'` */
  lengthNormalization?: 'power' | 'gnmt';
  /**
   * `true`: a row stops as soon as it has `beamWidth` finished hypotheses. `false`: it goes on
   * while a live hypothesis could still score better than the worst finished one (using the
   * bound that log-probabilities only decrease), which is exact for the beam but slower.
   * @defaultValue `true`
   */
  earlyStopping?: boolean;
  /**
   * Called after each step with each row's best live hypothesis (the best finished one once the
   * row is done), for progress displays.
   */
  onStep?: (best: number[][], step: number) => void | Promise<void>;
}

/** One finished hypothesis of {@link beamSearch}. */
export interface Hypothesis {
  /** The generated tokens, prompt excluded, end token included. */
  tokens: number[];
  /** The summed log-probabilities of the tokens (after the logits processors). */
  logProb: number;
  /** `logProb` divided by the length penalty: what hypotheses are ranked by. */
  score: number;
  /** Why it stopped growing. */
  finishReason: FinishReason;
}

/** What {@link beamSearch} returns: the best hypothesis of each row, and the n-best lists. */
export interface BeamSearchResult extends GenerationResult {
  /** The best hypothesis' score, per row. */
  scores: number[];
  /** Each row's `numReturnSequences` best hypotheses, sorted by score, best first. */
  nBest: Hypothesis[][];
}

interface Beam {
  tokens: number[];
  sequence: number[];
  logProb: number;
}

interface Candidate {
  parent: number;
  token: number;
  logProb: number;
}

interface RowSearch {
  live: Beam[];
  finished: Hypothesis[];
  done: boolean;
}

/** The indices of the `m` largest finite values, largest first. */
function topIndices(values: Float64Array, m: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v === -Infinity || (top.length === m && v <= (values[top[m - 1] as number] as number))) {
      continue;
    }
    let j = top.length === m ? m - 1 : top.length;
    if (top.length < m) top.push(i);
    while (j > 0 && (values[top[j - 1] as number] as number) < v) {
      top[j] = top[j - 1] as number;
      j--;
    }
    top[j] = i;
  }
  return top;
}

/** The tokens that would finish a beam now: end tokens and the last token of a started stop sequence. */
function finishingTokens(settings: GenerationSettings, tokens: readonly number[]): Set<number> {
  const found = new Set(settings.eos);
  for (const stop of settings.stopSequences) {
    const head = stop.length - 1;
    if (head > tokens.length) continue;
    const offset = tokens.length - head;
    let match = true;
    for (let i = 0; i < head && match; i++) match = tokens[offset + i] === stop[i];
    if (match) found.add(stop[head] as number);
  }
  return found;
}

function resolveBeamOptions(options: BeamSearchOptions) {
  const owner = 'beamSearch';
  const beamWidth = assertPositiveInteger(owner, 'beamWidth', options.beamWidth ?? 5);
  const numReturn = assertPositiveInteger(
    owner,
    'numReturnSequences',
    options.numReturnSequences ?? 1,
  );
  if (numReturn > beamWidth) {
    throw new SeqError({
      owner,
      argument: 'numReturnSequences',
      expected: `at most beamWidth (${beamWidth})`,
      received: numReturn,
    });
  }
  const alpha = assertNumberInRange(owner, 'lengthPenalty', options.lengthPenalty ?? 0);
  const form = assertOneOf(owner, 'lengthNormalization', options.lengthNormalization ?? 'power', [
    'power',
    'gnmt',
  ] as const);
  const earlyStopping = assertBoolean(owner, 'earlyStopping', options.earlyStopping ?? true);
  if (options.onStep !== undefined && typeof options.onStep !== 'function') {
    throw new SeqError({
      owner,
      argument: 'onStep',
      expected: 'a function',
      received: options.onStep,
    });
  }
  const penalty = (length: number) =>
    alpha === 0 ? 1 : form === 'power' ? length ** alpha : ((5 + length) / 6) ** alpha;
  return { beamWidth, numReturn, alpha, earlyStopping, penalty };
}

/**
 * Beam search: each row keeps the `beamWidth` most probable partial hypotheses, expands each by
 * every token, and keeps the best again; a hypothesis that ends among the `beamWidth` best
 * candidates (end token, stop sequence or `maxLength`) is frozen with its score, and the `numReturnSequences` best finished ones are
 * returned, sorted. The beams are folded into the batch, `[batch * beamWidth, ...]`, so each step
 * is one model call; the state is reordered with a gather along axis 0 of its tensors. With a
 * beam as wide as every possible output it is exhaustive search; with width 1 it is greedy search.
 *
 * @param next - The model's step function (see {@link StepFunction}).
 * @param prompts - `[batch, promptLength]` token ids; arrays may differ in length.
 * @returns per row: the best hypothesis' tokens, log-probability and score, and the n-best list.
 * @throws {@link @seq/core!index.SeqError} for bad prompts or options (a `beamWidth` < 1,
 *   `numReturnSequences` > `beamWidth`...) before any model call, logits that are not `[rows,
 *   vocabulary]` (rows: the batch at the first call, batch * beamWidth after), or state tensors
 *   that are not `[rows, ...]`.
 * @example
 * ```ts
 * const { nBest } = await beamSearch(next, [[startId]], {
 *   maxLength: 30, eosTokenId: endId, beamWidth: 5, numReturnSequences: 3, lengthPenalty: 0.6,
 * });
 * ```
 */
export async function beamSearch<S>(
  next: StepFunction<S>,
  prompts: Prompts,
  options: BeamSearchOptions,
): Promise<BeamSearchResult> {
  const owner = 'beamSearch';
  const settings = resolveGeneration(owner, prompts, options, next.vocabularySize);
  const { beamWidth: k, numReturn, alpha, earlyStopping, penalty } = resolveBeamOptions(options);
  const batch = settings.prompts.length;
  const rows: RowSearch[] = settings.prompts.map((prompt) => ({
    live: [{ tokens: [], sequence: [...prompt], logProb: 0 }],
    finished: [],
    done: false,
  }));
  const common = Math.min(...settings.prompts.map((p) => p.length));
  let inputs: tf.Tensor = tf.tensor2d(
    settings.prompts.map((p) => p.slice(0, common)),
    [batch, common],
    'int32',
  ); // [B, common]
  let state: S | null = null;
  let position = common;
  let slots = batch; // rows of the model's batch: B at the first call, then B * k
  const finish = (row: RowSearch, hypothesis: Hypothesis) => {
    row.finished.push(hypothesis);
    row.finished.sort((a, b) => b.score - a.score);
    if (row.finished.length > k) row.finished.length = k;
  };
  try {
    for (let step = 0; ; step++) {
      const result: StepResult<S> = next(inputs, state);
      releaseReplaced(state, result.state, [inputs]);
      state = result.state;
      const logits = await readLogits(owner, result.logits, slots, settings);
      const slotOf = (b: number, j: number) => (slots === batch ? b : b * k + j);
      const parents: number[] = [];
      const fed: number[] = [];
      for (let b = 0; b < batch; b++) {
        const row = rows[b] as RowSearch;
        const prompt = settings.prompts[b] as number[];
        if (row.done || position < prompt.length) {
          // Finished rows idle; rows still in their prompt are fed it (one live beam, copied).
          // (beam.sequence already holds the whole prompt.)
          const token = row.done ? 0 : (prompt[position] as number);
          for (let j = 0; j < k; j++) {
            parents.push(slotOf(b, slots === batch ? 0 : j));
            fed.push(token);
          }
          continue;
        }
        const candidates: Candidate[] = [];
        row.live.forEach((beam, j) => {
          const values = logits[slotOf(b, j)] as Float64Array;
          for (const process of settings.processors) {
            process(values, { sequence: beam.sequence, generated: beam.tokens.length });
          }
          const logProbs = logSoftmax(values, owner);
          const finishing =
            beam.tokens.length + 1 >= settings.maxLength
              ? new Set<number>()
              : finishingTokens(settings, beam.tokens);
          const chosen = new Set(topIndices(logProbs, k + finishing.size));
          for (const token of chosen) {
            candidates.push({
              parent: j,
              token,
              logProb: beam.logProb + (logProbs[token] as number),
            });
          }
        });
        candidates.sort(
          (x, y) => y.logProb - x.logProb || x.parent - y.parent || x.token - y.token,
        );
        const live: Array<Beam & { parent: number }> = [];
        for (const [rank, c] of candidates.entries()) {
          const parent = row.live[c.parent] as Beam;
          const tokens = [...parent.tokens, c.token];
          const reason = finishReasonOf(settings, tokens);
          if (reason !== null) {
            // A hypothesis may end only where it would have taken a beam (within the k best), so
            // width 1 is greedy search; live beams are filled from further down.
            if (rank >= k) continue;
            finish(row, {
              tokens,
              logProb: c.logProb,
              score: c.logProb / penalty(tokens.length),
              finishReason: reason,
            });
          } else if (live.length < k) {
            live.push({
              tokens,
              sequence: [...parent.sequence, c.token],
              logProb: c.logProb,
              parent: c.parent,
            });
          }
        }
        row.live = live;
        const worst = row.finished[row.finished.length - 1]?.score ?? -Infinity;
        const canImprove = () =>
          live.some((beam) => {
            const length = alpha >= 0 ? settings.maxLength : beam.tokens.length + 1;
            return beam.logProb / penalty(length) > worst;
          });
        row.done =
          live.length === 0 || (row.finished.length >= k && (earlyStopping || !canImprove()));
        for (let j = 0; j < k; j++) {
          const beam = live[j] ?? live[0];
          parents.push(slotOf(b, beam ? beam.parent : 0));
          fed.push(beam ? (beam.tokens[beam.tokens.length - 1] as number) : 0);
        }
      }
      position++;
      if (options.onStep) {
        await options.onStep(
          rows.map((row) => [...(row.live[0]?.tokens ?? row.finished[0]?.tokens ?? [])]),
          step,
        );
      }
      if (rows.every((row) => row.done)) break;
      if (settings.signal?.aborted) {
        // Finished hypotheses come first; the cut-off live ones fill the list after them.
        for (const row of rows) {
          if (row.done) continue;
          const cut = row.live
            .map((beam) => ({
              tokens: beam.tokens,
              logProb: beam.logProb,
              score: beam.logProb / penalty(Math.max(1, beam.tokens.length)),
              finishReason: 'aborted' as const,
            }))
            .sort((a, b) => b.score - a.score);
          row.finished = [...row.finished, ...cut].slice(0, k);
        }
        break;
      }
      const identity = slots === batch * k && parents.every((p, i) => p === i);
      if (!identity) {
        const reordered: S | null = gatherState(state, parents, slots, owner);
        releaseReplaced(state, reordered);
        state = reordered;
      }
      slots = batch * k;
      inputs = tf.tensor2d(fed, [slots, 1], 'int32'); // [B * k, 1]
    }
  } finally {
    releaseReplaced(state, null, [inputs]);
  }
  const nBest = rows.map((row) => row.finished.slice(0, numReturn));
  return {
    tokens: nBest.map((list) => [...(list[0]?.tokens ?? [])]),
    logProbs: nBest.map((list) => list[0]?.logProb ?? -Infinity),
    scores: nBest.map((list) => list[0]?.score ?? -Infinity),
    finishReasons: nBest.map((list) => list[0]?.finishReason ?? 'aborted'),
    nBest,
  };
}
