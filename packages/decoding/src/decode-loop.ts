import { SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import {
  type FinishReason,
  finishReasonOf,
  type GenerationResult,
  type GenerationSettings,
  readLogits,
} from './generation-options.js';
import { releaseReplaced } from './state-tree.js';
import type { StepFunction, StepResult } from './step-function.js';

/** A chosen token and its log-probability. */
export interface Choice {
  token: number;
  logProb: number;
}

/** Streams each newly generated token: its row and the step (0 for a row's first new token). */
export type TokenCallback = (token: number, row: number, step: number) => void | Promise<void>;

/**
 * The loop of greedy search and sampling: one hypothesis per row. Feeds the prompts' common
 * prefix, then one token per row per call; rows whose prompt is longer are fed their own prompt
 * tokens (forced) until it ends; finished rows are fed their last token and ignored.
 */
export async function decodeLoop<S>(
  owner: string,
  next: StepFunction<S>,
  settings: GenerationSettings,
  choose: (logits: Float64Array, sequence: readonly number[], generated: number) => Choice,
  onToken: TokenCallback | undefined,
): Promise<GenerationResult> {
  if (onToken !== undefined && typeof onToken !== 'function') {
    throw new SeqError({ owner, argument: 'onToken', expected: 'a function', received: onToken });
  }
  const { prompts } = settings;
  const batch = prompts.length;
  const sequences = prompts.map((p) => [...p]);
  const tokens: number[][] = prompts.map(() => []);
  const logProbs = prompts.map(() => 0);
  const reasons: Array<FinishReason | null> = prompts.map(() => null);
  const common = Math.min(...prompts.map((p) => p.length));
  let inputs: tf.Tensor = tf.tensor2d(
    prompts.map((p) => p.slice(0, common)),
    [batch, common],
    'int32',
  ); // [B, common]
  let state: S | null = null;
  let position = common; // the index, in each full sequence, of the token chosen next
  try {
    for (;;) {
      const step: StepResult<S> = next(inputs, state);
      releaseReplaced(state, step.state, [inputs]);
      state = step.state;
      const rows = await readLogits(owner, step.logits, batch, settings);
      const fed: number[] = [];
      for (let r = 0; r < batch; r++) {
        const sequence = sequences[r] as number[];
        const prompt = prompts[r] as number[];
        if (reasons[r] !== null) {
          fed.push(sequence[sequence.length - 1] as number);
        } else if (position < prompt.length) {
          fed.push(prompt[position] as number);
        } else {
          const generated = tokens[r] as number[];
          const logits = rows[r] as Float64Array;
          for (const process of settings.processors) {
            process(logits, { sequence, generated: generated.length });
          }
          const { token, logProb } = choose(logits, sequence, generated.length);
          sequence.push(token);
          generated.push(token);
          logProbs[r] = (logProbs[r] as number) + logProb;
          reasons[r] = finishReasonOf(settings, generated);
          fed.push(token);
          await onToken?.(token, r, generated.length - 1);
        }
      }
      position++;
      if (reasons.every((reason) => reason !== null)) break;
      if (settings.signal?.aborted) {
        for (let r = 0; r < batch; r++) reasons[r] ??= 'aborted';
        break;
      }
      inputs = tf.tensor2d(fed, [batch, 1], 'int32'); // [B, 1]
    }
  } finally {
    releaseReplaced(state, null, [inputs]);
  }
  return { tokens, logProbs, finishReasons: reasons as FinishReason[] };
}
