import {
  type CliSpec,
  choiceOption,
  disposeModel,
  helpText,
  numberOption,
  parseCli,
  runMain,
  selectBackend,
  stringOption,
  trainCommand,
  UsageError,
} from '@seq/app-kit';
import { DATASETS } from './load-pairs.js';
import { readRun, runTranslate, type TranslateOptions, translateTexts } from './run-translate.js';
import { MODEL_DESCRIPTIONS, MODEL_KINDS } from './translation-models.js';

const models = Object.entries(MODEL_DESCRIPTIONS)
  .map(([name, text]) => `  ${name.padEnd(12)}${text}`)
  .join('\n');

const backend = {
  type: 'string',
  value: '<name>',
  description: 'tensorflow, wasm or cpu',
  defaultText: 'the best that loads here',
} as const;

const trainSpec: CliSpec = {
  app: 'translate',
  usage:
    'pnpm --filter @seq/app-translate start -- [train] [options]\n       pnpm --filter @seq/app-translate start -- translate "<text>" --run <dir> [--beam <n>]',
  summary: `Encoder-decoder translation, chapter 16.3-16.5 of Hands-On Machine Learning. Datasets (--dataset):
  dates      dates written out ("April 22, 2019", "22 April 2019", "Apr 22, 2019",
             "Monday, April 22, 2019") to ISO dates ("2019-04-22"), generated from --seed: no download
  fra-eng    English to French sentence pairs (Tatoeba/Anki; the shared copy, --data, or downloaded once)
Models (--model):
${models}
Trained with teacher forcing and a masked loss (90% train, 5% validation, 5% test). The test pairs are
translated with greedy search and with beam search (--beam): BLEU, exact match, ten examples, and for
the attention models heatmaps of where the decoder looked. Writes config.json, metrics.json,
results.md, the model (tf.io format), tokenizer.json and plots (SVG and PNG) to the output folder.
Checkpoints every epoch: Ctrl-C stops after the epoch is saved, --resume continues.`,
  options: {
    dataset: {
      type: 'string',
      value: '<name>',
      description: DATASETS.join(', '),
      defaultText: 'dates',
    },
    data: {
      type: 'string',
      value: '<file>',
      description: 'a fra.txt (or its zip) for fra-eng',
      defaultText: 'the shared copy, else a download',
    },
    pairs: {
      type: 'string',
      value: '<n>',
      description: 'dates to generate, or sentence pairs to read (0: all)',
      defaultText: '20000 dates, all pairs; 1500 with --quick',
    },
    model: {
      type: 'string',
      value: '<kind>',
      description: MODEL_KINDS.join(', '),
      defaultText: 'bahdanau',
    },
    'embedding-dim': {
      type: 'string',
      value: '<n>',
      description: "embedding width (and the Transformer's)",
      defaultText: '32 dates, 128 fra-eng; 16 with --quick',
    },
    units: {
      type: 'string',
      value: '<n>',
      description: "recurrent units (the Transformer's feed-forward width)",
      defaultText: '128 dates, 256 fra-eng; 32 with --quick',
    },
    'max-tokens': {
      type: 'string',
      value: '<n>',
      description: 'largest word vocabulary (fra-eng)',
      defaultText: '8000',
    },
    epochs: {
      type: 'string',
      value: '<n>',
      description: 'training epochs',
      defaultText: '3 dates, 10 fra-eng; 2 with --quick',
    },
    'batch-size': { type: 'string', value: '<n>', description: 'batch size', defaultText: '64' },
    'learning-rate': {
      type: 'string',
      value: '<x>',
      description: 'Adam learning rate',
      defaultText: '0.003 (Transformer 0.001)',
    },
    beam: {
      type: 'string',
      value: '<n>',
      description: 'the beam width compared with greedy search',
      defaultText: '5',
    },
    'eval-pairs': {
      type: 'string',
      value: '<n>',
      description: 'test pairs translated for the scores (0: all)',
      defaultText: '1000; 50 with --quick',
    },
    seed: {
      type: 'string',
      value: '<n>',
      description: 'seed of the data, the weights and the batch order',
      defaultText: '42',
    },
    backend,
    out: {
      type: 'string',
      value: '<dir>',
      description: 'output folder',
      defaultText: 'runs/translate/<timestamp>',
    },
    resume: {
      type: 'string',
      value: '<dir>',
      description: 'continue the interrupted run in this output folder (with its config)',
    },
    quick: {
      type: 'boolean',
      description: 'a small run (about a minute on 2 cores), used by the test suite',
    },
  },
};

