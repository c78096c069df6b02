import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CliSpec, numberOption } from './cli.js';
import { trainCommand } from './train-command.js';
import { UsageError } from './usage-error.js';

const spec: CliSpec = {
  app: 'demo',
  usage: 'demo [options]',
  summary: 'Trains a demo.',
  options: {
    epochs: { type: 'string', value: '<n>', description: 'training epochs', defaultText: '2' },
    backend: { type: 'string', value: '<name>', description: 'tfjs backend' },
    out: { type: 'string', value: '<dir>', description: 'output folder' },
    resume: { type: 'string', value: '<dir>', description: 'continue a run' },
  },
};

interface DemoOptions {
  epochs: number;
}

/** The command with a recording `run`; the lines it printed. */
function demo(extra: Partial<Parameters<typeof trainCommand<DemoOptions>>[1]> = {}) {
  const runs: Array<{ options: DemoOptions; out: string }> = [];
  const command = {
    spec,
    readOptions: (parsed: Parameters<typeof numberOption>[0]) => ({
      epochs: numberOption(parsed, 'epochs', 2, { min: 1, integer: true }),
    }),
    run: async (options: DemoOptions, out: string) => {
      runs.push({ options, out });
    },
    ...extra,
  };
  return { command, runs };
}

const printed: string[] = [];
vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
  printed.push(args.join(' '));
});
afterEach(() => {
  printed.length = 0;
});

describe('trainCommand', () => {
  it('prints --help and runs nothing', async () => {
    const { command, runs } = demo();
    await trainCommand(['--help'], command);
    expect(printed.join('\n')).toMatch(/--epochs <n> +training epochs \(default: 2\)/);
    expect(runs).toEqual([]);
  });

  it('runs a new run: backend line, config.json, then where it went', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'seq-kit-')), 'run');
    const { command, runs } = demo();
    await trainCommand(['--epochs', '3', '--backend', 'cpu', '--out', out], command);
    expect(runs).toEqual([{ options: { epochs: 3 }, out }]);
    expect(JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8'))).toEqual({ epochs: 3 });
    expect(printed[0]).toMatch(/cpu/);
    expect(printed.at(-1)).toMatch(new RegExp(`^\\nwritten to ${out} in \\d+ s$`));
  });

  it('resumes with the saved options, and refuses options that would change them', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'seq-kit-'));
    writeFileSync(path.join(out, 'config.json'), JSON.stringify({ epochs: 7 }));
    const { command, runs } = demo();
    await trainCommand(['--resume', out, '--backend', 'cpu'], command);
    expect(runs).toEqual([{ options: { epochs: 7 }, out }]);
    await expect(trainCommand(['--resume', out, '--epochs', '2'], command)).rejects.toThrow(
      '--resume continues a run with its saved config; remove --epochs',
    );
  });

  it('refuses stray arguments and what check refuses, before running; can leave config.json to the run', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'seq-kit-')), 'run');
    const { command, runs } = demo({
      positionalsHint: 'subcommands: train, generate; see --help',
      check: (options: DemoOptions) => {
        if (options.epochs > 5) throw new UsageError('--epochs must be at most 5 here');
      },
      writeConfig: false,
    });
    await expect(trainCommand(['generat', '--out', out], command)).rejects.toThrow(
      'unexpected argument "generat" (subcommands: train, generate; see --help)',
    );
    await expect(trainCommand(['--epochs', '9', '--out', out], command)).rejects.toThrow(
      '--epochs must be at most 5 here',
    );
    expect(runs).toEqual([]);
    await trainCommand(['--backend', 'cpu', '--out', out], command);
    expect(runs).toHaveLength(1);
    expect(existsSync(path.join(out, 'config.json'))).toBe(false);
  });
});
