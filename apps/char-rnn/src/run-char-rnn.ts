import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  type ChartPoint,
  disposeModel,
  type EpochLogs,
  formatNumber,
  formatTable,
  type Interrupt,
  lineChart,
  trainResumable,
  UsageError,
  writeChart,
  writeJson,
} from '@seq/app-kit';
import { fileSystem, writeFileAtomically } from '@seq/core/node';
import * as tf from '@tensorflow/tfjs';
import { loadCorpus, statefulWindows, type Windows, windows } from './char-data.js';
import { buildCharModel, isStateful, type ModelKind } from './char-models.js';
import { generateText } from './generate-text.js';

/** Everything a training run depends on; saved as `config.json` and read back by `--resume`. */
export interface CharRnnOptions {
  /** A local text file, or `undefined` for Tiny Shakespeare (downloaded once). */
  data?: string;
  /** Use only the first characters of the text (0: all). */
  maxChars: number;
  model: ModelKind;
  units: number;
  /** Steps per training window. */
  length: number;
  /** Ids between training windows of a stateless model. */
  stride: number;
  batchSize: number;
  epochs: number;
  learningRate: number;
  seed: number;
  /** Characters of the sample generated at the end. */
  sampleLength: number;
  temperature: number;
}

/** What `metrics.json` holds. */
export interface CharRnnResults {
  source: string;
  model: ModelKind;
  params: number;
  /** Distinct token ids (with the 4 special ones). */
  vocabularySize: number;
  windows: { train: number; valid: number; test: number };
  history: EpochLogs[];
  /** Bits per character on the validation and test text (cross-entropy / ln 2). */
  validBitsPerChar: number;
  testBitsPerChar: number;
  /** The entropy of the training text's character frequencies: a model that ignores context. */
  unigramBitsPerChar: number;
  seconds: number;
  prompt: string;
  sample: string;
}

const LN2 = Math.log(2);

/**
 * Trains a character language model with checkpoints (resuming when `out/checkpoints` has one),
 * evaluates bits per character on the test text, generates a sample, and writes `model/`,
 * `tokenizer.json`, `metrics.json`, `results.md`, `sample.txt` and the loss plot to `out`.
 */
export async function runCharRnn(
  options: CharRnnOptions,
  out: string,
  interrupt?: Interrupt,
  log: (line: string) => void = console.log,
): Promise<CharRnnResults> {
  const corpus = await loadCorpus(options.data, options.maxChars);
  const { tokenizer } = corpus;
  const stateful = isStateful(options.model);
  const { length, batchSize } = options;
  log(
    `data: ${corpus.source}; ${corpus.train.length} / ${corpus.valid.length} / ${corpus.test.length} training / validation / test characters`,
  );
  const cut = async (ids: Int32Array, stride: number): Promise<Windows> => {
    const needed = stateful ? batchSize * (length + 1) : length + 1;
    if (ids.length < needed) {
      throw new UsageError(
        `the text is too short: a 5% part has ${ids.length} characters where one ${stateful ? `batch of ${batchSize} streams` : 'window'} needs ${needed}; use more text, a shorter --length or a smaller --batch-size`,
      );
    }
    return stateful ? statefulWindows(ids, length, batchSize) : windows(ids, length, stride);
  };
  const train = await cut(corpus.train, options.stride);
  const valid = await cut(corpus.valid, length);
  const test = await cut(corpus.test, length);
  let model: tf.LayersModel | null = null;
  try {
    const trained = await trainResumable({
      label: options.model,
      build: () =>
        buildCharModel({
          kind: options.model,
          vocabularySize: tokenizer.vocabularySize,
          units: options.units,
          length,
          batchSize,
          learningRate: options.learningRate,
          seed: options.seed,
        }),
      x: train.x,
      y: train.y,
      validation: [valid.x, valid.y],
      epochs: options.epochs,
      batchSize,
      seed: options.seed,
      shuffle: !stateful,
      directory: path.join(out, 'checkpoints'),
      interrupt,
      resumeHint: `continue with --resume ${out}`,
      onEpochBegin: stateful ? (m) => m.resetStates() : undefined,
    });
    model = trained.model;
    await model.save(fileSystem(path.join(out, 'model')));
    await writeJson(path.join(out, 'tokenizer.json'), tokenizer.toJSON());
    if (stateful) model.resetStates();
    const testLoss = evaluate(model, test, batchSize);
    const history = trained.history;
    const prompt = corpus.testText.slice(0, 40);
    const sample = await generateText(model, options.model, tokenizer, prompt, {
      length: options.sampleLength,
      temperature: options.temperature,
      topK: 0,
      topP: 1,
      beam: 1,
      seed: options.seed,
    });
    const results: CharRnnResults = {
      source: corpus.source,
      model: options.model,
      params: model.countParams(),
      vocabularySize: tokenizer.vocabularySize,
      windows: { train: train.x.shape[0], valid: valid.x.shape[0], test: test.x.shape[0] },
      history,
      validBitsPerChar: (history.at(-1)?.val_loss ?? Number.NaN) / LN2,
      testBitsPerChar: testLoss / LN2,
      unigramBitsPerChar: unigramEntropy(corpus.train),
      seconds: trained.seconds,
      prompt,
      sample,
    };
    await writeJson(path.join(out, 'metrics.json'), results);
    await writeFileAtomically(path.join(out, 'sample.txt'), `${prompt}${sample}\n`);
    const table = resultTable(results);
    await writeFileAtomically(
      path.join(out, 'results.md'),
      `${table}\n\nSample (temperature ${options.temperature}):\n\n${prompt}${sample}\n`,
    );
    await writePlot(results, path.join(out, 'plots'));
    log(table);
    log(`\nsample (temperature ${options.temperature}):\n${prompt}${sample}`);
    return results;
  } finally {
    if (model) disposeModel(model);
    tf.dispose([train.x, train.y, valid.x, valid.y, test.x, test.y]);
  }
}

