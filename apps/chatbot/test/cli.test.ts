import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CliRun, runCli } from '@seq/app-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatbotResults } from '../src/run-chatbot.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/chatbot.csv', import.meta.url));
const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'seq-chatbot-'));
afterAll(() => fs.rm(temp, { recursive: true, force: true }));

const HANGUL = /[\uAC00-\uD7A3]/;

/** Runs the CLI; `onLine` may signal the process when a line of its output matches. */
const cli = (args: string[], onLine?: Parameters<typeof runCli>[2]) => runCli(root, args, onLine);

/** Runs the CLI with `input` piped to its standard input (what `echo "안녕" | ... chat` does). */
function cliWithInput(args: string[], input: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@seq/source', 'src/main.ts', ...args],
      { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(input);
  });
}

const weightsOf = async (out: string) => {
  const folder = path.join(out, 'model');
  const file = (await fs.readdir(folder)).find((f) => f.endsWith('.bin')) as string;
  return (await fs.readFile(path.join(folder, file))).toString('base64');
};

const readMetrics = async (out: string) =>
  JSON.parse(await fs.readFile(path.join(out, 'metrics.json'), 'utf8')) as ChatbotResults;

describe('chatbot --quick, chat and reply', () => {
  const out = path.join(temp, 'quick');
  let train: CliRun;
  beforeAll(async () => {
    train = await cli(['--quick', '--data', fixture, '--backend', 'wasm', '--out', out]);
  }, 120_000);

  it('trains on the Korean fixture and writes everything with finite metrics', async () => {
    expect(train.stderr.trim()).toBe('');
    expect(train.code).toBe(0);
    expect(train.stdout).toMatch(/\| transformer: test +\| +\d/);
    const metrics = await readMetrics(out);
    expect(metrics.history).toHaveLength(20);
    expect(metrics.history.at(-1)?.loss).toBeLessThan(metrics.history[0]?.loss as number);
    for (const value of [
      metrics.validLoss,
      metrics.testLoss,
      metrics.validPerplexity,
      metrics.testPerplexity,
      metrics.unigramPerplexity,
      ...metrics.tokenLoss.flatMap((l) => [l.loss, l.val_loss]),
    ]) {
      expect(Number.isFinite(value)).toBe(true);
    }
    expect(metrics.testPerplexity).toBeGreaterThanOrEqual(1);
    expect(metrics.pairs.train + metrics.pairs.valid + metrics.pairs.test).toBe(48);
    expect(metrics.examples.length).toBe(metrics.pairs.test);
    for (const example of metrics.examples) expect(example.reply).toMatch(HANGUL);
    for (const file of [
      'config.json',
      'tokenizer.json',
      'results.md',
      'model/model.json',
      'plots/loss.svg',
      'plots/loss.png',
    ]) {
      await fs.access(path.join(out, file));
    }
    const results = await fs.readFile(path.join(out, 'results.md'), 'utf8');
    expect(results).toContain(metrics.examples[0]?.question as string);
  });

  it('chat: Hangul piped in, a Hangul reply per line out, and an exit at the end of input', async () => {
    const run = await cliWithInput(
      ['chat', '--run', out, '--backend', 'wasm'],
      '안녕\n\n헤어졌어\n',
    );
    expect(run.stderr.trim()).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2); // the empty line gets no reply
    for (const line of lines) expect(line).toMatch(HANGUL);
    const again = await cliWithInput(
      ['chat', '--run', out, '--backend', 'wasm'],
      '안녕\n\n헤어졌어\n',
    );
    expect(again.stdout).toBe(run.stdout); // seeded per turn
  }, 60_000);

  it('reply: one answer by beam search, in Hangul', async () => {
    const run = await cli(['reply', '사랑해', '--run', out, '--beam', '3', '--backend', 'wasm']);
    expect(run.stderr.trim()).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(HANGUL);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});

describe('interruptions', () => {
  it('Ctrl-C saves the epoch and exits; --resume reaches the weights of an uninterrupted run', async () => {
    const args = ['--quick', '--data', fixture, '--epochs', '6', '--backend', 'wasm'];
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
      /interrupted after epoch [2-5] of chatbot, which is saved; continue with --resume/,
    );
    const resumed = await cli(['--resume', interrupted, '--backend', 'wasm']);
    expect(resumed.code).toBe(0);
    expect(await weightsOf(interrupted)).toBe(await weightsOf(straight));
    const a = await readMetrics(straight);
    const b = await readMetrics(interrupted);
    expect(b.history).toEqual(a.history);
    expect(b.examples).toEqual(a.examples);
    expect(b.testPerplexity).toBe(a.testPerplexity);
  }, 120_000);
});

describe('help and bad input', () => {
  it.each([[[]], [['chat']], [['reply']]])('%j --help explains the command', async (args) => {
    const run = await cli([...args, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: pnpm --filter @seq\/app-chatbot start --/);
    expect(run.stdout).toContain('--backend <name>');
  });

  it.each([
    [
      ['--width', '30', '--heads', '4'],
      'chatbot: --width must be a multiple of --heads (4); received 30',
    ],
    [
      ['--vocabulary', '100'],
      'chatbot: --vocabulary must be an integer from 261 to 100000; received "100"',
    ],
    [['--epochs', 'many'], 'chatbot: --epochs must be an integer'],
    [['--colour', 'red'], 'chatbot: '],
    [
      ['--data', path.join(os.tmpdir(), 'no-such-chatbot.csv'), '--out', path.join(temp, 'none')],
      'chatbot: ',
    ],
    [['hello'], 'chatbot: unexpected argument "hello"'],
    [['chat'], 'chatbot: chat needs --run <dir>'],
    [['chat', '--run', path.join(os.tmpdir(), 'no-such-run')], 'chatbot: cannot use'],
    [['reply', '--run', 'x'], 'chatbot: reply needs a question'],
    [
      ['chat', '--run', 'x', '--top-p', '0'],
      'chatbot: --top-p must be a number from 0.000001 to 1; received "0"',
    ],
    [
      ['--resume', 'x', '--epochs', '3'],
      'chatbot: --resume continues a run with its saved config; remove --epochs',
    ],
  ])('%j gives one clear line and exit code 2', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(message), run.stderr).toBe(true);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
