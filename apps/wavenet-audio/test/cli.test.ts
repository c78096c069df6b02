import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CliRun, runCli } from '@seq/app-kit';
import { decodeWav, muLawDecode, muLawEncode } from '@seq/wavenet';
import { writeWav } from '@seq/wavenet/node';
import { afterAll, describe, expect, it } from 'vitest';
import type { AudioResults } from '../src/run-wavenet-audio.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'seq-wavenet-audio-'));
afterAll(() => fs.rm(temp, { recursive: true, force: true }));

/** Runs the CLI; `onLine` may signal the process when a line of its output matches. */
const cli = (args: string[], onLine?: Parameters<typeof runCli>[2]) => runCli(root, args, onLine);

const QUICK = ['--quick', '--backend', 'wasm'];
const quickOut = path.join(temp, 'quick');
let quickRun: Promise<CliRun> | null = null;
/** The `--quick` run, shared by the tests that need it (run once). */
function quick(): Promise<CliRun> {
  quickRun ??= cli([...QUICK, '--out', quickOut]);
  return quickRun;
}

/** SHA-256 digests of a run's final weight files (their names differ from run to run). */
async function finalWeights(out: string): Promise<string[]> {
  const folder = path.join(out, 'model');
  const files = (await fs.readdir(folder)).filter((f) => f.endsWith('.bin'));
  const digests = await Promise.all(
    files.map(async (file) =>
      createHash('sha256')
        .update(await fs.readFile(path.join(folder, file)))
        .digest('hex'),
    ),
  );
  return digests.sort();
}

async function readResults(out: string): Promise<AudioResults> {
  return JSON.parse(await fs.readFile(path.join(out, 'metrics.json'), 'utf8')) as AudioResults;
}

/** Checks a 16-bit mono WAV file's header and length; returns its samples. */
async function readWavFile(file: string, sampleRate: number, samples: number) {
  const bytes = new Uint8Array(await fs.readFile(file));
  const text = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString();
  expect(text(0, 4)).toBe('RIFF');
  expect(text(8, 12)).toBe('WAVE');
  expect(bytes.length).toBe(44 + 2 * samples);
  const wav = decodeWav(bytes);
  expect(wav.sampleRate).toBe(sampleRate);
  expect(wav.channels).toBe(1);
  expect(wav.samples.length).toBe(samples);
  return wav.samples;
}

