import * as path from 'node:path';
import {
  type CliSpec,
  choiceOption,
  numberOption,
  parseCli,
  runMain,
  stringOption,
  trainCommand,
  UsageError,
} from '@seq/app-kit';
import { EMBEDDINGS } from './build-audio-model.js';
import { type AudioOptions, runWavenetAudio } from './run-wavenet-audio.js';
import { SOUNDS } from './synthesize-clip.js';

const spec: CliSpec = {
  app: 'wavenet-audio',
  usage: 'pnpm --filter @seq/app-wavenet-audio start -- [options]',
  summary: `WaveNet on audio, as section 15.10 of Hands-On Machine Learning describes it: trains the
full WaveNet (gated residual blocks of dilated causal convolutions, a softmax over the 256 mu-law
codes of the next sample) on a short WAV clip, or on a synthesised one (chords or a chirp), then
generates new audio from a prompt taken from the clip with fast generation (one step of every
layer per sample), and times it against naive generation (the whole model over the receptive
field for every sample). It prints the loss and accuracy against simple baselines and the speeds,
and writes config.json, metrics.json, results.md, the model (tf.io format), the WAV files (the
clip as used, after mu-law, and the generated audio) and plots (loss, spectrograms, waveforms; SVG
and PNG) to the output folder. Training checkpoints every epoch: Ctrl-C stops after the epoch is
saved, --resume continues.`,
  options: {
    data: {
      type: 'string',
      value: '<file.wav>',
      description: 'a 16-bit PCM WAV clip to train on (mixed down to mono, resampled)',
      defaultText: 'a synthesised clip',
    },
    sound: {
      type: 'string',
      value: '<name>',
      description: `the synthesised clip without --data: ${SOUNDS.join(' or ')}`,
      defaultText: 'chords',
    },
    'clip-seconds': {
      type: 'string',
      value: '<s>',
      description: 'seconds of the clip to train on (the start of a --data file)',
      defaultText: '8; 1 with --quick',
    },
    'sample-rate': {
      type: 'string',
      value: '<hz>',
      description: 'sample rate to train and generate at',
      defaultText: '8000',
    },
    seconds: {
      type: 'string',
      value: '<s>',
      description: 'seconds of audio to generate',
      defaultText: '2; 0.25 with --quick',
    },
    temperature: {
      type: 'string',
      value: '<x>',
      description: 'sampling temperature of the generation (below 1: more conservative)',
      defaultText: '1',
    },
    dilations: {
      type: 'string',
      value: '<n>',
      description: 'residual blocks per stack, with dilations 1, 2, 4, ..., 2^(n-1)',
      defaultText: '8 (a receptive field of 256 samples); 6 with --quick',
    },
    stacks: {
      type: 'string',
      value: '<n>',
      description: 'times the stack of dilations repeats',
      defaultText: '1',
    },
    channels: {
      type: 'string',
      value: '<n>',
      description: 'residual and gate channels (skip and head channels: twice as many)',
      defaultText: '32; 16 with --quick',
    },
    embedding: {
      type: 'string',
      value: '<kind>',
      description: `input embedding of the codes: ${EMBEDDINGS.join(' or ')} (fixed sines of the code, which learn faster in short runs, or learnt as in the paper)`,
      defaultText: 'fourier',
    },
    window: {
      type: 'string',
      value: '<n>',
      description: 'samples per training window (windows overlap by half)',
      defaultText: '512; 256 with --quick',
    },
    epochs: {
      type: 'string',
      value: '<n>',
      description: 'training epochs',
      defaultText: '15; 3 with --quick',
    },
    'batch-size': {
      type: 'string',
      value: '<n>',
      description: 'training batch size',
      defaultText: '8',
    },
    'learning-rate': {
      type: 'string',
      value: '<x>',
      description: 'Adam learning rate',
      defaultText: '0.005',
    },
    'naive-samples': {
      type: 'string',
      value: '<n>',
      description: 'samples generated the naive way (and the fast way) to compare their speed',
      defaultText: '200; 32 with --quick',
    },
    seed: {
      type: 'string',
      value: '<n>',
      description: 'seed of the clip, the weights, the batch order and the sampling',
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
      defaultText: 'runs/wavenet-audio/<timestamp>',
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
function readOptions(argv: string[]): AudioOptions {
  const parsed = parseCli(spec, argv);
  const quick = parsed.values.quick === true;
  const file = stringOption(parsed, 'data');
  if (file !== undefined && parsed.values.sound !== undefined) {
    throw new UsageError('--sound chooses the synthesised clip; remove it, or --data');
  }
  if (file === '') throw new UsageError('--data must name a WAV file; received ""');
  const blocks = numberOption(parsed, 'dilations', quick ? 6 : 8, {
    min: 1,
    max: 14,
    integer: true,
  });
  return {
    data:
      file === undefined
        ? { kind: 'synthetic', sound: choiceOption(parsed, 'sound', SOUNDS, 'chords') }
        : { kind: 'file', file: path.resolve(file) },
    clipSeconds: numberOption(parsed, 'clip-seconds', quick ? 1 : 8, { min: 0.05, max: 600 }),
    sampleRate: numberOption(parsed, 'sample-rate', 8000, {
      min: 1000,
      max: 48_000,
      integer: true,
    }),
    blocks,
    stacks: numberOption(parsed, 'stacks', 1, { min: 1, max: 8, integer: true }),
    channels: numberOption(parsed, 'channels', quick ? 16 : 32, {
      min: 2,
      max: 512,
      integer: true,
    }),
    embedding: choiceOption(parsed, 'embedding', EMBEDDINGS, 'fourier'),
    window: numberOption(parsed, 'window', quick ? 256 : 512, {
      min: 2,
      max: 100_000,
      integer: true,
    }),
    epochs: numberOption(parsed, 'epochs', quick ? 3 : 15, { min: 1, integer: true }),
    batchSize: numberOption(parsed, 'batch-size', 8, { min: 1, integer: true }),
    learningRate: numberOption(parsed, 'learning-rate', 0.005, { min: 1e-7, max: 1 }),
    seconds: numberOption(parsed, 'seconds', quick ? 0.25 : 2, { min: 0.001, max: 600 }),
    temperature: numberOption(parsed, 'temperature', 1, { min: 0.01, max: 100 }),
    naiveSamples: numberOption(parsed, 'naive-samples', quick ? 32 : 200, {
      min: 1,
      max: 100_000,
      integer: true,
    }),
    seed: numberOption(parsed, 'seed', 42, { min: 0, max: 2 ** 31 - 1, integer: true }),
  };
}

await runMain('wavenet-audio', () =>
  trainCommand<AudioOptions>(process.argv.slice(2), {
    spec,
    readOptions: () => readOptions(process.argv.slice(2)),
    writeConfig: false, // runWavenetAudio writes it once the clip is known to load
    run: runWavenetAudio,
  }),
);
