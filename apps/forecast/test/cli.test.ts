import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@seq/app-kit';
import { afterAll, describe, expect, it } from 'vitest';
import type { ForecastResults } from '../src/run-forecast.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'seq-forecast-'));
afterAll(() => fs.rm(temp, { recursive: true, force: true }));

/** Runs the CLI; `onLine` may signal the process when a line of its output matches. */
const cli = (args: string[], onLine?: Parameters<typeof runCli>[2]) => runCli(root, args, onLine);

/** Every weight file of a run's final models, by path. */
async function finalWeights(out: string): Promise<Record<string, string>> {
  const weights: Record<string, string> = {};
  for (const strategy of await fs.readdir(path.join(out, 'models'))) {
    for (const model of await fs.readdir(path.join(out, 'models', strategy))) {
      const folder = path.join(out, 'models', strategy, model);
      for (const file of (await fs.readdir(folder)).filter((f) => f.endsWith('.bin'))) {
        weights[`${strategy}/${model}`] = (await fs.readFile(path.join(folder, file))).toString(
          'base64',
        );
      }
    }
  }
  return weights;
}

describe('forecast --quick', () => {
  it('trains every model with every strategy and writes config, metrics, models, tables and plots', async () => {
    const out = path.join(temp, 'quick');
    const run = await cli(['--quick', '--backend', 'wasm', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/tfjs backend: wasm/);
    expect(run.stdout).toMatch(/\| naive +\| baseline/);
    const metrics = JSON.parse(
      await fs.readFile(path.join(out, 'metrics.json'), 'utf8'),
    ) as ForecastResults;
    expect(metrics.models).toHaveLength(9 + 9 + 7); // one-step and direct for all, seq2seq for 7
    for (const m of metrics.models) {
      const label = `${m.strategy}/${m.model}`;
      for (const value of [m.horizon.mae, m.horizon.mse, m.horizon.mase, ...m.example])
        expect(Number.isFinite(value), label).toBe(true);
      expect(m.history, label).toHaveLength(3);
      expect(m.history[2]?.loss, `${label} loss decreased`).toBeLessThan(
        m.history[0]?.loss as number,
      );
      expect(m.example).toHaveLength(10);
      await fs.access(path.join(out, 'models', m.strategy, m.model, 'model.json'));
      if (m.strategy === 'one-step') expect(Number.isFinite(m.oneStep?.mase), label).toBe(true);
    }
    expect(metrics.baselines.map((b) => b.name)).toEqual([
      'naive',
      `seasonal naive (season ${metrics.season})`,
    ]);
    const config = JSON.parse(await fs.readFile(path.join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ epochs: 3, seed: 42, data: { kind: 'synthetic', series: 600 } });
    expect(await fs.readFile(path.join(out, 'results.md'), 'utf8')).toMatch(/10 steps ahead/);
    for (const strategy of ['one-step', 'direct', 'seq2seq']) {
      for (const chart of [`loss-${strategy}`, `forecast-${strategy}`]) {
        expect(
          (await fs.readFile(path.join(out, 'plots', `${chart}.svg`), 'utf8')).startsWith('<svg'),
        ).toBe(true);
        const png = await fs.readFile(path.join(out, 'plots', `${chart}.png`));
        expect(png.subarray(1, 4).toString()).toBe('PNG');
      }
    }
  }, 600_000);
});

describe('interruptions', () => {
  const args = [
    '--quick',
    '--backend',
    'wasm',
    '--series',
    '200',
    '--models',
    'linear,gru',
    '--strategies',
    'one-step,seq2seq',
  ];

  it('Ctrl-C saves the epoch and exits; --resume, and a run killed at any moment, reach the weights of an uninterrupted run', async () => {
    const straight = path.join(temp, 'straight');
    expect((await cli([...args, '--out', straight])).code).toBe(0);
    const expected = await finalWeights(straight);
    expect(Object.keys(expected).sort()).toEqual([
      'one-step/gru',
      'one-step/linear',
      'seq2seq/gru',
    ]);

    // Ctrl-C in the first epoch of one-step/gru: the epoch finishes, is saved, and the run exits with 130.
    const interrupted = path.join(temp, 'interrupted');
    let sent = false;
    const first = await cli([...args, '--out', interrupted], (line, kill) => {
      if (!sent && line.startsWith('one-step/linear') && line.includes('epoch 3/3')) {
        sent = true;
        kill('SIGINT');
      }
    });
    expect(first.code).toBe(130);
    expect(first.stderr).toMatch(
      /interrupted after epoch 1 of one-step\/gru, which is saved; continue with --resume/,
    );
    expect(first.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const resumed = await cli(['--resume', interrupted, '--backend', 'wasm']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).not.toMatch(/one-step\/gru +epoch 1\/3/); // epoch 1 was not trained again
    expect(await finalWeights(interrupted)).toEqual(expected);

    // SIGKILL at an arbitrary moment (mid-epoch or mid-save): the checkpoints stay loadable.
    const killed = path.join(temp, 'killed');
    let killedOnce = false;
    const crash = await cli([...args, '--out', killed], (line, kill) => {
      if (!killedOnce && line.startsWith('one-step/gru') && line.includes('epoch 1/3')) {
        killedOnce = true;
        setTimeout(() => kill('SIGKILL'), 150);
      }
    });
    expect(crash.signal).toBe('SIGKILL');
    expect((await cli(['--resume', killed, '--backend', 'wasm'])).code).toBe(0);
    expect(await finalWeights(killed)).toEqual(expected);
  }, 300_000);
});

describe('bad input', () => {
  it.each([
    [['--epochs', '0'], 'forecast: --epochs must be an integer of at least 1; received "0"'],
    [
      ['--models', 'gru,rnn'],
      'forecast: --models must be a comma-separated list of linear, simple-rnn',
    ],
    [['--epoch', '3'], "forecast: Unknown option '--epoch'"],
    [['--csv', path.join(os.tmpdir(), 'no-such-file.csv')], 'forecast: readCsvSeries'],
    [['--resume', path.join(os.tmpdir(), 'no-such-run')], 'forecast: --resume'],
    [
      ['--resume', 'x', '--epochs', '2'],
      'forecast: --resume continues a run with its saved config; remove --epochs',
    ],
    [['--season', '80'], 'forecast: --season 80 must be at most --steps (50)'],
  ])('%j gives one clear line and exit code 2', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(message), run.stderr).toBe(true);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints --help', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--quick +a small run/);
    expect(run.stdout).toMatch(/transformer +a causal Transformer/);
  });
});

