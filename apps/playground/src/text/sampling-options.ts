/** The decoding controls of the page. */
export interface DecodingControls {
  /** Softmax temperature; 0 picks the most likely character (greedy). */
  temperature: number;
  /** Keep only the `topK` most likely characters (0: all). */
  topK: number;
  /** Keep the smallest set of characters whose probability reaches `topP` (1: all). */
  topP: number;
}

/** What `sample` of `@seq/decoding` is given for {@link DecodingControls}. */
export interface SamplingFilters {
  temperature?: number;
  topK?: number;
  topP?: number;
}

/**
 * Turns the page's controls into `sample`'s filters, as the char-rnn app does: a temperature of 0
 * is greedy (`topK: 1`, the other filters then change nothing), a `topK` of 0 and a `topP` of 1
 * are left out (no filter).
 */
export function samplingFilters(controls: DecodingControls): SamplingFilters {
  if (controls.temperature === 0) return { topK: 1 };
  return {
    temperature: controls.temperature,
    ...(controls.topK > 0 ? { topK: controls.topK } : {}),
    ...(controls.topP < 1 ? { topP: controls.topP } : {}),
  };
}
