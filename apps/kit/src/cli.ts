import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

/** One command-line option. */
export interface OptionSpec {
  /** `string` takes a value (`--epochs 10`), `boolean` is a flag (`--quick`). */
  type: 'string' | 'boolean';
  /** What it does, for `--help`. */
  description: string;
  /** Name of the value in `--help` (`<n>`, `<file>`). @defaultValue `<value>` */
  value?: string;
  /** Default shown in `--help` (the app applies it). */
  defaultText?: string;
}

/** An app's command line: usage line, summary and options. */
export interface CliSpec {
  /** The app's name, used in messages. */
  app: string;
  /** `pnpm --filter ... start -- [options]` and any subcommands. */
  usage: string;
  /** What the app does, a paragraph. */
  summary: string;
  /** Options by name (without `--`); `help` is added. */
  options: Record<string, OptionSpec>;
}

/** Parsed options: strings and booleans by name, undefined when not given, and positionals. */
export interface ParsedCli {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  help: boolean;
}

/** The `--help` text of an app. */
export function helpText(spec: CliSpec): string {
  const rows = Object.entries(spec.options).map(([name, option]) => {
    const left = option.type === 'string' ? `--${name} ${option.value ?? '<value>'}` : `--${name}`;
    const right = option.defaultText
      ? `${option.description} (default: ${option.defaultText})`
      : option.description;
    return [left, right] as const;
  });
  rows.push(['--help', 'print this text']);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const lines = rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`);
  return `Usage: ${spec.usage}\n\n${spec.summary}\n\nOptions:\n${lines.join('\n')}`;
}

/**
 * Parses `argv` (without node and the script; a leading `--`, as `pnpm start -- ...` passes it, is
 * skipped) strictly: an unknown option, a missing value or a
 * value given to a flag is a {@link UsageError} naming it.
 */
export function parseCli(spec: CliSpec, argv: string[]): ParsedCli {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  for (const [name, option] of Object.entries(spec.options)) options[name] = { type: option.type };
  try {
    const { values, positionals } = parseArgs({
      // `pnpm start -- --quick` passes the `--` on.
      args: argv[0] === '--' ? argv.slice(1) : argv,
      options,
      strict: true,
      allowPositionals: true,
    });
    const { help, ...rest } = values as Record<string, string | boolean | undefined>;
    return { values: rest, positionals, help: help === true };
  } catch (error) {
    // parseArgs' messages name the option; drop its advice about '--' and positionals.
    const message = (error as Error).message.split('\n')[0]?.replace(/\. To specify.*$/, '.');
    throw new UsageError(`${message} (see --help)`);
  }
}

/** Reads a string option, or `fallback` when it was not given. */
export function stringOption(parsed: ParsedCli, name: string, fallback: string): string;
export function stringOption(parsed: ParsedCli, name: string): string | undefined;
export function stringOption(
  parsed: ParsedCli,
  name: string,
  fallback?: string,
): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : fallback;
}

/** Reads a number option in `[min, max]` (an integer when `integer`), or `fallback`. */
export function numberOption(
  parsed: ParsedCli,
  name: string,
  fallback: number,
  range: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const raw = parsed.values[name];
  if (raw === undefined) return fallback;
  const { min = -Infinity, max = Infinity, integer = false } = range;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    const kind = integer ? 'an integer' : 'a number';
    const bounds =
      min > -Infinity && max < Infinity
        ? ` from ${min} to ${max}`
        : min > -Infinity
          ? ` of at least ${min}`
          : max < Infinity
            ? ` of at most ${max}`
            : '';
    throw new UsageError(`--${name} must be ${kind}${bounds}; received ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Reads a comma-separated list option whose items must be among `allowed`, or `fallback`. */
export function listOption<T extends string>(
  parsed: ParsedCli,
  name: string,
  allowed: readonly T[],
  fallback: readonly T[],
): T[] {
  const raw = parsed.values[name];
  if (raw === undefined) return [...fallback];
  const items = String(raw)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = items.filter((item) => !allowed.includes(item as T));
  if (items.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `--${name} must be a comma-separated list of ${allowed.join(', ')}; received ${JSON.stringify(raw)}`,
    );
  }
  return [...new Set(items)] as T[];
}

/** Reads an option that must be one of `allowed`, or `fallback`. */
export function choiceOption<T extends string>(
  parsed: ParsedCli,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = parsed.values[name];
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw as T)) {
    throw new UsageError(
      `--${name} must be one of ${allowed.join(', ')}; received ${JSON.stringify(raw)}`,
    );
  }
  return raw as T;
}
