import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CliRun, runCli } from '@seq/app-kit';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReviewEncoderJSON } from '../src/review-encoder.js';
import type { SentimentResults } from '../src/run-sentiment.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const english = path.join(root, 'test/fixtures/reviews.csv');
const korean = path.join(root, 'test/fixtures/ratings.txt');
const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'seq-sentiment-'));
afterAll(() => fs.rm(temp, { recursive: true, force: true }));

/** Runs the CLI; `onLine` may signal the process when a line of its output matches. */
const cli = (args: string[], onLine?: Parameters<typeof runCli>[2]) => runCli(root, args, onLine);

/** stderr without tfjs' own notices (the orthogonal initializer's size warning). */
const errors = (run: CliRun) =>
  run.stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('Orthogonal initializer'))
    .join('\n');

const readJson = async <T>(file: string) => JSON.parse(await fs.readFile(file, 'utf8')) as T;

const weightsOf = async (out: string) => {
  const folder = path.join(out, 'model');
  const file = (await fs.readdir(folder)).find((f) => f.endsWith('.bin')) as string;
  return (await fs.readFile(path.join(folder, file))).toString('base64');
};

const csvArgs = [
  '--dataset',
  'csv',
  '--data',
  english,
  '--text-column',
  'review',
  '--label-column',
  'sentiment',
];

function expectFiniteMetrics(metrics: SentimentResults): void {
  for (const part of [metrics.validation, metrics.test]) {
    for (const value of [part.accuracy, part.f1, part.precision, part.recall, part.loss])
      expect(Number.isFinite(value)).toBe(true);
    expect(part.confusion.flat().reduce((a, b) => a + b, 0)).toBe(part.examples);
  }
}

describe('--help', () => {
  it('explains training and predict', async () => {
    const train = await cli(['--help']);
    expect(train.code).toBe(0);
    expect(train.stdout).toMatch(/^Usage: pnpm --filter @seq\/app-sentiment start/);
    for (const option of ['--dataset', '--model', '--tokenizer', '--resume', '--quick'])
      expect(train.stdout).toContain(option);
    const predict = await cli(['predict', '--help']);
    expect(predict.code).toBe(0);
    expect(predict.stdout).toContain('--run <dir>');
  });
});

describe('sentiment --quick and predict', () => {
  it('English CSV: trains, writes everything with finite metrics, and predicts from the folder', async () => {
    const out = path.join(temp, 'english');
    const run = await cli(['--quick', ...csvArgs, '--backend', 'wasm', '--out', out]);
    expect(errors(run)).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\| cnn: test +\| +\d/);
    const metrics = await readJson<SentimentResults>(path.join(out, 'metrics.json'));
    expect(metrics.history).toHaveLength(3);
    expect(metrics.tokenizer).toBe('words');
    expectFiniteMetrics(metrics);
    expect(metrics.test.accuracy).toBeGreaterThan(0.7); // the fixture is easy
    for (const file of [
      'config.json',
      'tokenizer.json',
      'results.md',
      'model/model.json',
      'plots/loss.svg',
      'plots/loss.png',
      'plots/accuracy.svg',
      'plots/accuracy.png',
    ]) {
      await fs.access(path.join(out, file));
    }
    const results = await fs.readFile(path.join(out, 'results.md'), 'utf8');
    expect(results).toMatch(/Confusion matrices/);

    const predicted = await cli([
      'predict',
      '--run',
      out,
      '--backend',
      'wasm',
      'A wonderful, brilliant and superb film.',
      'Awful, boring, the worst waste of time.',
    ]);
    expect(errors(predicted)).toBe('');
    expect(predicted.code).toBe(0);
    const lines = predicted.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^positive 0\.\d{4} {2}"A wonderful/);
    expect(lines[1]).toMatch(/^negative 0\.\d{4} {2}"Awful/);
  }, 120_000);

  it('Korean end to end: subword tokenizer, bilstm-attention, attention page, predict', async () => {
    const out = path.join(temp, 'korean');
    const run = await cli([
      '--quick',
      '--dataset',
      'nsmc',
      '--data',
      korean,
      '--model',
      'bilstm-attention',
      '--backend',
      'wasm',
      '--out',
      out,
    ]);
    expect(errors(run)).toBe('');
    expect(run.code).toBe(0);
    const metrics = await readJson<SentimentResults>(path.join(out, 'metrics.json'));
    expect(metrics.tokenizer).toBe('subword');
    expectFiniteMetrics(metrics);
    const tokenizer = await readJson<ReviewEncoderJSON>(path.join(out, 'tokenizer.json'));
    expect(tokenizer.kind).toBe('subword');
    expect((tokenizer.tokenizer as { type: string }).type).toBe('bpe');
    const page = await fs.readFile(path.join(out, 'attention.html'), 'utf8');
    expect(page).toMatch(
      /<span title="[\d.]+%" style="background: rgba\(230, 80, 0, [\d.]+\)">[^<]*[가-힣]/,
    );
    expect(page).toContain('Most attended');

    const predicted = await cli([
      'predict',
      '--run',
      out,
      '--backend',
      'wasm',
      '진짜 최고 명작 추천',
    ]);
    expect(errors(predicted)).toBe('');
    expect(predicted.code).toBe(0);
    const [verdict, attended] = predicted.stdout.trim().split('\n');
    expect(verdict).toMatch(/^(positive|negative) 0\.\d{4} {2}"진짜 최고 명작 추천"$/);
    expect(attended).toMatch(/^ {2}attended to: .*[가-힣].* \d+\.\d%/);
  }, 120_000);

  it.each(['gru', 'transformer'])(
    'Korean with %s (gru: with the chars tokenizer) trains and predicts',
    async (model) => {
      const out = path.join(temp, `korean-${model}`);
      const extra = model === 'gru' ? ['--tokenizer', 'chars'] : [];
      const run = await cli([
        '--quick',
        '--dataset',
        'nsmc',
        '--data',
        korean,
        '--model',
        model,
        ...extra,
        '--backend',
        'wasm',
        '--out',
        out,
      ]);
      expect(errors(run)).toBe('');
      expect(run.code).toBe(0);
      expectFiniteMetrics(await readJson<SentimentResults>(path.join(out, 'metrics.json')));
      const predicted = await cli(['predict', '--run', out, '--backend', 'wasm', '최악 지루']);
      expect(predicted.code).toBe(0);
      expect(predicted.stdout).toMatch(/^(positive|negative) 0\.\d{4}/);
    },
    120_000,
  );
});

