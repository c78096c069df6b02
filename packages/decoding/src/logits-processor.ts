/** What a {@link LogitsProcessor} knows about the row it processes. */
export interface LogitsContext {
  /** The row's tokens so far: its prompt, then the tokens generated. */
  readonly sequence: readonly number[];
  /** How many tokens this row has generated so far. */
  readonly generated: number;
}

/**
 * Changes one row's next-token logits `[vocabulary]` in place before a token is chosen: scale
 * them, or ban tokens by setting their logit to `-Infinity`. Greedy search, beam search and
 * sampling run the processors in the order given, for every row at every step, and choose from
 * the result, so a user-written processor composes with the built-in ones.
 *
 * @example
 * ```ts
 * // Never generate token 3.
 * const banThree: LogitsProcessor = (logits) => {
 *   logits[3] = -Infinity;
 * };
 * await greedySearch(next, prompts, { maxLength: 20, logitsProcessors: [banThree] });
 * ```
 */
export type LogitsProcessor = (logits: Float64Array, context: LogitsContext) => void;
