import * as path from 'node:path';
import {
  type CliSpec,
  choiceOption,
  numberOption,
  parseCli,
  readJson,
  runMain,
  trainCommand,
  UsageError,
} from '@seq/app-kit';
import { NABIYA } from './melody.js';
import { ENCODINGS, MODEL_DESCRIPTIONS, MODEL_NAMES, type ModelName } from './nabiya-model.js';
import { isNabiyaOptions, type NabiyaOptions } from './nabiya-options.js';
import { runNabiya } from './run-nabiya.js';

const models = Object.entries(MODEL_DESCRIPTIONS)
  .map(([name, text]) => `  ${name.padEnd(10)}${text}`)
  .join('\n');

/** Default epochs of each model, and of each with --quick. */
const EPOCHS: Record<ModelName, { full: number; quick: number }> = {
  lstm: { full: 300, quick: 30 },
  stateful: { full: 200, quick: 5 },
};

const spec: CliSpec = {
  app: 'nabiya',
  usage: 'pnpm --filter @seq/app-nabiya start -- [options]',
  summary: `'나비야' (Hänschen klein), the RNN tutorial of Kim Tae-young's Keras blog: a one-hidden-layer
LSTM learns the next note of the ${NABIYA.length}-note melody from each window of 4 notes, then plays the
song back from its first 4 notes, feeding each predicted note back in. The models:
${models}
It prints the accuracy on the training windows, the generated song under the real one and its
accuracy, and writes config.json, metrics.json, results.md, the model (tf.io format), plots (SVG
and PNG) and the generated and real songs as WAV and MIDI files to the output folder.
Training checkpoints every epoch: Ctrl-C stops after the epoch is saved, --resume continues.`,
  options: {
    model: {
      type: 'string',
      value: '<name>',
      description: `the model: ${MODEL_NAMES.join(' or ')}`,
      defaultText: 'lstm',
    },
    encoding: {
      type: 'string',
      value: '<name>',
      description: 'notes as one-hot vectors, or scaled indices (index / 13, the tutorial)',
      defaultText: 'one-hot',
    },
    units: {
      type: 'string',
      value: '<n>',
      description: 'LSTM units',
      defaultText: '128; 32 with --quick',
    },
    window: {
      type: 'string',
      value: '<n>',
      description: 'notes in each input window (and in the seed of the song)',
      defaultText: '4',
    },
    epochs: {
      type: 'string',
      value: '<n>',
      description: 'training epochs',
      defaultText: `${EPOCHS.lstm.full}, stateful ${EPOCHS.stateful.full}; ${EPOCHS.lstm.quick}, stateful ${EPOCHS.stateful.quick} with --quick`,
    },
    'batch-size': {
      type: 'string',
      value: '<n>',
      description: 'windows per batch (the stateful model takes 1)',
      defaultText: '14',
    },
    'learning-rate': {
      type: 'string',
      value: '<x>',
      description: 'Adam learning rate',
      defaultText: "0.001, Keras' default",
    },
    seed: {
      type: 'string',
      value: '<n>',
      description: 'seed of the weights and the batch order',
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
      defaultText: 'runs/nabiya/<timestamp>',
    },
    resume: {
      type: 'string',
      value: '<dir>',
      description: 'continue the interrupted run in this output folder (with its config)',
    },
    quick: {
      type: 'boolean',
      description: 'a small run (well under 2 minutes on 2 cores), used by the test suite',
    },
  },
};

/** Reads the options of a new run. */
function readOptions(argv: string[]): NabiyaOptions {
  const parsed = parseCli(spec, argv);
  const quick = parsed.values.quick === true;
  const model = choiceOption(parsed, 'model', MODEL_NAMES, 'lstm');
  if (model === 'stateful' && parsed.values['batch-size'] !== undefined) {
    throw new UsageError('--batch-size: the stateful model trains on one window at a time');
  }
  const epochs = EPOCHS[model];
  return {
    model,
    encoding: choiceOption(parsed, 'encoding', ENCODINGS, 'one-hot'),
    units: numberOption(parsed, 'units', quick ? 32 : 128, { min: 1, max: 4096, integer: true }),
    window: numberOption(parsed, 'window', 4, { min: 1, max: NABIYA.length - 2, integer: true }),
    epochs: numberOption(parsed, 'epochs', quick ? epochs.quick : epochs.full, {
      min: 1,
      integer: true,
    }),
    batchSize:
      model === 'stateful' ? 1 : numberOption(parsed, 'batch-size', 14, { min: 1, integer: true }),
    learningRate: numberOption(parsed, 'learning-rate', 0.001, { min: 1e-7, max: 1 }),
    seed: numberOption(parsed, 'seed', 42, { min: 0, max: 2 ** 31 - 1, integer: true }),
  };
}

/** The options of the run in `folder`, from its config.json. */
async function savedOptions(folder: string): Promise<NabiyaOptions> {
  const saved = await readJson<unknown>(path.join(folder, 'config.json')).catch((error) => {
    if (error instanceof SyntaxError) {
      throw new UsageError(`--resume ${folder}: its config.json is not JSON: ${error.message}`);
    }
    throw error;
  });
  if (saved === null) {
    throw new UsageError(`--resume ${folder}: no config.json there; is it a nabiya run folder?`);
  }
  if (!isNabiyaOptions(saved)) {
    throw new UsageError(`--resume ${folder}: its config.json is not the config of a nabiya run`);
  }
  return saved;
}

await runMain('nabiya', () =>
  trainCommand<NabiyaOptions>(process.argv.slice(2), {
    spec,
    readOptions: () => readOptions(process.argv.slice(2)),
    readSaved: savedOptions,
    run: runNabiya,
  }),
);
