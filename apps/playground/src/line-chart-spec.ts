import type { TopLevelSpec } from 'vega-lite';

/** Options of {@link lineChartSpec}. */
export interface LineChartOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  /** A log scale on y (losses that fall by orders of magnitude). @defaultValue `false` */
  logY?: boolean;
  /** Series in the order of the legend, each with its colour. */
  series: ReadonlyArray<{ name: string; color: string; dashed?: boolean }>;
  /** Draw a dot at every point. @defaultValue `false` */
  points?: boolean;
}

/** The name of the data set a {@link lineChartSpec} reads, which a live chart replaces. */
export const CHART_DATA = 'points';

/**
 * A Vega-Lite line chart of {@link ChartPoint}s (`x`, `y`, `series`), one line per series, that
 * reads its points from the named data set {@link CHART_DATA} so a page can stream new points into
 * it without rebuilding the chart.
 */
export function lineChartSpec(options: LineChartOptions): TopLevelSpec {
  const names = options.series.map((s) => s.name);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    width: 'container',
    height: 240,
    data: { name: CHART_DATA },
    mark: { type: 'line', point: options.points ?? false, clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xTitle, scale: { nice: false } },
      y: {
        field: 'y',
        type: 'quantitative',
        title: options.yTitle,
        scale: options.logY ? { type: 'log' } : { zero: false },
      },
      color: {
        field: 'series',
        type: 'nominal',
        scale: { domain: names, range: options.series.map((s) => s.color) },
        legend: { orient: 'top', title: null },
      },
      strokeDash: {
        field: 'series',
        type: 'nominal',
        scale: { domain: names, range: options.series.map((s) => (s.dashed ? [6, 3] : [1, 0])) },
        legend: { orient: 'top', title: null },
      },
    },
  } as TopLevelSpec;
}
