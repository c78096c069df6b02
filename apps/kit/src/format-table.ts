/** A column of {@link formatTable}: its heading, and how to show a row's value. */
export interface TableColumn<Row> {
  heading: string;
  value: (row: Row) => string;
  /** Right-align (numbers). @defaultValue `false` */
  numeric?: boolean;
}

/**
 * Formats rows as a Markdown table with aligned columns, readable in a terminal and pasteable into
 * a README.
 */
export function formatTable<Row>(
  rows: readonly Row[],
  columns: readonly TableColumn<Row>[],
): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, c) =>
    Math.max(3, column.heading.length, ...cells.map((line) => (line[c] as string).length)),
  );
  const pad = (text: string, c: number) =>
    columns[c]?.numeric ? text.padStart(widths[c] as number) : text.padEnd(widths[c] as number);
  const line = (texts: string[]) => `| ${texts.map(pad).join(' | ')} |`;
  const rule = `| ${widths.map((w, c) => (columns[c]?.numeric ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(columns.map((column) => column.heading)), rule, ...cells.map(line)].join('\n');
}

/** A number with `digits` significant digits, or `-` when it is missing or not finite. */
export function formatNumber(value: number | undefined | null, digits = 4): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return '-';
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-4))
    return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits)).toString();
}
