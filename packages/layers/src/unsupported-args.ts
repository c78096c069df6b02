import { SeqError } from '@seq/core';

/** Keras arguments seq's layers do not implement yet; `null` (what Keras configs hold) is accepted. */
const UNSUPPORTED = [
  'kernelRegularizer',
  'recurrentRegularizer',
  'biasRegularizer',
  'activityRegularizer',
  'kernelConstraint',
  'recurrentConstraint',
  'biasConstraint',
] as const;

/**
 * Refuses Keras arguments that would otherwise be dropped without a word (a regularizer that does
 * not regularize): a layer loaded from a Keras config must fail loudly, not train differently.
 * @internal
 */
export function rejectUnsupportedArgs(owner: string, args: object): void {
  for (const key of UNSUPPORTED) {
    const value = (args as Record<string, unknown>)[key];
    if (value != null) {
      throw new SeqError({
        owner,
        argument: key,
        expected:
          'null or absent (seq does not apply regularizers or constraints to this layer yet)',
        received: value,
      });
    }
  }
}
