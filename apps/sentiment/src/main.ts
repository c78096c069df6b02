import * as path from 'node:path';
import {
  type CliSpec,
  choiceOption,
  helpText,
  numberOption,
  type ParsedCli,
  parseCli,
  runMain,
  selectBackend,
  stringOption,
  trainCommand,
  UsageError,
} from '@seq/app-kit';
import { DATASET_KINDS, type DatasetKind } from './load-reviews.js';
import { predictReview } from './predict-review.js';
import { TOKENIZER_DESCRIPTIONS, TOKENIZER_KINDS, type TokenizerKind } from './review-encoder.js';
import { runSentiment, type SentimentOptions } from './run-sentiment.js';
import { MODEL_DESCRIPTIONS, MODEL_KINDS } from './sentiment-models.js';

const list = (descriptions: Record<string, string>) =>
  Object.entries(descriptions)
    .map(([name, text]) => `  ${name.padEnd(18)}${text}`)
    .join('\n');

const trainSpec: CliSpec = {
  app: 'sentiment',
  usage:
    'pnpm --filter @seq/app-sentiment start -- [train] [options]\n       pnpm --filter @seq/app-sentiment start -- predict --run <dir> "a review"',
  summary: `Sentiment analysis, chapter 16.2 of Hands-On Machine Learning: binary classification of movie
reviews, IMDB (English), NSMC (Naver, Korean) or any CSV (--dataset csv --data <file>), split at random
(seeded, stratified) into training, validation and test parts; the test part is evaluated once, at the
end. Models (--model):
${list(MODEL_DESCRIPTIONS)}
Tokenizers (--tokenizer):
${list(TOKENIZER_DESCRIPTIONS)}
It reports accuracy, F1 and the confusion matrix on the validation and test reviews, and writes
config.json, metrics.json, results.md, the model (tf.io format), tokenizer.json, loss and accuracy
plots (SVG and PNG) and, for bilstm-attention, attention.html to the output folder. Checkpoints every
epoch: Ctrl-C stops after the epoch is saved, --resume continues. 'predict --help' explains predict.`,
  options: {
    dataset: {
      type: 'string',
      value: '<name>',
      description: DATASET_KINDS.join(', '),
      defaultText: 'imdb',
    },
    data: {
      type: 'string',
      value: '<file>',
      description: 'a local copy (required for csv)',
      defaultText: '../shared/data/... from the repository root if present, else a download',
    },
    'text-column': {
      type: 'string',
      value: '<name>',
      description: 'the text column of a CSV',
      defaultText: 'text',
    },
    'label-column': {
      type: 'string',
      value: '<name>',
      description: 'the label column of a CSV: 0/1 or negative/positive',
      defaultText: 'label',
    },
    'max-reviews': {
      type: 'string',
      value: '<n>',
      description: 'use only the first n reviews of the file (0: all)',
      defaultText: '0; 600 with --quick',
    },
    model: {
      type: 'string',
      value: '<kind>',
      description: MODEL_KINDS.join(', '),
      defaultText: 'cnn',
    },
    tokenizer: {
      type: 'string',
      value: '<kind>',
      description: TOKENIZER_KINDS.join(', '),
      defaultText: 'subword for nsmc, words otherwise',
    },
    'vocabulary-size': {
      type: 'string',
      value: '<n>',
      description: 'most token ids (padding and unknown included)',
      defaultText: 'words 20000, subword 8000, chars 2000; 1000 with --quick',
    },
    length: {
      type: 'string',
      value: '<n>',
      description: 'tokens per review (0: the 90th percentile of the training reviews)',
      defaultText: '0',
    },
    'max-length': {
      type: 'string',
      value: '<n>',
      description: 'the most tokens per review when --length is 0',
      defaultText: '400 (chars: 1000); 64 with --quick',
    },
    'embedding-dim': {
      type: 'string',
      value: '<n>',
      description: 'width of the token embeddings (the Transformer: model width)',
      defaultText: '64; 16 with --quick',
    },
    units: {
      type: 'string',
      value: '<n>',
      description: 'recurrent units (cnn: half the filters; transformer: feed-forward width)',
      defaultText: '64; 16 with --quick',
    },
    dropout: {
      type: 'string',
      value: '<rate>',
      description:
        'dropout before the output (transformer: in its blocks); 0 resumes bit-identically',
      defaultText: '0.3; 0 with --quick',
    },
    'batch-size': { type: 'string', value: '<n>', description: 'batch size', defaultText: '32' },
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
      defaultText: '0.001; 0.005 with --quick',
    },
    validation: {
      type: 'string',
      value: '<share>',
      description: 'share of the reviews held out for validation',
      defaultText: '0.1; 0.15 with --quick',
    },
    test: {
      type: 'string',
      value: '<share>',
      description: 'share held out for the final test',
      defaultText: '0.1; 0.15 with --quick',
    },
    seed: {
      type: 'string',
      value: '<n>',
      description: 'seed of the split, the weights and the batch order',
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
      defaultText: 'runs/sentiment/<timestamp>',
    },
    resume: {
      type: 'string',
      value: '<dir>',
      description: 'continue the interrupted run in this output folder (with its config)',
    },
    quick: {
      type: 'boolean',
      description: 'a small run (well under 90 s on 2 cores), used by the test suite',
    },
  },
};

