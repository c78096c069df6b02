import type { EncodedPairs } from './encode-pairs.js';

/** tfjs' `epsilon()`: probabilities are clipped to `[EPSILON, 1 - EPSILON]` by its cross-entropy. */
const EPSILON = 1e-7;

/**
 * Turns the loss tfjs logs for the chatbot (the mean over every position of every pair, padded
 * positions included, where `MaskedProbabilities` makes the pad token certain) into the
 * cross-entropy per real answer token: `(loss * positions - padded * c) / tokens`, with `c` the
 * tiny cost tfjs' clipping leaves on a certain prediction among `vocabularySize` ids. tfjs averages
 * the batch losses weighted by batch size, so this is exact for the logged epoch means.
 */
export function perTokenLoss(
  loggedLoss: number,
  pairs: EncodedPairs,
  vocabularySize: number,
): number {
  const positions = pairs.labels.length * (pairs.labels[0]?.length ?? 0);
  const padded = positions - pairs.tokens;
  const certain = (1 - EPSILON) / (1 - EPSILON + (vocabularySize - 1) * EPSILON);
  const c = -Math.log(certain);
  return (loggedLoss * positions - padded * c) / pairs.tokens;
}
