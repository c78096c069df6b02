import { describe, expect, it } from 'vitest';
import { distinctLabels, heatmapCells, heatmapSpec } from './heatmap-spec.js';
import { CHART_DATA, lineChartSpec } from './line-chart-spec.js';

describe('lineChartSpec', () => {
  it('reads the named data set, one coloured line per series', () => {
    const spec = lineChartSpec({
      title: 'Loss',
      xTitle: 'epoch',
      yTitle: 'loss',
      logY: true,
      series: [
        { name: 'training', color: '#111111' },
        { name: 'validation', color: '#222222', dashed: true },
      ],
    }) as unknown as {
      data: { name: string };
      encoding: Record<string, { scale: Record<string, unknown> }>;
    };
    expect(spec.data).toEqual({ name: CHART_DATA });
    expect(spec.encoding.y?.scale).toEqual({ type: 'log' });
    expect(spec.encoding.color?.scale).toEqual({
      domain: ['training', 'validation'],
      range: ['#111111', '#222222'],
    });
    expect(spec.encoding.strokeDash?.scale.range).toEqual([
      [1, 0],
      [6, 3],
    ]);
  });
});

describe('heatmap', () => {
  it('keeps repeated tokens apart and shows blanks', () => {
    expect(distinctLabels(['2', '0', '2', ' '])).toEqual(['2', '0', '2\u200b', '␣']);
  });

  it('has a cell per output and source token', () => {
    const cells = heatmapCells(
      [
        [0.9, 0.1],
        [0.2, 0.8],
      ],
      ['a', 'b'],
      ['x', 'x'],
    );
    expect(cells).toEqual([
      { source: 'a', output: 'x', weight: 0.9 },
      { source: 'b', output: 'x', weight: 0.1 },
      { source: 'a', output: 'x\u200b', weight: 0.2 },
      { source: 'b', output: 'x\u200b', weight: 0.8 },
    ]);
    const spec = heatmapSpec([[1]], ['a'], ['x'], 'T') as unknown as { mark: string };
    expect(spec.mark).toBe('rect');
  });
});
