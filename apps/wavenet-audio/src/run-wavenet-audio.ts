import * as path from 'node:path';
import {
  disposeModel,
  type EpochLogs,
  type Interrupt,
  trainResumable,
  UsageError,
  writeJson,
} from '@seq/app-kit';
import { fileSystem, writeFileAtomically } from '@seq/core/node';
import { muLawDecode, muLawEncode } from '@seq/wavenet';
import { writeWav } from '@seq/wavenet/node';
import * as tf from '@tensorflow/tfjs';
import {
  buildAudioModel,
  CLASSES,
  type EmbeddingKind,
  modelReceptiveField,
} from './build-audio-model.js';
import { type BaselineScore, codeBaselines } from './code-baselines.js';
import { codeWindows, splitCodes, windowTensors } from './code-windows.js';
import { compareGenerationSpeed, fastGenerate, type GenerationSpeed } from './generation-speed.js';
import { type ClipSource, loadClip } from './load-clip.js';
import { resultTables } from './result-tables.js';
import { writePlots } from './write-plots.js';

/** Everything a run depends on; saved as `config.json` and read back by `--resume`. */
export interface AudioOptions {
  data: ClipSource;
  /** Seconds of the clip to train on. */
  clipSeconds: number;
  /** Sample rate the clip is trained and generated at. */
  sampleRate: number;
  /** Residual blocks per stack (dilations 1, 2, ..., 2^(blocks - 1)). */
  blocks: number;
  stacks: number;
  /** Residual and gate channels (skip and head channels: twice as many). */
  channels: number;
  embedding: EmbeddingKind;
  /** Codes per training window. */
  window: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Seconds of audio to generate. */
  seconds: number;
  temperature: number;
  /** Codes generated the naive way (and the fast way) for the speed comparison. */
  naiveSamples: number;
  seed: number;
}

/** Fraction of the clip, from its end, held out for validation. */
export const VALID_FRACTION = 0.15;

/** What `metrics.json` holds. */
export interface AudioResults {
  clip: {
    source: string;
    sampleRate: number;
    samples: number;
    seconds: number;
    trainCodes: number;
    validCodes: number;
  };
  windows: { steps: number; stride: number; train: number; valid: number };
  model: {
    params: number;
    trainableParams: number;
    receptiveField: number;
    blocks: number;
    stacks: number;
    channels: number;
    embedding: EmbeddingKind;
  };
  /** Every epoch's `loss`, `acc`, `val_loss`, `val_acc` (cross-entropy in nats). */
  history: EpochLogs[];
  final: { loss: number; accuracy: number; valLoss: number; valAccuracy: number };
  /** Baselines scored on the same validation targets. */
  baselines: BaselineScore[];
  /** Seconds of training in this process (0 for a run resumed after it finished). */
  trainingSeconds: number;
  /** The epoch a resumed run continued after, or `null`. */
  resumedAfter: number | null;
  generation: {
    samples: number;
    seconds: number;
    temperature: number;
    promptSamples: number;
    /** Seconds to feed the prompt, and to generate the samples after it. */
    primeSeconds: number;
    generateSeconds: number;
    samplesPerSecond: number;
  };
  speed: GenerationSpeed;
}

/** The files a run writes, relative to its output folder. */
export const OUTPUT_FILES = {
  clip: path.join('audio', 'training-clip.wav'),
  generated: path.join('audio', 'generated.wav'),
  model: 'model',
  checkpoints: 'checkpoints',
  plots: 'plots',
} as const;

/**
 * Loads the clip and writes `out/config.json`, trains the WaveNet on the clip's mu-law codes (with checkpoints in `out/checkpoints`: a run
 * started again in the same folder resumes where it stopped), saves it to `out/model`, compares
 * fast and naive generation, generates `seconds` of audio from a prompt taken from the validation
 * part, and writes the WAV files, `metrics.json`, `results.md` and the plots.
 */
