import type { Tokenizer } from '@seq/data';
import type { LogitsProcessor } from '@seq/decoding';

/**
 * A logits processor that never lets generation pick a token that is not text: padding, the
 * unknown token, and the start and end tokens (a character model learns them rarely or never, but
 * an undertrained one may still draw them, and they would show as `[UNK]`).
 */
export function banSpecialTokens(tokenizer: Tokenizer): LogitsProcessor {
  const banned = [tokenizer.padId, tokenizer.unknownId, tokenizer.startId, tokenizer.endId].filter(
    (id): id is number => id !== undefined,
  );
  return (logits) => {
    for (const id of banned) if (id < logits.length) logits[id] = Number.NEGATIVE_INFINITY;
  };
}
