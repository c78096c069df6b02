import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomically } from '@seq/core/node';
import type { TopLevelSpec } from 'vega-lite';

/** One point of a line chart: its x, y, and the series (line) it belongs to. */
export interface ChartPoint {
  x: number;
  y: number;
  series: string;
}

/** Options of {@link lineChart}. */
export interface LineChartOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  /** Logarithmic y axis (losses). @defaultValue `false` */
  logY?: boolean;
  /** Width and height in pixels. @defaultValue `[640, 320]` */
  size?: [number, number];
  /** Whole-number x values (epochs): ticks on integers, points marked. @defaultValue `false` */
  integerX?: boolean;
  /** Series drawn dashed (truth, baselines). */
  dashed?: string[];
}

/** A Vega-Lite line chart of `points`, one coloured line per series. */
export function lineChart(points: readonly ChartPoint[], options: LineChartOptions): TopLevelSpec {
  const [width, height] = options.size ?? [640, 320];
  const dashed = options.dashed ?? [];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    width,
    height,
    background: 'white',
    data: { values: points.filter((p) => Number.isFinite(p.y) && (!options.logY || p.y > 0)) },
    mark: { type: 'line', strokeWidth: 1.5, point: options.integerX === true },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: options.xTitle,
        ...(options.integerX ? { axis: { tickMinStep: 1, format: 'd' } } : {}),
      },
      y: {
        field: 'y',
        type: 'quantitative',
        title: options.yTitle,
        scale: options.logY ? { type: 'log' } : { zero: false },
      },
      color: { field: 'series', type: 'nominal', title: null, sort: null },
      strokeDash: {
        condition: { test: { field: 'series', oneOf: dashed }, value: [5, 3] },
        value: [1, 0],
      },
    },
  } as TopLevelSpec;
}

/** Renders a Vega-Lite spec to SVG, in Node, without a browser or a canvas. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded on first use: Vega takes a second to import, which every run (and every error) would pay.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders SVG to PNG at twice its size (with the system's fonts). */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

/** Writes a chart as `<name>.svg` and `<name>.png` in `folder`; returns the two paths. */
export async function writeChart(
  folder: string,
  name: string,
  spec: TopLevelSpec,
): Promise<[string, string]> {
  await fs.mkdir(folder, { recursive: true });
  const svg = await renderSvg(spec);
  const files: [string, string] = [
    path.join(folder, `${name}.svg`),
    path.join(folder, `${name}.png`),
  ];
  await writeFileAtomically(files[0], svg);
  await writeFileAtomically(files[1], await svgToPng(svg));
  return files;
}