export async function runWavenetAudio(
  options: AudioOptions,
  out: string,
  interrupt?: Interrupt,
  log: (line: string) => void = console.log,
): Promise<AudioResults> {
  const clip = await loadClip(options.data, {
    seconds: options.clipSeconds,
    sampleRate: options.sampleRate,
    seed: options.seed,
  });
  // Written once the data is known to be usable (again, unchanged, by a resumed run).
  await writeJson(path.join(out, 'config.json'), options);
  const { sampleRate } = clip;
  const codes = muLawEncode(clip.samples);
  const window = options.window;
  const split = splitCodes(codes, VALID_FRACTION, window + 1, window + 1);
  if (split === null) {
    throw new UsageError(
      `the clip has ${codes.length} samples, too few for training and validation windows of ` +
        `--window ${window} (${2 * (window + 1)} at least): use a longer clip or a shorter --window`,
    );
  }
  const used = muLawDecode(codes); // the clip as the model hears it
  await writeWav(path.join(out, OUTPUT_FILES.clip), used, sampleRate);
  const stride = Math.max(1, Math.floor(window / 2));
  const train = codeWindows(split.train, window, stride);
  const valid = codeWindows(split.valid, window, window);
  const rf = modelReceptiveField(options);
  log(
    `clip: ${clip.source}; ${split.train.length} codes for training (${train.count} windows of ` +
      `${window}, every ${stride}), ${split.valid.length} for validation (${valid.count} windows); ` +
      `receptive field ${rf} samples (${((1000 * rf) / sampleRate).toFixed(0)} ms)`,
  );
  const baselines = codeBaselines(train, valid, CLASSES);

  const trainSet = windowTensors(train);
  const validSet = windowTensors(valid);
  let model: tf.LayersModel | null = null;
  try {
    const trained = await trainResumable({
      label: 'wavenet',
      build: () =>
        buildAudioModel({
          blocks: options.blocks,
          stacks: options.stacks,
          channels: options.channels,
          embedding: options.embedding,
          learningRate: options.learningRate,
          seed: options.seed,
        }),
      x: trainSet.x,
      y: trainSet.y,
      validation: [validSet.x, validSet.y],
      epochs: options.epochs,
      batchSize: options.batchSize,
      seed: options.seed,
      directory: path.join(out, OUTPUT_FILES.checkpoints),
      interrupt,
      resumeHint: `continue with --resume ${out}`,
    });
    model = trained.model;
    await model.save(fileSystem(path.join(out, OUTPUT_FILES.model)));

    // A prompt the model never trained on: the start of the validation part.
    const prompt = split.valid.subarray(0, Math.min(rf, split.valid.length - 1));
    log(`generation speed: ${options.naiveSamples} samples the naive way and the fast way, greedy`);
    const speed = compareGenerationSpeed(model, prompt, options.naiveSamples, rf);
    const length = Math.max(1, Math.round(options.seconds * sampleRate));
    log(
      `generating ${length} samples (${options.seconds} s) at temperature ${options.temperature}`,
    );
    const generated = fastGenerate(model, {
      prompt,
      length,
      temperature: options.temperature,
      seed: `${options.seed}/generate`,
    });
    const audio = muLawDecode(generated.codes);
    await writeWav(path.join(out, OUTPUT_FILES.generated), audio, sampleRate);

    const last = trained.history.at(-1) ?? {};
    const results: AudioResults = {
      clip: {
        source: clip.source,
        sampleRate,
        samples: codes.length,
        seconds: codes.length / sampleRate,
        trainCodes: split.train.length,
        validCodes: split.valid.length,
      },
      windows: { steps: window, stride, train: train.count, valid: valid.count },
      model: {
        params: model.countParams(),
        trainableParams: model.trainableWeights.reduce((sum, w) => sum + w.read().size, 0),
        receptiveField: rf,
        blocks: options.blocks,
        stacks: options.stacks,
        channels: options.channels,
        embedding: options.embedding,
      },
      history: trained.history,
      final: {
        loss: last.loss ?? Number.NaN,
        accuracy: last.acc ?? Number.NaN,
        valLoss: last.val_loss ?? Number.NaN,
        valAccuracy: last.val_acc ?? Number.NaN,
      },
      baselines,
      trainingSeconds: trained.seconds,
      resumedAfter: trained.resumedAfter,
      generation: {
        samples: length,
        seconds: length / sampleRate,
        temperature: options.temperature,
        promptSamples: prompt.length,
        primeSeconds: generated.primeSeconds,
        generateSeconds: generated.seconds,
        samplesPerSecond: length / Math.max(generated.seconds, 1e-9),
      },
      speed,
    };
    await writeJson(path.join(out, 'metrics.json'), results);
    const tables = resultTables(results);
    await writeFileAtomically(path.join(out, 'results.md'), `${tables}\n`);
    await writePlots(path.join(out, OUTPUT_FILES.plots), {
      results,
      clip: used,
      generated: audio,
      prompt: muLawDecode(prompt),
      continuation: muLawDecode(split.valid.subarray(prompt.length)),
    });
    log(tables);
    return results;
  } finally {
    if (model) disposeModel(model);
    tf.dispose([trainSet.x, trainSet.y, validSet.x, validSet.y]);
  }
}
