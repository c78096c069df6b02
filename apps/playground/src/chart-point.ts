/** One point of a line chart: `series` names the line it belongs to. */
export interface ChartPoint {
  x: number;
  y: number;
  series: string;
}
