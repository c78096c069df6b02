import * as path from 'node:path';
import { type CliSpec, type ParsedCli, stringOption } from './cli.js';
import { defaultRunFolder, readJson } from './run-folder.js';
import { UsageError } from './usage-error.js';

/** What {@link resolveRun} decided: the run's options, its output folder, and whether it resumes. */
export interface ResolvedRun<T> {
  options: T;
  out: string;
  resumed: boolean;
}

/** How {@link resolveRun} reads a new run's options and, optionally, a saved run's. */
export interface ResolveRunOptions<T> {
  /** The options of a new run, from the command line. */
  readOptions: () => T;
  /** Reads and checks a saved run's options. @defaultValue its `config.json`, unchecked */
  readSaved?: (folder: string) => Promise<T>;
}

/**
 * `--resume <dir>` or a new run: a resumed run takes its options from `<dir>/config.json` and
 * refuses options that would change it (all but `--backend`); a new run reads its options and
 * goes to `--out` (default `runs/<app>/<timestamp>`). Writing the new run's `config.json` is the
 * app's.
 *
 * @throws {@link UsageError} for options given with `--resume`, or a folder without a config.
 */
export async function resolveRun<T>(
  spec: CliSpec,
  parsed: ParsedCli,
  how: ResolveRunOptions<T>,
): Promise<ResolvedRun<T>> {
  const resume = stringOption(parsed, 'resume');
  if (resume === undefined) {
    return {
      options: how.readOptions(),
      out: stringOption(parsed, 'out', defaultRunFolder(spec.app)),
      resumed: false,
    };
  }
  const given = Object.keys(spec.options)
    .filter((name) => !['backend', 'resume', 'out'].includes(name))
    .concat('out')
    .filter((name) => parsed.values[name] !== undefined);
  if (given.length > 0) {
    throw new UsageError(
      `--resume continues a run with its saved config; remove --${given.join(', --')}`,
    );
  }
  if (how.readSaved) return { options: await how.readSaved(resume), out: resume, resumed: true };
  const saved = await readJson<T>(path.join(resume, 'config.json'));
  if (saved === null) {
    throw new UsageError(
      `--resume ${resume}: no config.json there; is it a ${spec.app} run folder?`,
    );
  }
  return { options: saved, out: resume, resumed: true };
}
