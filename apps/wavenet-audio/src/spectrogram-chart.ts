import type { TopLevelSpec } from 'vega-lite';
import type { Spectrogram } from './spectrogram.js';

/** Options of {@link spectrogramChart}. */
export interface SpectrogramChartOptions {
  title: string;
  /** Most time columns drawn; frames are averaged (in power) into them. @defaultValue `120` */
  maxColumns?: number;
  /** Most frequency rows drawn; bins are averaged (in power) into them. @defaultValue `65` */
  maxRows?: number;
  /** Largest width and height in pixels (each cell gets a whole number of pixels). @defaultValue `[640, 260]` */
  size?: [number, number];
}

/** One cell of the heatmap: columns `c0..c1`, rows `r0..r1` and its level in dB. */
export interface SpectrogramCell {
  c0: number;
  c1: number;
  r0: number;
  r1: number;
  db: number;
}

/** Items per group to split `count` items into at most `groups` groups. */
function groupSize(count: number, groups: number): number {
  return Math.ceil(count / Math.max(1, groups));
}

/** Axis ticks at round values (`steps`) from 0 to `end`, at most about `most` of them. */
function roundTicks(end: number, steps: readonly number[], most: number): number[] {
  const step = steps.find((s) => end / s <= most) ?? (steps.at(-1) as number);
  return Array.from({ length: Math.floor(end / step + 1e-9) + 1 }, (_, i) => i * step);
}

/**
 * The cells of a spectrogram's heatmap: frames and bins averaged in power into at most
 * `maxColumns` x `maxRows` cells, with the number of frames and bins in each.
 */
export function spectrogramCells(
  spec: Spectrogram,
  maxColumns: number,
  maxRows: number,
): { cells: SpectrogramCell[]; framesPerColumn: number; binsPerRow: number } {
  const { frames, bins, db, floorDb } = spec;
  const framesPerColumn = groupSize(frames, maxColumns);
  const binsPerRow = groupSize(bins, maxRows);
  const cells: SpectrogramCell[] = [];
  for (let c = 0; c * framesPerColumn < frames; c++) {
    const f0 = c * framesPerColumn;
    const f1 = Math.min(frames, f0 + framesPerColumn);
    for (let r = 0; r * binsPerRow < bins; r++) {
      const b0 = r * binsPerRow;
      const b1 = Math.min(bins, b0 + binsPerRow);
      let power = 0;
      for (let f = f0; f < f1; f++) {
        for (let b = b0; b < b1; b++) power += 10 ** ((db[f * bins + b] as number) / 10);
      }
      const level = 10 * Math.log10(power / ((f1 - f0) * (b1 - b0)));
      cells.push({ c0: c, c1: c + 1, r0: r, r1: r + 1, db: Math.max(floorDb, Math.round(level)) });
    }
  }
  return { cells, framesPerColumn, binsPerRow };
}

/**
 * A Vega-Lite heatmap of a spectrogram (`rect` marks: time across, frequency up, level in dB as
 * colour on a fixed scale from the floor to 0 dB, so two charts compare). The cells are laid out
 * on a grid of whole pixels and the axes labelled in seconds and Hz, which keeps the SVG small.
 */
export function spectrogramChart(
  spec: Spectrogram,
  options: SpectrogramChartOptions,
): TopLevelSpec {
  const { sampleRate, frameSize, hop, floorDb } = spec;
  const [maxWidth, maxHeight] = options.size ?? [640, 260];
  const { cells, framesPerColumn, binsPerRow } = spectrogramCells(
    spec,
    options.maxColumns ?? 120,
    options.maxRows ?? 65,
  );
  const columns = Math.max(...cells.map((cell) => cell.c1));
  const rows = Math.max(...cells.map((cell) => cell.r1));
  // Column edge c is at the centre of frame c * framesPerColumn; row edge r at bin r * binsPerRow - 1/2.
  const secondsPerColumn = (framesPerColumn * hop) / sampleRate;
  const offset = frameSize / 2 / sampleRate;
  const binHz = sampleRate / frameSize;
  const duration = offset + columns * secondsPerColumn;
  const timeTicks = roundTicks(
    duration,
    [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    10,
  )
    .map((s) => (s - offset) / secondsPerColumn)
    .filter((c) => c >= 0 && c <= columns);
  const frequencyTicks = roundTicks(sampleRate / 2, [100, 200, 250, 500, 1000, 2000, 5000], 8).map(
    (hz) => (hz / binHz + 0.5) / binsPerRow,
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    width: columns * Math.max(1, Math.floor(maxWidth / columns)),
    height: rows * Math.max(1, Math.floor(maxHeight / rows)),
    background: 'white',
    data: { values: cells },
    mark: { type: 'rect', aria: false },
    encoding: {
      x: {
        field: 'c0',
        type: 'quantitative',
        title: 'time (s)',
        scale: { domain: [0, columns], nice: false, zero: false, round: true },
        axis: {
          values: timeTicks,
          labelExpr: `format(datum.value * ${secondsPerColumn} + ${offset}, '.2~f')`,
        },
      },
      x2: { field: 'c1' },
      y: {
        field: 'r0',
        type: 'quantitative',
        title: 'frequency (Hz)',
        scale: { domain: [0, rows], nice: false, zero: false, round: true },
        axis: {
          values: frequencyTicks,
          labelExpr: `format((datum.value * ${binsPerRow} - 0.5) * ${binHz}, '.0f')`,
        },
      },
      y2: { field: 'r1' },
      color: {
        field: 'db',
        type: 'quantitative',
        title: 'dB',
        scale: { scheme: 'magma', domain: [floorDb, 0], clamp: true },
      },
    },
  } as TopLevelSpec;
}
