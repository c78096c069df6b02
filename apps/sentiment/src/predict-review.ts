import { disposeModel } from '@seq/app-kit';
import { topAttended } from './attention-page.js';
import { readRun } from './run-sentiment.js';
import { predictPositive } from './sentiment-models.js';

/**
 * Classifies reviews with a saved run's model and tokenizer; returns one line per review:
 * `positive 0.934  "text"`, followed for an attention model by its most attended tokens.
 */
export async function predictReview(
  run: string,
  texts: readonly string[],
  top = 5,
): Promise<string[]> {
  const { model, encoder } = await readRun(run);
  try {
    const ids = encoder.encode(texts);
    const { probabilities, attention } = predictPositive(model, ids, encoder.length, 256, top > 0);
    const lines: string[] = [];
    texts.forEach((text, row) => {
      const p = probabilities[row] as number;
      const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
      lines.push(`${p >= 0.5 ? 'positive' : 'negative'} ${p.toFixed(4)}  ${JSON.stringify(shown)}`);
      if (attention) {
        const tokens = encoder.tokens(text);
        const weights = attention.subarray(
          row * encoder.length,
          row * encoder.length + tokens.length,
        );
        const best = topAttended(tokens, weights, top)
          .map((t) => `${t.token.trim()} ${(t.weight * 100).toFixed(1)}%`)
          .join(', ');
        lines.push(`  attended to: ${best}`);
      }
    });
    return lines;
  } finally {
    disposeModel(model);
  }
}
