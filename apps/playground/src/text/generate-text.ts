import type { Tokenizer } from '@seq/data';
import { beamSearch, sample } from '@seq/decoding';
import { banSpecialTokens } from './ban-special-tokens.js';
import type { CharStepper } from './char-stepper.js';
import { type DecodingControls, samplingFilters } from './sampling-options.js';

/** Options of {@link generateText}. */
export interface GenerateTextOptions extends DecodingControls {
  /** Characters to generate after the prompt. */
  length: number;
  /** Beam width; above 1, beam search replaces sampling. */
  beam: number;
  seed: number;
  /**
   * Called as text comes: with each new character when sampling (`replace` false), with the best
   * beam so far after each step of beam search (`replace` true: it replaces what was shown).
   * Awaited, so the page can repaint.
   */
  onText?: (text: string, replace: boolean) => void | Promise<void>;
  /** Stops generating after the current step. */
  signal?: AbortSignal;
}

/**
 * Continues `prompt` with a character model through seq's incremental step functions, by
 * sampling (temperature, top-k, top-p; `sample`) or beam search (`beamSearch`), streaming the
 * text as it is generated. A Transformer sees at most its training window: past it, generation
 * goes on from the last half window (as the char-rnn app does). Special tokens (padding, unknown,
 * start, end) are never generated.
 *
 * @returns the generated text, prompt excluded.
 */
export async function generateText(
  stepper: CharStepper,
  tokenizer: Tokenizer,
  prompt: string,
  options: GenerateTextOptions,
): Promise<string> {
  let ids = tokenizer.encode(prompt);
  if (ids.length === 0) ids = [tokenizer.unknownId];
  const { window, next } = stepper;
  const logitsProcessors = [banSpecialTokens(tokenizer)];
  let generated = '';
  let remaining = options.length;
  let round = 0;
  while (remaining > 0 && !options.signal?.aborted) {
    const context = ids.length >= window ? ids.slice(ids.length - Math.floor(window / 2)) : ids;
    const room = Math.min(remaining, Number.isFinite(window) ? window - context.length : remaining);
    let tokens: number[];
    if (options.beam > 1) {
      const before = generated;
      const result = await beamSearch(next, [context], {
        maxLength: room,
        beamWidth: options.beam,
        logitsProcessors,
        signal: options.signal,
        onStep: (best) => options.onText?.(before + tokenizer.decode(best[0] ?? []), true),
      });
      tokens = result.tokens[0] ?? [];
      await options.onText?.(before + tokenizer.decode(tokens), true);
    } else {
      const result = await sample(next, [context], {
        maxLength: room,
        ...samplingFilters(options),
        seed: options.seed + round,
        logitsProcessors,
        signal: options.signal,
        onToken: (token) => options.onText?.(tokenizer.decode([token]), false),
      });
      tokens = result.tokens[0] ?? [];
    }
    generated += tokenizer.decode(tokens);
    ids = [...ids, ...tokens];
    remaining -= tokens.length;
    round++;
    if (tokens.length === 0) break;
  }
  return generated;
}