describe('a CSV series', () => {
  it('forecasts one column, estimates its season, and reports errors in its own units', async () => {
    const file = path.join(temp, 'monthly.csv');
    const rows = Array.from({ length: 360 }, (_, i) => {
      const month = `${1990 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
      return `${month},${(100 + i * 0.5 + 20 * Math.sin((2 * Math.PI * i) / 12) + 3 * Math.cos(i * 7.3)).toFixed(3)},${i}`;
    });
    await fs.writeFile(file, `date,sales,index2\n${rows.join('\n')}\n`);
    const out = path.join(temp, 'csv');
    const several = await cli(['--csv', file, '--out', out]);
    expect(several.code).toBe(2);
    expect(several.stderr).toMatch(
      /several value columns \(sales, index2\): choose one with --column/,
    );
    const run = await cli([
      '--csv',
      file,
      '--column',
      'sales',
      '--steps',
      '24',
      '--horizon',
      '6',
      '--quick',
      '--models',
      'linear',
      '--strategies',
      'one-step,direct',
      '--backend',
      'wasm',
      '--out',
      out,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const metrics = JSON.parse(
      await fs.readFile(path.join(out, 'metrics.json'), 'utf8'),
    ) as ForecastResults;
    expect(metrics.season).toBe(12);
    expect(metrics.source).toMatch(/column sales: 360 rows/);
    // In the series' units: the seasonal naive forecast is off by about the yearly trend (12 x 0.5).
    expect(metrics.baselines[1]?.oneStep.mae).toBeGreaterThan(3);
    expect(metrics.baselines[1]?.oneStep.mae).toBeLessThan(12);
  }, 120_000);
});
