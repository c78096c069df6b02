import embed, { type EmbedOptions, vega } from 'vega-embed';
import type { TopLevelSpec } from 'vega-lite';
import type { ChartPoint } from './chart-point.js';
import { CHART_DATA } from './line-chart-spec.js';

/**
 * SVG (crisp, and the browser tests can count its marks), no export menu, and only Vega's errors
 * on the console (an empty chart's warnings about empty extents are expected).
 */
const OPTIONS: EmbedOptions = { renderer: 'svg', actions: false, logLevel: vega.Error };

/** A chart drawn in the page whose points can be replaced. */
export interface LiveChart {
  /** Replaces the chart's points and redraws it. */
  update(points: readonly ChartPoint[]): Promise<void>;
  /** Removes the chart. */
  finalize(): void;
}

/**
 * Draws a Vega-Lite spec (an SVG, through vega-embed) into `element`, and records how many points
 * it shows in `element.dataset.points` (what the browser tests read).
 */
export async function drawChart(element: HTMLElement, spec: TopLevelSpec): Promise<() => void> {
  const result = await embed(element, spec, OPTIONS);
  const values = (spec as { data?: { values?: unknown[] } }).data?.values;
  element.dataset.points = String(values?.length ?? 0);
  return () => result.finalize();
}

/**
 * Draws a line chart made by {@link lineChartSpec} into `element` and returns a handle that
 * streams points into it (the named data set is replaced, the chart is not rebuilt).
 */
export async function liveChart(element: HTMLElement, spec: TopLevelSpec): Promise<LiveChart> {
  const result = await embed(element, spec, OPTIONS);
  element.dataset.points = '0';
  return {
    async update(points) {
      const view = result.view;
      view.data(
        CHART_DATA,
        points.map((p) => ({ ...p })),
      );
      await view.runAsync();
      element.dataset.points = String(points.length);
    },
    finalize: () => result.finalize(),
  };
}
