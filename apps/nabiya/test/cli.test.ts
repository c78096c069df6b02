import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@seq/app-kit';
import { afterAll, describe, expect, it } from 'vitest';
import type { NabiyaResults } from '../src/run-nabiya.js';
import { noteSamples } from '../src/synthesize-song.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'seq-nabiya-'));
afterAll(() => fs.rm(temp, { recursive: true, force: true }));

/** Runs the CLI; `onLine` may signal the process when a line of its output matches. */
const cli = (args: string[], onLine?: Parameters<typeof runCli>[2]) => runCli(root, args, onLine);

/**
 * Standard error without tfjs' own notice about the orthogonal initializer of the LSTM's
 * recurrent kernel (printed for every kernel over 2,000 weights).
 */
function errorsOf(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !/^Orthogonal initializer is being called on a matrix/.test(line))
    .join('\n')
    .trim();
}

/** The weight files of a run's final model. */
async function finalWeights(out: string): Promise<string[]> {
  const folder = path.join(out, 'model');
  const files = (await fs.readdir(folder)).filter((f) => f.endsWith('.bin'));
  return Promise.all(
    files.map(async (file) => (await fs.readFile(path.join(folder, file))).toString('base64')),
  );
}

async function metricsOf(out: string): Promise<NabiyaResults> {
  return JSON.parse(await fs.readFile(path.join(out, 'metrics.json'), 'utf8')) as NabiyaResults;
}

describe('nabiya --quick', () => {
  it('trains the LSTM and writes config, metrics, model, results, plots, WAV and MIDI files', async () => {
    const out = path.join(temp, 'quick');
    const run = await cli(['--quick', '--backend', 'wasm', '--out', out]);
    expect(errorsOf(run.stderr)).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/tfjs backend: wasm/);
    expect(run.stdout).toMatch(/50 windows of 4 notes and the next; seed g8 e8 e4 f8/);
    expect(run.stdout).toMatch(/\| lstm +\| one-hot +\| +32 \|/);
    expect(run.stdout).toMatch(/phrase 1 {2}the song {3}g8 {3}e8 {3}e4 {3}f8 {3}d8/);

    const config = JSON.parse(await fs.readFile(path.join(out, 'config.json'), 'utf8'));
    expect(config).toEqual({
      model: 'lstm',
      encoding: 'one-hot',
      units: 32,
      window: 4,
      epochs: 30,
      batchSize: 14,
      learningRate: 0.001,
      seed: 42,
    });
    const metrics = await metricsOf(out);
    expect(metrics.samples).toBe(50);
    expect(metrics.windowBound).toBe(0.92);
    expect(metrics.history).toHaveLength(30);
    for (const logs of metrics.history) {
      expect(Number.isFinite(logs.loss)).toBe(true);
      expect(Number.isFinite(logs.acc)).toBe(true);
    }
    const first = metrics.history[0]?.loss as number;
    expect(metrics.history[29]?.loss).toBeLessThan(first);
    for (const value of [metrics.trainAccuracy, metrics.songAccuracy]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(metrics.predictions).toHaveLength(50);
    expect(metrics.generated).toHaveLength(54);
    expect(metrics.generated.slice(0, 4)).toEqual(['g8', 'e8', 'e4', 'f8']);

    await fs.access(path.join(out, 'model', 'model.json'));
    expect(await finalWeights(out)).toHaveLength(1);
    expect(await fs.readFile(path.join(out, 'results.md'), 'utf8')).toMatch(/generated {2}\[g8\]/);

    // The generated song as WAV: a RIFF header, then 16-bit samples for the notes' durations.
    for (const [name, notes] of [
      ['generated', metrics.generated],
      ['nabiya', metrics.song],
    ] as const) {
      const wav = await fs.readFile(path.join(out, `${name}.wav`));
      expect(wav.subarray(0, 4).toString()).toBe('RIFF');
      expect(wav.subarray(8, 12).toString()).toBe('WAVE');
      const samples = notes.reduce((sum, note) => sum + noteSamples(note, 16000, 120), 0);
      expect(wav.length).toBe(44 + 2 * samples);
      const midi = await fs.readFile(path.join(out, `${name}.mid`));
      expect(midi.subarray(0, 4).toString()).toBe('MThd');
    }
    for (const chart of ['loss', 'accuracy', 'piano-roll']) {
      expect(
        (await fs.readFile(path.join(out, 'plots', `${chart}.svg`), 'utf8')).startsWith('<svg'),
      ).toBe(true);
      const png = await fs.readFile(path.join(out, 'plots', `${chart}.png`));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
  }, 120_000);
});

describe('the stateful model, interrupted', () => {
  const args = ['--quick', '--model', 'stateful', '--backend', 'wasm'];

  it('Ctrl-C saves the epoch and exits with 130; --resume reaches the weights of an uninterrupted run', async () => {
    const straight = path.join(temp, 'straight');
    const run = await cli([...args, '--out', straight]);
    expect(errorsOf(run.stderr)).toBe('');
    expect(run.code).toBe(0);
    const metrics = await metricsOf(straight);
    expect(metrics.model).toBe('stateful');
    expect(metrics.history).toHaveLength(5);
    expect(metrics.history[4]?.loss).toBeLessThan(metrics.history[0]?.loss as number);
    const expected = await finalWeights(straight);

    const interrupted = path.join(temp, 'interrupted');
    let sent = false;
    const first = await cli([...args, '--out', interrupted], (line, kill) => {
      if (!sent && line.startsWith('stateful') && line.includes('epoch 1/5')) {
        sent = true;
        kill('SIGINT');
      }
    });
    expect(first.code).toBe(130);
    expect(first.stderr).toMatch(
      /interrupted after epoch [1-4] of stateful, which is saved; continue with --resume/,
    );
    expect(first.stderr).not.toMatch(/\n\s+at /); // no stack trace
    await expect(fs.access(path.join(interrupted, 'model'))).rejects.toThrow();
    const resumed = await cli(['--resume', interrupted, '--backend', 'wasm']);
    expect(errorsOf(resumed.stderr)).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).not.toMatch(/stateful +epoch 1\/5/); // epoch 1 was not trained again
    expect(resumed.stdout).toMatch(/stateful +epoch 5\/5/);
    expect(await finalWeights(interrupted)).toEqual(expected);
    expect((await metricsOf(interrupted)).history).toEqual(metrics.history);
  }, 120_000);
});

