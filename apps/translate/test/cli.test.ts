import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CliRun, runCli } from '@seq/app-kit';
import { SeededRandom } from '@seq/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { TranslateResults } from '../src/run-translate.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'seq-translate-'));
afterAll(() => fs.rm(temp, { recursive: true, force: true }));

const cli = (args: string[], onLine?: Parameters<typeof runCli>[2]) => runCli(root, args, onLine);

/** stderr without tfjs' own notices (the orthogonal initializer's size warning). */
const errors = (run: CliRun) =>
  run.stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('Orthogonal initializer'))
    .join('\n');

const metricsOf = async (out: string) =>
  JSON.parse(await fs.readFile(path.join(out, 'metrics.json'), 'utf8')) as TranslateResults;

/** English-French pairs from a tiny grammar, in the manythings.org format (with attributions). */
async function sentencePairs(count: number): Promise<string> {
  const random = new SeededRandom(3);
  const subjects = [
    ['I', 'Je'],
    ['We', 'Nous'],
  ];
  const verbs = [
    ['see', 'vois', 'voyons'],
    ['like', 'aime', 'aimons'],
  ];
  const objects = [
    ['the cat', 'le chat'],
    ['the house', 'la maison'],
    ['the sea', 'la mer'],
  ];
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const s = random.nextInt(2);
    const [subject, sujet] = subjects[s] as string[];
    const verb = verbs[random.nextInt(2)] as string[];
    const [object, objet] = objects[random.nextInt(3)] as string[];
    lines.push(
      `${subject} ${verb[0]} ${object}.\t${sujet} ${verb[s + 1]} ${objet}.\tCC-BY 2.0 (France)`,
    );
  }
  const file = path.join(temp, 'fra.txt');
  await fs.writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

describe('translate --quick and translate', () => {
  it('dates with Bahdanau attention: trains, scores, draws heatmaps, and translates from the saved run', async () => {
    const out = path.join(temp, 'dates');
    const run = await cli(['--quick', '--backend', 'wasm', '--out', out]);
    expect(errors(run)).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\| bahdanau \| beam 5 \|/);
    const metrics = await metricsOf(out);
    expect(metrics.history).toHaveLength(2);
    expect(metrics.history[1]?.loss).toBeLessThan(metrics.history[0]?.loss as number);
    expect(metrics.searches.map((s) => s.beam)).toEqual([1, 5]);
    for (const s of metrics.searches) {
      expect(s.bleu).toBeGreaterThanOrEqual(0);
      expect(s.exactMatch).toBeGreaterThanOrEqual(0);
    }
    expect(metrics.examples).toHaveLength(10);
    for (const file of [
      'config.json',
      'tokenizer.json',
      'results.md',
      'model/model.json',
      'plots/loss.svg',
      'plots/loss.png',
      'plots/attention-1.svg',
      'plots/attention-3.png',
    ]) {
      await fs.access(path.join(out, file));
    }
    const svg = await fs.readFile(path.join(out, 'plots/attention-1.svg'), 'utf8');
    expect(svg).toContain('<svg');

    const translated = await cli(['translate', 'April 22, 2019', '22 April 2019', '--run', out]);
    expect(errors(translated)).toBe('');
    expect(translated.code).toBe(0);
    expect(translated.stdout).toMatch(/^April 22, 2019 -> .*\n22 April 2019 -> /m);
    const beam = await cli(['translate', 'April 22, 2019', '--run', out, '--beam', '3']);
    expect(beam.code).toBe(0);
    expect(beam.stdout).toMatch(/April 22, 2019 -> /);
  }, 300_000);

  it.each(['gru', 'luong', 'transformer'])(
    'English to French with %s: trains, scores BLEU with greedy and beam search',
    async (model) => {
      const data = await sentencePairs(600);
      const out = path.join(temp, `fra-${model}`);
      const run = await cli([
        '--quick',
        '--dataset',
        'fra-eng',
        '--data',
        data,
        '--model',
        model,
        '--epochs',
        '3',
        '--backend',
        'wasm',
        '--out',
        out,
      ]);
      expect(errors(run)).toBe('');
      expect(run.code).toBe(0);
      const metrics = await metricsOf(out);
      expect(metrics.source).toMatch(/^600 English-French pairs/);
      expect(metrics.history[2]?.loss).toBeLessThan(metrics.history[0]?.loss as number);
      expect(metrics.searches).toHaveLength(2);
      for (const s of metrics.searches) expect(Number.isFinite(s.bleu)).toBe(true);
      const translated = await cli(['translate', 'I see the sea.', '--run', out]);
      expect(translated.code).toBe(0);
      expect(translated.stdout).toMatch(/^I see the sea\. -> /);
    },
    300_000,
  );
});

describe('interruptions', () => {
  it('Ctrl-C saves the epoch and exits; --resume reaches the weights and scores of an uninterrupted run', async () => {
    const args = ['--quick', '--pairs', '600', '--epochs', '3', '--backend', 'wasm'];
    const straight = path.join(temp, 'straight');
    const whole = await cli([...args, '--out', straight]);
    expect(whole.code, whole.stderr).toBe(0);
    const interrupted = path.join(temp, 'interrupted');
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
    expect(resumed.code, resumed.stderr).toBe(0);
    const weights = async (out: string) => {
      const folder = path.join(out, 'model');
      const file = (await fs.readdir(folder)).find((f) => f.endsWith('.bin')) as string;
      return (await fs.readFile(path.join(folder, file))).toString('base64');
    };
    expect(await weights(interrupted)).toBe(await weights(straight));
    const [a, b] = [await metricsOf(straight), await metricsOf(interrupted)];
    expect(b.history).toEqual(a.history);
    expect(b.examples).toEqual(a.examples);
  }, 300_000);
});

describe('bad input', () => {
  it.each([
    [
      ['--model', 'rnn'],
      'translate: --model must be one of gru, bahdanau, luong, transformer; received "rnn"',
    ],
    [['--data', 'fra.txt'], 'translate: --data is for --dataset fra-eng'],
    [['--dataset', 'fra-eng', '--data', path.join(os.tmpdir(), 'no-such-file.txt')], 'translate: '],
    [['translate', 'April 22, 2019'], 'translate: translate needs --run <dir>'],
    [['translate', '--run', 'x'], 'translate: translate needs the text to translate'],
    [['translate', 'x', '--run', path.join(os.tmpdir(), 'no-such-run')], 'translate: cannot use'],
    [['--beam', '0'], 'translate: --beam must be an integer from 1 to 64; received "0"'],
  ])('%j gives one clear line and exit code 2', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(message), run.stderr).toBe(true);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
