import {
  type CliSpec,
  choiceOption,
  helpText,
  numberOption,
  parseCli,
  runMain,
  selectBackend,
  stringOption,
  trainCommand,
  UsageError,
} from '@seq/app-kit';
import type { CharTokenizer } from '@seq/data';
import { tokenizerFromJSON } from '@seq/data';
import { MODEL_DESCRIPTIONS, MODEL_KINDS } from './char-models.js';
import { generateText } from './generate-text.js';
import { type CharRnnOptions, readRun, runCharRnn } from './run-char-rnn.js';

const models = Object.entries(MODEL_DESCRIPTIONS)
  .map(([name, text]) => `  ${name.padEnd(14)}${text}`)
  .join('\n');

const trainSpec: CliSpec = {
  app: 'char-rnn',
  usage:
    'pnpm --filter @seq/app-char-rnn start -- [train] [options]\n       pnpm --filter @seq/app-char-rnn start -- generate --run <dir> [options]',
  summary: `Char-RNN, chapter 16.1 of Hands-On Machine Learning: a character language model trained on Tiny
Shakespeare (downloaded once and checked) or any UTF-8 text (--data; Korean works: characters are code
points), split in time (90% train, 5% validation, 5% test). Models (--model):
${models}
It reports bits per character on the validation and test text against the unigram entropy, generates a
sample, and writes config.json, metrics.json, results.md, sample.txt, the model (tf.io format),
tokenizer.json and a loss plot (SVG and PNG) to the output folder. Checkpoints every epoch: Ctrl-C stops
after the epoch is saved, --resume continues. 'generate --help' explains generation.`,
  options: {
    data: {
      type: 'string',
      value: '<file>',
      description: 'a UTF-8 text file',
      defaultText: 'Tiny Shakespeare',
    },
    'max-chars': {
      type: 'string',
      value: '<n>',
      description: 'use only the first n characters (0: all)',
      defaultText: '0; 40000 with --quick',
    },
    model: {
      type: 'string',
      value: '<kind>',
      description: MODEL_KINDS.join(', '),
      defaultText: 'gru',
    },
    units: {
      type: 'string',
      value: '<n>',
      description: 'recurrent units (the Transformer: feed-forward width)',
      defaultText: '128; 32 with --quick',
    },
    length: {
      type: 'string',
      value: '<n>',
      description: 'characters per training window',
      defaultText: '100; 50 with --quick',
    },
    stride: {
      type: 'string',
      value: '<n>',
      description: 'characters between training windows (stateless models)',
      defaultText: '--length (windows do not overlap)',
    },
    'batch-size': {
      type: 'string',
      value: '<n>',
      description: 'batch size (a stateful model: parallel streams)',
      defaultText: '32; 16 with --quick',
    },
    epochs: {
      type: 'string',
      value: '<n>',
      description: 'training epochs',
      defaultText: '5; 3 with --quick',
    },
    'learning-rate': {
      type: 'string',
      value: '<x>',
      description: 'Adam learning rate',
      defaultText: '0.003',
    },
    'sample-length': {
      type: 'string',
      value: '<n>',
      description: 'characters of the sample written at the end',
      defaultText: '300',
    },
    temperature: {
      type: 'string',
      value: '<x>',
      description: 'temperature of that sample',
      defaultText: '0.5',
    },
    seed: {
      type: 'string',
      value: '<n>',
      description: 'seed of the weights, the batch order and the sample',
      defaultText: '42',
    },
    backend: {
      type: 'string',
      value: '<name>',
      description: 'tensorflow, wasm or cpu',
      defaultText: 'the best that loads here',
    },
    out: {
      type: 'string',
      value: '<dir>',
      description: 'output folder',
      defaultText: 'runs/char-rnn/<timestamp>',
    },
    resume: {
      type: 'string',
      value: '<dir>',
      description: 'continue the interrupted run in this output folder (with its config)',
    },
    quick: {
      type: 'boolean',
      description: 'a small run (under 2 minutes on 2 cores), used by the test suite',
    },
  },
};