describe('interruptions', () => {
  it('Ctrl-C saves the epoch and exits; --resume reaches the weights of an uninterrupted run', async () => {
    const args = ['--quick', ...csvArgs, '--model', 'gru', '--epochs', '6', '--backend', 'wasm'];
    const straight = path.join(temp, 'straight');
    expect((await cli([...args, '--out', straight])).code).toBe(0);
    const interrupted = path.join(temp, 'interrupted');
    let sent = false;
    const first = await cli([...args, '--out', interrupted], (line, kill) => {
      if (!sent && line.includes('epoch 1/6')) {
        sent = true;
        kill('SIGINT');
      }
    });
    expect(first.code).toBe(130);
    expect(first.stderr).toMatch(
      /interrupted after epoch [2-5] of gru, which is saved; continue with --resume/,
    );
    const resumed = await cli(['--resume', interrupted, '--backend', 'wasm']);
    expect(resumed.code).toBe(0);
    expect(await weightsOf(interrupted)).toBe(await weightsOf(straight));
    const a = await readJson<SentimentResults>(path.join(straight, 'metrics.json'));
    const b = await readJson<SentimentResults>(path.join(interrupted, 'metrics.json'));
    expect(b.history).toEqual(a.history);
    expect(b.test).toEqual(a.test);
  }, 120_000);
});

describe('bad input', () => {
  it.each([
    [
      ['--model', 'rnn'],
      'sentiment: --model must be one of gru, bilstm-attention, cnn, transformer; received "rnn"',
    ],
    [['--dataset', 'yelp'], 'sentiment: --dataset must be one of imdb, nsmc, csv; received "yelp"'],
    [['--dataset', 'csv'], 'sentiment: --dataset csv needs --data <file>'],
    [
      ['--tokenizer', 'sentencepiece'],
      'sentiment: --tokenizer must be one of words, subword, chars; received "sentencepiece"',
    ],
    [['--epochs', '0'], 'sentiment: --epochs must be an integer from 1 to 10000; received "0"'],
    [['--dropout', '1'], 'sentiment: --dropout must be a number from 0 to 0.95; received "1"'],
    [['--colour'], "sentiment: Unknown option '--colour'."],
    [['--dataset', 'csv', '--data', path.join(os.tmpdir(), 'no-such.csv')], 'sentiment: loadImdb'],
    [['--dataset', 'csv', '--data', english], 'sentiment: loadImdb: `textColumn`'],
    [['--resume', path.join(os.tmpdir(), 'no-such-run')], 'sentiment: --resume'],
    [
      ['--resume', 'x', '--epochs', '3'],
      'sentiment: --resume continues a run with its saved config; remove --epochs',
    ],
    [['predict', 'great'], 'sentiment: predict needs --run <dir>'],
    [['predict', '--run', 'x'], 'sentiment: predict needs a review'],
    [['predict', '--run', path.join(os.tmpdir(), 'no-such-run'), 'great'], 'sentiment: cannot use'],
    [['train', 'extra'], 'sentiment: unexpected argument "extra"'],
  ])('%j gives one clear line and exit code 2', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(message), run.stderr).toBe(true);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