const translateSpec: CliSpec = {
  app: 'translate',
  usage:
    'pnpm --filter @seq/app-translate start -- translate "<text>" [more texts] --run <dir> [options]',
  summary: `Translates texts with the model a training run saved (its tokenizer and lengths come with it):
greedy search, or beam search with --beam above 1, using the decoder's incremental state.`,
  options: {
    run: { type: 'string', value: '<dir>', description: 'the output folder of a training run' },
    beam: {
      type: 'string',
      value: '<n>',
      description: 'beam width; 1 is greedy search',
      defaultText: '1',
    },
    backend,
  },
};

function readTrainOptions(parsed: ReturnType<typeof parseCli>): TranslateOptions {
  const quick = parsed.values.quick === true;
  const dataset = choiceOption(parsed, 'dataset', DATASETS, 'dates');
  const dates = dataset === 'dates';
  const model = choiceOption(parsed, 'model', MODEL_KINDS, 'bahdanau');
  const data = stringOption(parsed, 'data');
  if (data !== undefined && dates)
    throw new UsageError('--data is for --dataset fra-eng (dates are generated)');
  return {
    dataset,
    ...(data === undefined ? {} : { data }),
    pairs: numberOption(parsed, 'pairs', quick ? 1500 : dates ? 20_000 : 0, {
      min: dates ? 20 : 0,
      max: 10_000_000,
      integer: true,
    }),
    model,
    embeddingDim: numberOption(parsed, 'embedding-dim', quick ? 16 : dates ? 32 : 128, {
      min: 1,
      max: 4096,
      integer: true,
    }),
    units: numberOption(parsed, 'units', quick ? 32 : dates ? 128 : 256, {
      min: 1,
      max: 8192,
      integer: true,
    }),
    maxTokens: numberOption(parsed, 'max-tokens', 8000, { min: 10, max: 1_000_000, integer: true }),
    epochs: numberOption(parsed, 'epochs', quick ? 2 : dates ? 3 : 10, {
      min: 1,
      max: 10_000,
      integer: true,
    }),
    batchSize: numberOption(parsed, 'batch-size', 64, { min: 1, max: 65_536, integer: true }),
    learningRate: numberOption(parsed, 'learning-rate', model === 'transformer' ? 0.001 : 0.003, {
      min: 1e-7,
      max: 10,
    }),
    beam: numberOption(parsed, 'beam', 5, { min: 1, max: 64, integer: true }),
    evalPairs: numberOption(parsed, 'eval-pairs', quick ? 50 : 1000, { min: 0, integer: true }),
    seed: numberOption(parsed, 'seed', 42, { min: 0, max: 2 ** 31 - 1, integer: true }),
  };
}

function train(argv: string[]): Promise<void> {
  return trainCommand<TranslateOptions>(argv, {
    spec: trainSpec,
    readOptions: readTrainOptions,
    positionalsHint: 'subcommands: train, translate; see --help',
    run: runTranslate,
  });
}

async function translate(argv: string[]): Promise<void> {
  const parsed = parseCli(translateSpec, argv);
  if (parsed.help) {
    console.log(helpText(translateSpec));
    return;
  }
  const run = stringOption(parsed, 'run');
  if (run === undefined)
    throw new UsageError('translate needs --run <dir>, the output folder of a training run');
  if (parsed.positionals.length === 0)
    throw new UsageError(
      'translate needs the text to translate, e.g. translate "April 22, 2019" --run <dir>',
    );
  const beam = numberOption(parsed, 'beam', 1, { min: 1, max: 64, integer: true });
  await selectBackend(stringOption(parsed, 'backend'));
  const saved = await readRun(run);
  try {
    const outputs = await translateTexts(
      { ...saved, kind: saved.options.model },
      parsed.positionals,
      beam,
    );
    for (const [i, text] of parsed.positionals.entries()) console.log(`${text} -> ${outputs[i]}`);
  } finally {
    disposeModel(saved.model);
  }
}

await runMain('translate', async () => {
  const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
  if (argv[0] === 'translate') await translate(argv.slice(1));
  else await train(argv[0] === 'train' ? argv.slice(1) : argv);
});