const generateSpec: CliSpec = {
  app: 'char-rnn',
  usage: 'pnpm --filter @seq/app-char-rnn start -- generate --run <dir> [options]',
  summary: `Continues a prompt with the model a training run saved, streaming characters to the terminal as
they come: sampling with a temperature, top-k and top-p filters, or beam search (--beam > 1, printed at
the end). Uses seq's incremental decoding: the recurrent state or the Transformer's KV cache.`,
  options: {
    run: { type: 'string', value: '<dir>', description: 'the output folder of a training run' },
    prompt: {
      type: 'string',
      value: '<text>',
      description: 'the text to continue',
      defaultText: 'a new line',
    },
    length: {
      type: 'string',
      value: '<n>',
      description: 'characters to generate',
      defaultText: '500',
    },
    temperature: {
      type: 'string',
      value: '<x>',
      description: 'softmax temperature; 0 for the most likely character',
      defaultText: '0.8',
    },
    'top-k': {
      type: 'string',
      value: '<k>',
      description: 'sample among the k most likely characters (0: all)',
      defaultText: '0',
    },
    'top-p': {
      type: 'string',
      value: '<p>',
      description: 'sample among the most likely characters up to probability p',
      defaultText: '1',
    },
    beam: {
      type: 'string',
      value: '<n>',
      description: 'beam width; above 1, beam search instead of sampling',
      defaultText: '1',
    },
    seed: { type: 'string', value: '<n>', description: 'seed of the sampling', defaultText: '42' },
    backend: {
      type: 'string',
      value: '<name>',
      description: 'tensorflow, wasm or cpu',
      defaultText: 'the best that loads here',
    },
  },
};

function readTrainOptions(parsed: ReturnType<typeof parseCli>): CharRnnOptions {
  const quick = parsed.values.quick === true;
  const length = numberOption(parsed, 'length', quick ? 50 : 100, {
    min: 2,
    max: 100_000,
    integer: true,
  });
  const data = stringOption(parsed, 'data');
  return {
    ...(data === undefined ? {} : { data }),
    maxChars: numberOption(parsed, 'max-chars', quick ? 40_000 : 0, { min: 0, integer: true }),
    model: choiceOption(parsed, 'model', MODEL_KINDS, 'gru'),
    units: numberOption(parsed, 'units', quick ? 32 : 128, { min: 4, max: 4096, integer: true }),
    length,
    stride: numberOption(parsed, 'stride', length, { min: 1, integer: true }),
    batchSize: numberOption(parsed, 'batch-size', quick ? 16 : 32, { min: 1, integer: true }),
    epochs: numberOption(parsed, 'epochs', quick ? 3 : 5, { min: 1, integer: true }),
    learningRate: numberOption(parsed, 'learning-rate', 0.003, { min: 1e-7, max: 1 }),
    seed: numberOption(parsed, 'seed', 42, { min: 0, max: 2 ** 31 - 1, integer: true }),
    sampleLength: numberOption(parsed, 'sample-length', 300, {
      min: 0,
      max: 100_000,
      integer: true,
    }),
    temperature: numberOption(parsed, 'temperature', 0.5, { min: 0, max: 100 }),
  };
}

function train(argv: string[]): Promise<void> {
  return trainCommand<CharRnnOptions>(argv, {
    spec: trainSpec,
    readOptions: readTrainOptions,
    positionalsHint: 'subcommands: train, generate; see --help',
    run: runCharRnn,
  });
}

async function generate(argv: string[]): Promise<void> {
  const parsed = parseCli(generateSpec, argv);
  if (parsed.help) {
    console.log(helpText(generateSpec));
    return;
  }
  const run = stringOption(parsed, 'run');
  if (run === undefined)
    throw new UsageError('generate needs --run <dir>, the output folder of a training run');
  const length = numberOption(parsed, 'length', 500, { min: 1, max: 1_000_000, integer: true });
  const temperature = numberOption(parsed, 'temperature', 0.8, { min: 0, max: 100 });
  const topK = numberOption(parsed, 'top-k', 0, { min: 0, integer: true });
  const topP = numberOption(parsed, 'top-p', 1, { min: 1e-6, max: 1 });
  const beam = numberOption(parsed, 'beam', 1, { min: 1, max: 64, integer: true });
  const seed = numberOption(parsed, 'seed', 42, { min: 0, max: 2 ** 31 - 1, integer: true });
  const prompt = stringOption(parsed, 'prompt', '\n');
  await selectBackend(stringOption(parsed, 'backend'));
  const { model, options, tokenizerJson } = await readRun(run);
  const tokenizer = tokenizerFromJSON(
    tokenizerJson as Parameters<typeof tokenizerFromJSON>[0],
  ) as CharTokenizer;
  process.stdout.write(prompt);
  const text = await generateText(model, options.model, tokenizer, prompt, {
    length,
    temperature,
    topK,
    topP,
    beam,
    seed,
    onText: (piece) => process.stdout.write(piece),
  });
  process.stdout.write('\n');
  if (text.length === 0) console.error('char-rnn: the model generated nothing');
}

await runMain('char-rnn', async () => {
  const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
  if (argv[0] === 'generate') await generate(argv.slice(1));
  else await train(argv[0] === 'train' ? argv.slice(1) : argv);
});