describe('wavenet-audio --quick', () => {
  it('trains, generates, and writes config, metrics, model, WAV files, tables and plots', async () => {
    const run = await quick();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/tfjs backend: wasm/);
    expect(run.stdout).toMatch(/wavenet +epoch 3\/3/);
    expect(run.stdout).toMatch(/\| bigram +\|/);
    expect(run.stdout).toMatch(/\| fast \(WaveNetGenerator\), the same samples +\| +32 \|/);

    const config = JSON.parse(await fs.readFile(path.join(quickOut, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      data: { kind: 'synthetic', sound: 'chords' },
      clipSeconds: 1,
      sampleRate: 8000,
      epochs: 3,
      seed: 42,
    });
    const metrics = await readResults(quickOut);
    expect(metrics.history).toHaveLength(3);
    for (const logs of metrics.history) {
      for (const key of ['loss', 'acc', 'val_loss', 'val_acc']) {
        expect(Number.isFinite(logs[key]), key).toBe(true);
      }
    }
    expect(metrics.history[2]?.loss).toBeLessThan(metrics.history[0]?.loss as number);
    expect(metrics.final.valLoss).toBeLessThan(Math.log(256)); // better than guessing
    for (const value of Object.values(metrics.final)) expect(Number.isFinite(value)).toBe(true);
    expect(metrics.baselines.map((b) => b.name)).toEqual([
      'uniform',
      'unigram',
      'previous code',
      'bigram',
    ]);
    expect(metrics.model.receptiveField).toBe(64);
    expect(metrics.clip).toMatchObject({ samples: 8000, sampleRate: 8000, validCodes: 1200 });

    const { speed, generation } = metrics;
    expect(speed.samples).toBe(32);
    for (const value of [
      speed.naive.seconds,
      speed.fast.seconds,
      speed.speedup,
      generation.samplesPerSecond,
    ]) {
      expect(Number.isFinite(value) && value > 0).toBe(true);
    }
    expect(speed.fast.samplesPerSecond).toBeGreaterThan(speed.naive.samplesPerSecond);
    expect(speed.speedup).toBeGreaterThan(1);
    expect(generation).toMatchObject({ samples: 2000, temperature: 1, promptSamples: 64 });

    await fs.access(path.join(quickOut, 'model', 'model.json'));
    expect(await finalWeights(quickOut)).toHaveLength(1);
    // The training clip as used: already mu-law levels, so re-quantising it changes nothing.
    const clip = await readWavFile(path.join(quickOut, 'audio', 'training-clip.wav'), 8000, 8000);
    const requantised = muLawDecode(muLawEncode(clip));
    const largest = clip.reduce(
      (most, v, i) => Math.max(most, Math.abs(v - (requantised[i] as number))),
      0,
    );
    expect(largest).toBeLessThan(2e-4);
    const generated = await readWavFile(path.join(quickOut, 'audio', 'generated.wav'), 8000, 2000);
    expect(generated.some((v) => Math.abs(v) > 0.01)).toBe(true);

    expect(await fs.readFile(path.join(quickOut, 'results.md'), 'utf8')).toMatch(/\| WaveNet/);
    for (const chart of ['loss', 'spectrogram-clip', 'spectrogram-generated', 'waveform']) {
      const svg = await fs.readFile(path.join(quickOut, 'plots', `${chart}.svg`), 'utf8');
      expect(svg.startsWith('<svg'), chart).toBe(true);
      const png = await fs.readFile(path.join(quickOut, 'plots', `${chart}.png`));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
  }, 120_000);
});

describe('interruptions', () => {
  it('Ctrl-C saves the epoch and exits with 130; --resume reaches the weights and the audio of an uninterrupted run', async () => {
    const straight = await quick();
    expect(straight.code).toBe(0);
    const interrupted = path.join(temp, 'interrupted');
    let sent = false;
    const first = await cli([...QUICK, '--out', interrupted], (line, kill) => {
      if (!sent && /^wavenet +epoch 1\/3/.test(line)) {
        sent = true;
        kill('SIGINT');
      }
    });
    expect(first.code).toBe(130);
    expect(first.stderr).toMatch(
      /interrupted after epoch 2 of wavenet, which is saved; continue with --resume/,
    );
    expect(first.stderr).not.toMatch(/\n\s+at /); // no stack trace
    await expect(fs.access(path.join(interrupted, 'model'))).rejects.toThrow();

    const resumed = await cli(['--resume', interrupted, '--backend', 'wasm']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).not.toMatch(/epoch [12]\/3/); // not trained again
    expect(resumed.stdout).toMatch(/wavenet +epoch 3\/3/);
    expect(await finalWeights(interrupted)).toEqual(await finalWeights(quickOut));
    // The same seed and the same weights: the same generated audio, byte for byte.
    const audio = (out: string) => fs.readFile(path.join(out, 'audio', 'generated.wav'));
    expect((await audio(interrupted)).equals(await audio(quickOut))).toBe(true);
    const metrics = await readResults(interrupted);
    expect(metrics.resumedAfter).toBe(1);
    expect(metrics.history.map((h) => h.loss)).toEqual(
      (await readResults(quickOut)).history.map((h) => h.loss),
    );
  }, 120_000);
});

describe('a WAV file', () => {
  it('is cut to --clip-seconds, resampled to --sample-rate and trained on', async () => {
    const file = path.join(temp, 'tone.wav');
    const rate = 16_000;
    await writeWav(
      file,
      Float32Array.from({ length: rate }, (_, t) => 0.3 * Math.sin((2 * Math.PI * 330 * t) / rate)),
      rate,
    );
    const out = path.join(temp, 'wav');
    const run = await cli([
      ...QUICK,
      '--data',
      file,
      '--clip-seconds',
      '0.5',
      '--epochs',
      '1',
      '--seconds',
      '0.05',
      '--naive-samples',
      '4',
      '--out',
      out,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const metrics = await readResults(out);
    expect(metrics.clip.source).toMatch(
      /^tone\.wav: 0\.50 s of 1\.00 s, mono, 16000 Hz resampled to 8000 Hz/,
    );
    expect(metrics.clip.samples).toBe(4000);
    const clip = await readWavFile(path.join(out, 'audio', 'training-clip.wav'), 8000, 4000);
    expect(Math.max(...clip.map(Math.abs))).toBeGreaterThan(0.85); // scaled to a peak of 0.9
    await readWavFile(path.join(out, 'audio', 'generated.wav'), 8000, 400);
  }, 120_000);
});

describe('bad input', () => {
  const notWav = path.join(temp, 'notes.wav');
  const missing = path.join(temp, 'missing.wav');
  const out = ['--out', path.join(temp, 'bad')];
  it.each([
    [
      ['--data', missing, ...out],
      'wavenet-audio: readWav: `path` must be the path of an existing file; received',
    ],
    [
      ['--data', notWav, ...out],
      'wavenet-audio: readWav: `path` must be a 16-bit PCM WAV file; received',
    ],
    [['--epochs', '0'], 'wavenet-audio: --epochs must be an integer of at least 1; received "0"'],
    [
      ['--temperature', 'hot'],
      'wavenet-audio: --temperature must be a number from 0.01 to 100; received "hot"',
    ],
    [
      ['--channels', '2.5'],
      'wavenet-audio: --channels must be an integer from 2 to 512; received "2.5"',
    ],
    [['--sound', 'drums'], 'wavenet-audio: --sound must be one of chords, chirp; received "drums"'],
    [['--data', notWav, '--sound', 'chirp'], 'wavenet-audio: --sound chooses the synthesised clip'],
    [['--epoch', '3'], "wavenet-audio: Unknown option '--epoch'"],
    [['--resume', path.join(temp, 'no-such-run')], 'wavenet-audio: --resume'],
    [
      ['--resume', 'x', '--epochs', '2'],
      'wavenet-audio: --resume continues a run with its saved config; remove --epochs',
    ],
    [
      ['--quick', '--clip-seconds', '0.05', ...out],
      'wavenet-audio: the clip has 400 samples, too few',
    ],
  ])('%j gives one clear line and exit code 2', async (args, message) => {
    await fs.writeFile(notWav, 'these are not the samples you are looking for\n');
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(message), run.stderr).toBe(true);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints --help', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--quick +a small run/);
    expect(run.stdout).toMatch(/--temperature <x> +sampling temperature/);
  });
});
