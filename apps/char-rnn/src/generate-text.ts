import type { CharTokenizer } from '@seq/data';
import { beamSearch, recurrentStepper, type StepFunction, sample } from '@seq/decoding';
import { causalLMStepper } from '@seq/transformer';
import type * as tf from '@tensorflow/tfjs';
import { logitsModel, type ModelKind } from './char-models.js';

/** Options of {@link generateText}. */
export interface GenerateOptions {
  /** Characters to generate after the prompt. */
  length: number;
  /** Softmax temperature; 0 picks the most likely character (greedy). */
  temperature: number;
  /** Keep only the `topK` most likely characters (0: all). */
  topK: number;
  /** Keep the smallest set of characters whose probability reaches `topP` (1: all). */
  topP: number;
  /** Beam width; above 1, beam search replaces sampling. */
  beam: number;
  seed: number;
  /** Called with each new piece of text as it is generated (not with beam search). */
  onText?: (text: string) => void;
}

/**
 * Continues `prompt` with a trained character model, through seq's incremental step functions
 * (`recurrentStepper` for the RNNs, `causalLMStepper`'s KV cache for the Transformer), by
 * sampling (temperature, top-k, top-p) or beam search. A Transformer sees at most its training
 * window: past it, generation goes on from the last half window.
 */
export async function generateText(
  model: tf.LayersModel,
  kind: ModelKind,
  tokenizer: CharTokenizer,
  prompt: string,
  options: GenerateOptions,
): Promise<string> {
  let ids = tokenizer.encode(prompt);
  if (ids.length === 0) ids = [tokenizer.unknownId];
  const window =
    kind === 'transformer' ? (model.inputs[0]?.shape[1] as number) : Number.POSITIVE_INFINITY;
  const head = kind === 'transformer' ? null : logitsModel(model);
  const next = head
    ? (recurrentStepper(head) as unknown as StepFunction)
    : (causalLMStepper(model) as unknown as StepFunction);
  let generated = '';
  let remaining = options.length;
  let round = 0;
  while (remaining > 0) {
    const context = ids.length >= window ? ids.slice(ids.length - Math.floor(window / 2)) : ids;
    const room = Math.min(remaining, Number.isFinite(window) ? window - context.length : remaining);
    let tokens: number[];
    if (options.beam > 1) {
      const result = await beamSearch(next, [context], {
        maxLength: room,
        beamWidth: options.beam,
      });
      tokens = result.tokens[0] ?? [];
    } else {
      const result = await sample(next, [context], {
        maxLength: room,
        ...(options.temperature === 0 ? { topK: 1 } : { temperature: options.temperature }),
        ...(options.topK > 0 && options.temperature !== 0 ? { topK: options.topK } : {}),
        ...(options.topP < 1 ? { topP: options.topP } : {}),
        seed: options.seed + round,
        onToken: options.onText
          ? (token) => options.onText?.(tokenizer.decode([token]))
          : undefined,
      });
      tokens = result.tokens[0] ?? [];
    }
    if (options.beam > 1) options.onText?.(tokenizer.decode(tokens));
    generated += tokenizer.decode(tokens);
    ids = [...ids, ...tokens];
    remaining -= tokens.length;
    round++;
    if (tokens.length === 0) break;
  }
  return generated;
}
