import type { TopLevelSpec } from 'vega-lite';

/**
 * Makes repeated labels distinct (an ordinal axis merges equal values) by appending zero-width
 * spaces, which render as nothing; a blank shows as `␣`.
 */
export function distinctLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const shown = label.trim() === '' ? '␣' : label;
    const count = seen.get(shown) ?? 0;
    seen.set(shown, count + 1);
    return `${shown}${'\u200b'.repeat(count)}`;
  });
}

/** One cell of a heatmap: where output token `output` looked at source token `source`. */
export interface HeatmapCell {
  source: string;
  output: string;
  weight: number;
}

/** The cells of an attention matrix `[output steps, source steps]`, labelled by tokens. */
export function heatmapCells(
  weights: readonly (readonly number[])[],
  sourceTokens: readonly string[],
  outputTokens: readonly string[],
): HeatmapCell[] {
  const columns = distinctLabels(sourceTokens);
  const rows = distinctLabels(outputTokens);
  return weights.flatMap((row, i) =>
    columns.map((source, j) => ({ source, output: rows[i] as string, weight: row[j] ?? 0 })),
  );
}

/**
 * A Vega-Lite heatmap of attention weights (as the translate app draws them): one row per output
 * token, one column per source token, darker where the decoder looked.
 */
export function heatmapSpec(
  weights: readonly (readonly number[])[],
  sourceTokens: readonly string[],
  outputTokens: readonly string[],
  title: string,
): TopLevelSpec {
  const columns = distinctLabels(sourceTokens);
  const rows = distinctLabels(outputTokens);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: heatmapCells(weights, sourceTokens, outputTokens) },
    mark: 'rect',
    width: Math.max(120, 18 * columns.length),
    height: Math.max(80, 18 * rows.length),
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
      tooltip: [
        { field: 'output', type: 'nominal' },
        { field: 'source', type: 'nominal' },
        { field: 'weight', type: 'quantitative', format: '.3f' },
      ],
    },
  } as TopLevelSpec;
}