const predictSpec: CliSpec = {
  app: 'sentiment',
  usage: 'pnpm --filter @seq/app-sentiment start -- predict --run <dir> "a review" ["another"...]',
  summary: `Classifies reviews with the model and tokenizer a training run saved: prints the probability
that each review is positive and the label; for bilstm-attention, the tokens it attended to most.`,
  options: {
    run: { type: 'string', value: '<dir>', description: 'the output folder of a training run' },
    top: {
      type: 'string',
      value: '<k>',
      description: 'attended tokens to print (bilstm-attention)',
      defaultText: '5',
    },
    backend: {
      type: 'string',
      value: '<name>',
      description: 'tensorflow, wasm or cpu',
      defaultText: 'the best that loads here',
    },
  },
};

function readTrainOptions(parsed: ParsedCli): SentimentOptions {
  const quick = parsed.values.quick === true;
  const dataset = choiceOption<DatasetKind>(parsed, 'dataset', DATASET_KINDS, 'imdb');
  const data = stringOption(parsed, 'data');
  if (dataset === 'csv' && data === undefined) {
    throw new UsageError('--dataset csv needs --data <file>, a CSV with text and label columns');
  }
  const textColumn = stringOption(parsed, 'text-column');
  const labelColumn = stringOption(parsed, 'label-column');
  if (dataset === 'nsmc' && (textColumn !== undefined || labelColumn !== undefined)) {
    throw new UsageError('--text-column and --label-column apply to CSV files, not to nsmc');
  }
  const tokenizer = choiceOption<TokenizerKind>(
    parsed,
    'tokenizer',
    TOKENIZER_KINDS,
    dataset === 'nsmc' ? 'subword' : 'words',
  );
  const vocabularyDefault = quick ? 1000 : { words: 20_000, subword: 8000, chars: 2000 }[tokenizer];
  return {
    dataset,
    ...(data === undefined ? {} : { data: path.resolve(data) }),
    ...(textColumn === undefined ? {} : { textColumn }),
    ...(labelColumn === undefined ? {} : { labelColumn }),
    maxReviews: numberOption(parsed, 'max-reviews', quick ? 600 : 0, { min: 0, integer: true }),
    model: choiceOption(parsed, 'model', MODEL_KINDS, 'cnn'),
    tokenizer,
    vocabularySize: numberOption(parsed, 'vocabulary-size', vocabularyDefault, {
      min: tokenizer === 'subword' ? 261 : 3,
      max: 1_000_000,
      integer: true,
    }),
    length: numberOption(parsed, 'length', 0, { min: 0, max: 100_000, integer: true }),
    maxLength: numberOption(parsed, 'max-length', quick ? 64 : tokenizer === 'chars' ? 1000 : 400, {
      min: 1,
      max: 100_000,
      integer: true,
    }),
    embeddingDim: numberOption(parsed, 'embedding-dim', quick ? 16 : 64, {
      min: 4,
      max: 4096,
      integer: true,
    }),
    units: numberOption(parsed, 'units', quick ? 16 : 64, { min: 1, max: 4096, integer: true }),
    dropout: numberOption(parsed, 'dropout', quick ? 0 : 0.3, { min: 0, max: 0.95 }),
    batchSize: numberOption(parsed, 'batch-size', 32, { min: 1, max: 100_000, integer: true }),
    epochs: numberOption(parsed, 'epochs', quick ? 3 : 5, { min: 1, max: 10_000, integer: true }),
    learningRate: numberOption(parsed, 'learning-rate', quick ? 0.005 : 0.001, {
      min: 1e-7,
      max: 1,
    }),
    validation: numberOption(parsed, 'validation', quick ? 0.15 : 0.1, { min: 0.001, max: 0.5 }),
    test: numberOption(parsed, 'test', quick ? 0.15 : 0.1, { min: 0.001, max: 0.5 }),
    seed: numberOption(parsed, 'seed', 42, { min: 0, max: 2 ** 31 - 1, integer: true }),
  };
}

function train(argv: string[]): Promise<void> {
  return trainCommand<SentimentOptions>(argv, {
    spec: trainSpec,
    readOptions: readTrainOptions,
    positionalsHint: 'subcommands: train, predict; see --help',
    run: runSentiment,
  });
}

async function predict(argv: string[]): Promise<void> {
  const parsed = parseCli(predictSpec, argv);
  if (parsed.help) {
    console.log(helpText(predictSpec));
    return;
  }
  const run = stringOption(parsed, 'run');
  if (run === undefined)
    throw new UsageError('predict needs --run <dir>, the output folder of a training run');
  if (parsed.positionals.length === 0)
    throw new UsageError('predict needs a review to classify: predict --run <dir> "a review"');
  const top = numberOption(parsed, 'top', 5, { min: 0, max: 1000, integer: true });
  await selectBackend(stringOption(parsed, 'backend'));
  for (const line of await predictReview(run, parsed.positionals, top)) console.log(line);
}

await runMain('sentiment', async () => {
  const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
  if (argv[0] === 'predict') await predict(argv.slice(1));
  else await train(argv[0] === 'train' ? argv.slice(1) : argv);
});
