import type { TopLevelSpec } from 'vega-lite';

/**
 * Makes repeated labels distinct (an ordinal axis merges equal values) by appending zero-width
 * spaces, which render as nothing.
 */
function distinct(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const shown = label.trim() === '' ? '␣' : label;
    const count = seen.get(shown) ?? 0;
    seen.set(shown, count + 1);
    return `${shown}${'\u200b'.repeat(count)}`;
  });
}

/**
 * A Vega-Lite heatmap of attention weights: one row per output token, one column per source
 * token, darker where the decoder looked.
 */
export function heatmapChart(
  weights: readonly (readonly number[])[],
  sourceTokens: readonly string[],
  outputTokens: readonly string[],
  title: string,
): TopLevelSpec {
  const columns = distinct(sourceTokens);
  const rows = distinct(outputTokens);
  const values = weights.flatMap((row, i) =>
    columns.map((source, j) => ({ source, output: rows[i], weight: row[j] ?? 0 })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values },
    mark: 'rect',
    width: Math.max(120, 16 * columns.length),
    height: Math.max(80, 16 * rows.length),
    encoding: {
      x: {
        field: 'source',
        type: 'ordinal',
        sort: columns,
        title: 'source',
        axis: { labelAngle: 0 },
      },
      y: { field: 'output', type: 'ordinal', sort: rows, title: 'output' },
      color: {
        field: 'weight',
        type: 'quantitative',
        scale: { scheme: 'blues', domain: [0, 1] },
        title: 'attention',
      },
    },
  } as TopLevelSpec;
}
