import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CliRun, runCli } from '@seq/app-kit';
import { SeededRandom } from '@seq/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { CharRnnResults } from '../src/run-char-rnn.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'seq-char-rnn-'));
afterAll(() => fs.rm(temp, { recursive: true, force: true }));

/** A learnable text: sentences drawn from a tiny grammar, seeded. */
async function corpus(chars: number): Promise<string> {
  const random = new SeededRandom(5);
  const pick = (words: string[]) => words[random.nextInt(words.length)] as string;
  let text = '';
  while (text.length < chars) {
    text += `${pick(['The king', 'A fool', 'My lord', 'The queen'])} ${pick(['speaks', 'sleeps', 'laughs', 'weeps'])} ${pick(['today', 'at night', 'alone', 'in Rome'])}.\n`;
  }
  const file = path.join(temp, `corpus-${chars}.txt`);
  await fs.writeFile(file, text);
  return file;
}

/** Runs the CLI; `onLine` may signal the process when a line of its output matches. */
const cli = (args: string[], onLine?: Parameters<typeof runCli>[2]) => runCli(root, args, onLine);

/** stderr without tfjs' own notices (the orthogonal initializer's size warning). */
const errors = (run: CliRun) =>
  run.stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('Orthogonal initializer'))
    .join('\n');

const weightsOf = async (out: string) => {
  const folder = path.join(out, 'model');
  const file = (await fs.readdir(folder)).find((f) => f.endsWith('.bin')) as string;
  return (await fs.readFile(path.join(folder, file))).toString('base64');
};

describe('char-rnn --quick and generate', () => {
  it('trains, beats the unigram entropy, writes everything, and generates from the saved run', async () => {
    const data = await corpus(40_000);
    const out = path.join(temp, 'quick');
    const run = await cli(['--quick', '--data', data, '--backend', 'wasm', '--out', out]);
    expect(errors(run)).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\| gru: test +\| +\d/);
    const metrics = JSON.parse(
      await fs.readFile(path.join(out, 'metrics.json'), 'utf8'),
    ) as CharRnnResults;
    expect(metrics.history).toHaveLength(3);
    expect(metrics.history[2]?.loss).toBeLessThan(metrics.history[0]?.loss as number);
    for (const value of [metrics.validBitsPerChar, metrics.testBitsPerChar])
      expect(Number.isFinite(value)).toBe(true);
    expect(metrics.testBitsPerChar).toBeLessThan(metrics.unigramBitsPerChar);
    expect(metrics.sample).toHaveLength(300);
    for (const file of [
      'config.json',
      'tokenizer.json',
      'results.md',
      'sample.txt',
      'model/model.json',
      'plots/loss.svg',
      'plots/loss.png',
    ]) {
      await fs.access(path.join(out, file));
    }

    const sampled = await cli([
      'generate',
      '--run',
      out,
      '--prompt',
      'The ',
      '--length',
      '60',
      '--temperature',
      '0.5',
      '--top-k',
      '5',
      '--backend',
      'wasm',
    ]);
    expect(errors(sampled)).toBe('');
    expect(sampled.code).toBe(0);
    expect(sampled.stdout.startsWith('The ')).toBe(true);
    expect(sampled.stdout.trimEnd().length).toBeGreaterThan(40);
    const again = await cli([
      'generate',
      '--run',
      out,
      '--prompt',
      'The ',
      '--length',
      '60',
      '--temperature',
      '0.5',
      '--top-k',
      '5',
      '--backend',
      'wasm',
    ]);
    expect(again.stdout).toBe(sampled.stdout); // seeded
    const beam = await cli([
      'generate',
      '--run',
      out,
      '--prompt',
      'The k',
      '--length',
      '20',
      '--beam',
      '4',
      '--backend',
      'wasm',
    ]);
    expect(beam.code).toBe(0);
    expect(beam.stdout).toMatch(/^The k[\s\S]{10,}/);
  }, 240_000);
});

describe('interruptions', () => {
  // A stateful model needs 16 streams of 51 characters in each 5% part.
  it.each([
    ['gru', 8_000],
    ['stateful-gru', 20_000],
  ])(
    '%s: Ctrl-C saves the epoch and exits; --resume reaches the weights of an uninterrupted run',
    async (model, chars) => {
      const data = await corpus(chars);
      const args = [
        '--quick',
        '--data',
        data,
        '--model',
        model,
        '--epochs',
        '3',
        '--sample-length',
        '20',
        '--backend',
        'wasm',
      ];
      const straight = path.join(temp, `straight-${model}`);
      expect((await cli([...args, '--out', straight])).code).toBe(0);
      const interrupted = path.join(temp, `interrupted-${model}`);
      let sent = false;
      const first = await cli([...args, '--out', interrupted], (line, kill) => {
        if (!sent && line.includes('epoch 1/3')) {
          sent = true;
          kill('SIGINT');
        }
      });
      expect(first.code).toBe(130);
      expect(first.stderr).toMatch(
        /interrupted after epoch 2 of .*, which is saved; continue with --resume/,
      );
      const resumed = await cli(['--resume', interrupted, '--backend', 'wasm']);
      expect(resumed.code).toBe(0);
      expect(await weightsOf(interrupted)).toBe(await weightsOf(straight));
      const a = JSON.parse(
        await fs.readFile(path.join(straight, 'metrics.json'), 'utf8'),
      ) as CharRnnResults;
      const b = JSON.parse(
        await fs.readFile(path.join(interrupted, 'metrics.json'), 'utf8'),
      ) as CharRnnResults;
      expect(b.history).toEqual(a.history);
      expect(b.sample).toBe(a.sample);
    },
    120_000,
  );
});

describe('bad input', () => {
  it.each([
    [
      ['--model', 'rnn'],
      'char-rnn: --model must be one of gru, lstm, stateful-gru, stateful-lstm, transformer; received "rnn"',
    ],
    [['--data', path.join(os.tmpdir(), 'no-such-text.txt')], 'char-rnn: cannot use'],
    [['generate'], 'char-rnn: generate needs --run <dir>'],
    [['generate', '--run', path.join(os.tmpdir(), 'no-such-run')], 'char-rnn: cannot use'],
    [
      ['generate', '--run', 'x', '--top-p', '0'],
      'char-rnn: --top-p must be a number from 0.000001 to 1; received "0"',
    ],
    [['--units', 'many'], 'char-rnn: --units must be an integer from 4 to 4096; received "many"'],
  ])('%j gives one clear line and exit code 2', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(message), run.stderr).toBe(true);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('too short a text for the windows is a clear error', async () => {
    const data = await corpus(300);
    const run = await cli(['--data', data, '--length', '100']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /char-rnn: the text is too short: a 5% part has \d+ characters where one window needs 101/,
    );
  });
});
