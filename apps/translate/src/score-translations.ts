import type { Tokenizer } from '@seq/data';
import { corpusBleu } from '@seq/decoding';

/**
 * Scores translations against references, token by token: the generated ids as vocabulary tokens
 * (an unknown word stays one `[UNK]` token, which matches nothing), the references as the
 * tokenizer splits them (words lowercased, or characters).
 */
export function scoreTranslations(
  tokenizer: Tokenizer,
  outputs: readonly number[][],
  references: readonly string[],
): { bleu: number; exactMatch: number } {
  const hypotheses = outputs.map((ids) =>
    ids.map((id) => tokenizer.decode([id], { skipSpecialTokens: false })),
  );
  const truths = references.map((text) => tokenizer.tokenize(text));
  const exact = hypotheses.filter(
    (h, i) => h.length === truths[i]?.length && h.every((t, j) => t === truths[i]?.[j]),
  ).length;
  return {
    bleu: corpusBleu(
      hypotheses,
      truths.map((t) => [t]),
    ),
    exactMatch: exact / Math.max(1, references.length),
  };
}
