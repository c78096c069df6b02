import * as path from 'node:path';
import { type CliSpec, helpText, type ParsedCli, parseCli, stringOption } from './cli.js';
import { Interrupt } from './interrupt.js';
import { resolveRun } from './resolve-run.js';
import { writeJson } from './run-folder.js';
import { selectBackend } from './select-backend.js';
import { UsageError } from './usage-error.js';

/** What an app's training command is made of, for {@link trainCommand}. */
export interface TrainCommand<T> {
  /** The command's options (with `--out`, `--resume`, `--backend`), as `--help` prints them. */
  spec: CliSpec;
  /** A new run's options from the parsed command line; throw {@link UsageError} for bad input. */
  readOptions: (parsed: ParsedCli) => T;
  /** Reads and checks a saved run's options. @defaultValue its `config.json`, unchecked */
  readSaved?: (folder: string) => Promise<T>;
  /** Checks the options, new or resumed, before anything runs (throw {@link UsageError}). */
  check?: (options: T) => void;
  /** What the error for a stray argument suggests. @defaultValue `'see --help'` */
  positionalsHint?: string;
  /** Whether to write a new run's `config.json` before it starts. @defaultValue `true` */
  writeConfig?: boolean;
  /** Trains into `out`; stops cleanly after the current epoch when `interrupt` fires (Ctrl-C). */
  run: (options: T, out: string, interrupt: Interrupt) => Promise<unknown>;
}

/**
 * The training command every app runs: parse `argv` (print `--help` and return), refuse stray
 * arguments, resolve a new run or `--resume`, pick the backend and print it, write the new run's
 * `config.json`, run with a Ctrl-C {@link Interrupt}, and print where the results went and how long
 * it took.
 *
 * @throws {@link UsageError} for bad options (as {@link parseCli}, `readOptions`, `check` and
 *   `--resume` raise them).
 */
export async function trainCommand<T>(argv: string[], command: TrainCommand<T>): Promise<void> {
  const { spec } = command;
  const parsed = parseCli(spec, argv);
  if (parsed.help) {
    console.log(helpText(spec));
    return;
  }
  if (parsed.positionals.length > 0) {
    throw new UsageError(
      `unexpected argument ${JSON.stringify(parsed.positionals[0])} (${command.positionalsHint ?? 'see --help'})`,
    );
  }
  const { options, out, resumed } = await resolveRun<T>(spec, parsed, {
    readOptions: () => command.readOptions(parsed),
    ...(command.readSaved ? { readSaved: command.readSaved } : {}),
  });
  command.check?.(options);
  console.log(await selectBackend(stringOption(parsed, 'backend')));
  if (!resumed && (command.writeConfig ?? true)) {
    await writeJson(path.join(out, 'config.json'), options);
  }
  const interrupt = new Interrupt();
  const started = Date.now();
  try {
    await command.run(options, out, interrupt);
  } finally {
    interrupt.dispose();
  }
  console.log(`\nwritten to ${out} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
