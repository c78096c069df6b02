/** One review, its tokens and the attention weight of each, for {@link attentionPage}. */
export interface AttendedReview {
  text: string;
  label: number;
  probability: number;
  tokens: string[];
  weights: number[];
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The tokens with the largest attention weights, most attended first (the same token may appear
 * more than once).
 */
export function topAttended(
  tokens: readonly string[],
  weights: ArrayLike<number>,
  k: number,
): Array<{ token: string; weight: number }> {
  return tokens
    .map((token, i) => ({ token, weight: weights[i] as number }))
    .sort((a, b) => b.weight - a.weight)
    .slice(0, k);
}

/**
 * An HTML page that shows reviews token by token, each token's background as dark as the share of
 * attention the model gave it (relative to the review's most attended token), with the label, the
 * predicted probability and the top tokens.
 */
export function attentionPage(title: string, reviews: readonly AttendedReview[]): string {
  const sections = reviews.map((review, n) => {
    const max = Math.max(...review.weights, 1e-12);
    const spans = review.tokens
      .map((token, i) => {
        const w = review.weights[i] ?? 0;
        const alpha = (w / max).toFixed(3);
        return `<span title="${(w * 100).toFixed(2)}%" style="background: rgba(230, 80, 0, ${alpha})">${escapeHtml(token)}</span>`;
      })
      .join(' ');
    const top = topAttended(review.tokens, review.weights, 5)
      .map((t) => `${escapeHtml(t.token.trim())} (${(t.weight * 100).toFixed(1)}%)`)
      .join(', ');
    const predicted = review.probability >= 0.5 ? 'positive' : 'negative';
    const actual = review.label === 1 ? 'positive' : 'negative';
    return `<section>
<h2>Review ${n + 1}: ${actual}, predicted ${predicted} (p = ${review.probability.toFixed(3)})${predicted === actual ? '' : ' ✗'}</h2>
<p class="tokens">${spans}</p>
<p class="top">Most attended: ${top}</p>
</section>`;
  });
  return `<!doctype html>
<html lang="und">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; line-height: 1.9; }
h2 { font-size: 1rem; margin-bottom: 0.2rem; }
.tokens span { padding: 0.1rem 0.15rem; border-radius: 0.2rem; }
.top { color: #555; font-size: 0.9rem; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Each token's background is the attention weight the pooling layer gave it, relative to the most attended token of the review (hover for the weight).</p>
${sections.join('\n')}
</body>
</html>
`;
}
