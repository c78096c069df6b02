import {
  type CliSpec,
  listOption,
  numberOption,
  parseCli,
  runMain,
  stringOption,
  trainCommand,
  UsageError,
} from '@seq/app-kit';
import { MODEL_DESCRIPTIONS, MODEL_NAMES, STRATEGIES } from './forecast-models.js';
import { type ForecastOptions, runForecast } from './run-forecast.js';

const models = Object.entries(MODEL_DESCRIPTIONS)
  .map(([name, text]) => `  ${name.padEnd(12)}${text}`)
  .join('\n');

const spec: CliSpec = {
  app: 'forecast',
  usage: 'pnpm --filter @seq/app-forecast start -- [options]',
  summary: `Forecasting a time series, as chapter 15 of Hands-On Machine Learning does it: the naive and
seasonal naive baselines, then these models, each trained on the same windows
one step ahead (and run iteratively for longer horizons), all horizon steps at once (direct), and
sequence-to-sequence (a forecast at every step; models with an output per step):
${models}
It prints MAE, MSE and MASE per model and strategy, and writes config.json, metrics.json,
results.md, the trained models (tf.io format) and plots (SVG and PNG) to the output folder.
Training checkpoints every epoch: Ctrl-C stops after the epoch is saved, --resume continues.
The data is the book's synthetic series unless --csv names a CSV file or URL.`,
  options: {
    csv: {
      type: 'string',
      value: '<file|url>',
      description: 'a CSV time series to forecast instead of the synthetic one',
    },
    data: { type: 'string', value: '<file|url>', description: 'the same as --csv' },
    column: {
      type: 'string',
      value: '<name>',
      description: 'the CSV column to forecast (needed when it has several)',
    },
    stride: {
      type: 'string',
      value: '<n>',
      description: 'rows between training windows of a CSV series',
      defaultText: '1',
    },
    series: {
      type: 'string',
      value: '<n>',
      description: 'synthetic series to generate',
      defaultText: '2000; 600 with --quick',
    },
    steps: {
      type: 'string',
      value: '<n>',
      description: 'input steps per window',
      defaultText: '50',
    },
    horizon: { type: 'string', value: '<n>', description: 'steps to forecast', defaultText: '10' },
    models: {
      type: 'string',
      value: '<list>',
      description: `comma-separated models to train`,
      defaultText: 'all',
    },
    strategies: {
      type: 'string',
      value: '<list>',
      description: `comma-separated: ${STRATEGIES.join(', ')}`,
      defaultText: 'all',
    },
    epochs: {
      type: 'string',
      value: '<n>',
      description: 'training epochs per model',
      defaultText: '10; 3 with --quick',
    },
    'batch-size': {
      type: 'string',
      value: '<n>',
      description: 'training batch size',
      defaultText: '32',
    },
    'learning-rate': {
      type: 'string',
      value: '<x>',
      description: 'Adam learning rate',
      defaultText: '0.005',
    },
    season: {
      type: 'string',
      value: '<n|auto>',
      description: 'season of the seasonal naive baseline',
      defaultText: 'auto, the lag of highest autocorrelation',
    },
    seed: {
      type: 'string',
      value: '<n>',
      description: 'seed of the data, the weights and the batch order',
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
      defaultText: 'runs/forecast/<timestamp>',
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

/** Reads the options of a new run. */
function readOptions(argv: string[]): ForecastOptions {
  const parsed = parseCli(spec, argv);
  const quick = parsed.values.quick === true;
  const csv = stringOption(parsed, 'csv') ?? stringOption(parsed, 'data');
  const column = stringOption(parsed, 'column');
  if (column !== undefined && csv === undefined) throw new UsageError('--column needs --csv');
  const seasonText = stringOption(parsed, 'season', 'auto');
  return {
    data:
      csv === undefined
        ? {
            kind: 'synthetic',
            series: numberOption(parsed, 'series', quick ? 600 : 2000, { min: 20, integer: true }),
          }
        : {
            kind: 'csv',
            file: csv,
            ...(column === undefined ? {} : { column }),
            stride: numberOption(parsed, 'stride', 1, { min: 1, integer: true }),
          },
    inputSteps: numberOption(parsed, 'steps', 50, { min: 4, max: 10_000, integer: true }),
    horizon: numberOption(parsed, 'horizon', 10, { min: 1, max: 1000, integer: true }),
    epochs: numberOption(parsed, 'epochs', quick ? 3 : 10, { min: 1, integer: true }),
    batchSize: numberOption(parsed, 'batch-size', 32, { min: 1, integer: true }),
    learningRate: numberOption(parsed, 'learning-rate', 0.005, { min: 1e-7, max: 1 }),
    seed: numberOption(parsed, 'seed', 42, { min: 0, max: 2 ** 31 - 1, integer: true }),
    models: listOption(parsed, 'models', MODEL_NAMES, MODEL_NAMES),
    strategies: listOption(parsed, 'strategies', STRATEGIES, STRATEGIES),
    season:
      seasonText === 'auto' ? 'auto' : numberOption(parsed, 'season', 0, { min: 1, integer: true }),
  };
}

await runMain('forecast', () =>
  trainCommand<ForecastOptions>(process.argv.slice(2), {
    spec,
    readOptions: () => readOptions(process.argv.slice(2)),
    check: (options) => {
      if (typeof options.season === 'number' && options.season > options.inputSteps) {
        throw new UsageError(
          `--season ${options.season} must be at most --steps (${options.inputSteps})`,
        );
      }
    },
    run: runForecast,
  }),
);
