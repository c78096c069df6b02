import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** One cell of a result row: a number (ms, a ratio, a rate) or a label. */
export type Cell = string | number | boolean | null;

/** Where and how a benchmark ran. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  tfjs: string;
  platform: string;
}

/** What a benchmark writes to its JSON file. */
export interface BenchResult {
  /** The suite's name, also the file name: `train-step` writes `train-step.json`. */
  suite: string;
  /** What the suite compares, in one sentence. */
  description: string;
  /** ISO date of the run. */
  date: string;
  machine: Machine;
  /** How the run was sized (`quick` and `smoke` runs are smaller and noisier). */
  mode: 'full' | 'quick' | 'smoke';
  /** The column names, in order; every row has these keys. */
  columns: string[];
  rows: Array<Record<string, Cell>>;
  /** Anything the reader needs to interpret the rows. */
  notes: string[];
}

/** This machine, as the Performance page describes it. */
export function describeMachine(): Machine {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    tfjs: tf.version.tfjs,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** A cell as the Markdown table shows it: numbers to a sensible precision. */
export function formatCell(value: Cell): string {
  if (value === null) return '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'NO';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (size >= 100 || Number.isInteger(value)) return Math.round(value).toLocaleString('en-US');
  if (size >= 10) return value.toFixed(1);
  if (size >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

/** The rows as a Markdown table. */
export function markdownTable(
  columns: readonly string[],
  rows: ReadonlyArray<Record<string, Cell>>,
): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(columns),
    line(columns.map(() => '---')),
    ...rows.map((row) => line(columns.map((c) => formatCell(row[c] ?? null)))),
  ].join('\n');
}

/**
 * Collects a suite's rows, prints each as it comes (a long suite shows progress), and at the end
 * prints the table and writes `<outDir>/<suite>.json` atomically (a temporary file, then a rename).
 */
export class BenchReport {
  private readonly rows: Array<Record<string, Cell>> = [];
  private readonly notes: string[] = [];

  constructor(
    private readonly suite: string,
    private readonly description: string,
    private readonly columns: readonly string[],
    private readonly mode: BenchResult['mode'],
  ) {}

  /** Adds a row; every column must be present (a missing one is a bug in the suite). */
  add(row: Record<string, Cell>): void {
    const missing = this.columns.filter((c) => !(c in row));
    if (missing.length > 0) {
      throw new Error(`${this.suite}: row is missing column(s) ${missing.join(', ')}`);
    }
    this.rows.push(row);
    console.log(this.columns.map((c) => `${c}: ${formatCell(row[c] ?? null)}`).join(', '));
  }

  /** Adds a line the table's reader needs. */
  note(text: string): void {
    this.notes.push(text);
  }

  /** The result as written to JSON. */
  result(): BenchResult {
    return {
      suite: this.suite,
      description: this.description,
      date: new Date().toISOString(),
      machine: describeMachine(),
      mode: this.mode,
      columns: [...this.columns],
      rows: this.rows,
      notes: this.notes,
    };
  }

  /** Prints the table and writes the JSON file; returns its path. */
  finish(outDir: string): string {
    const result = this.result();
    const m = result.machine;
    console.log(`\n## ${this.suite}: ${this.description}\n`);
    console.log(markdownTable(this.columns, this.rows));
    for (const note of this.notes) console.log(`\n${note}`);
    console.log(
      `\n${m.cpu}, ${m.cores} cores, Node ${m.node}, tfjs ${m.tfjs}, ${result.mode} run, ${result.date}`,
    );
    const path = join(outDir, `${this.suite}.json`);
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(result, null, 2)}\n`);
    renameSync(temporary, path);
    console.log(`written to ${path}`);
    return path;
  }
}