/** Mean cross-entropy (nats per character) of a model on windows. */
function evaluate(model: tf.LayersModel, data: Windows, batchSize: number): number {
  const loss = model.evaluate(data.x, data.y, { batchSize }) as tf.Scalar;
  const value = loss.dataSync()[0] as number;
  loss.dispose();
  return value;
}

/** Entropy in bits of the character frequencies of `ids`. */
export function unigramEntropy(ids: Int32Array): number {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / ids.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** The results as a Markdown table. */
export function resultTable(results: CharRnnResults): string {
  const rows = [
    { name: 'unigram (character frequencies)', bpc: results.unigramBitsPerChar, params: '-' },
    {
      name: `${results.model}: validation`,
      bpc: results.validBitsPerChar,
      params: String(results.params),
    },
    {
      name: `${results.model}: test`,
      bpc: results.testBitsPerChar,
      params: String(results.params),
    },
  ];
  return formatTable(rows, [
    { heading: 'model', value: (r) => r.name },
    { heading: 'bits per character', value: (r) => formatNumber(r.bpc, 4), numeric: true },
    { heading: 'params', value: (r) => r.params, numeric: true },
  ]);
}

async function writePlot(results: CharRnnResults, folder: string): Promise<void> {
  const points: ChartPoint[] = results.history.flatMap((logs, epoch) => [
    { x: epoch + 1, y: (logs.loss ?? Number.NaN) / LN2, series: 'training' },
    { x: epoch + 1, y: (logs.val_loss ?? Number.NaN) / LN2, series: 'validation' },
  ]);
  await writeChart(
    folder,
    'loss',
    lineChart(points, {
      title: `${results.model}: bits per character`,
      xTitle: 'epoch',
      yTitle: 'bits per character',
      integerX: true,
    }),
  );
}

/** Reads a run folder's model and tokenizer, for `generate`. */
export async function readRun(
  folder: string,
): Promise<{ model: tf.LayersModel; options: CharRnnOptions; tokenizerJson: unknown }> {
  const options = JSON.parse(
    await fs.readFile(path.join(folder, 'config.json'), 'utf8'),
  ) as CharRnnOptions;
  const tokenizerJson = JSON.parse(await fs.readFile(path.join(folder, 'tokenizer.json'), 'utf8'));
  const model = await tf.loadLayersModel(fileSystem(path.join(folder, 'model')));
  return { model, options, tokenizerJson };
}