// Each case starts a process that fails at once; they run side by side.
describe('bad input', () => {
  it.concurrent.for<[string[], string]>([
    [['--epochs', '0'], 'nabiya: --epochs must be an integer of at least 1; received "0"'],
    [['--model', 'gru'], 'nabiya: --model must be one of lstm, stateful; received "gru"'],
    [['--window', '53'], 'nabiya: --window must be an integer from 1 to 52; received "53"'],
    [['--epoch', '3'], "nabiya: Unknown option '--epoch'"],
    [['--quick', 'now'], 'nabiya: unexpected argument "now" (see --help)'],
    [
      ['--model', 'stateful', '--batch-size', '4'],
      'nabiya: --batch-size: the stateful model trains on one window at a time',
    ],
    [['--resume', path.join(os.tmpdir(), 'no-such-nabiya-run')], 'nabiya: --resume'],
    [
      ['--resume', 'x', '--units', '8'],
      'nabiya: --resume continues a run with its saved config; remove --units',
    ],
  ])('%j gives one clear line and exit code 2', async ([args, message], { expect }) => {
    const run = await cli(args);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.startsWith(message), run.stderr).toBe(true);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.concurrent('refuses to resume from a folder whose config.json is broken or not a nabiya config', async ({
    expect,
  }) => {
    const broken = path.join(temp, 'broken');
    await fs.mkdir(broken, { recursive: true });
    await fs.writeFile(path.join(broken, 'config.json'), '{"model": "lstm",');
    const run = await cli(['--resume', broken]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^nabiya: --resume .*broken: its config.json is not JSON/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    await fs.writeFile(path.join(broken, 'config.json'), '{"model": "gru", "epochs": 3}');
    const other = await cli(['--resume', broken]);
    expect(other.code).toBe(2);
    expect(other.stderr.trim()).toBe(
      `nabiya: --resume ${broken}: its config.json is not the config of a nabiya run`,
    );
  });

  it.concurrent('prints --help', async ({ expect }) => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--quick +a small run/);
    expect(run.stdout).toMatch(/stateful +the same, stateful: batch 1/);
    expect(run.stdout).toMatch(/--model <name> +the model: lstm or stateful \(default: lstm\)/);
  });
});
