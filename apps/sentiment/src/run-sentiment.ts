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
  readJson,
  trainResumable,
  UsageError,
  writeChart,
  writeJson,
} from '@seq/app-kit';
import { fileSystem, writeFileAtomically } from '@seq/core/node';
import * as tf from '@tensorflow/tfjs';
import { type AttendedReview, attentionPage } from './attention-page.js';
import { type ClassificationMetrics, classificationMetrics } from './classification-metrics.js';
import { type DatasetKind, loadReviews } from './load-reviews.js';
import { ReviewEncoder, type ReviewEncoderJSON, type TokenizerKind } from './review-encoder.js';
import { buildSentimentModel, type ModelKind, predictPositive } from './sentiment-models.js';
import { splitReviews } from './split-reviews.js';

/** Everything a training run depends on; saved as `config.json` and read back by `--resume`. */
export interface SentimentOptions {
  dataset: DatasetKind;
  /** A local file, or `undefined` for the shared copy (else a download). */
  data?: string;
  textColumn?: string;
  labelColumn?: string;
  /** Use only the first reviews of the file (0: all). */
  maxReviews: number;
  model: ModelKind;
  tokenizer: TokenizerKind;
  /** Most token ids, padding and unknown included. */
  vocabularySize: number;
  /** Token ids per review; 0 for the 90th percentile of the training reviews (at most `maxLength`). */
  length: number;
  maxLength: number;
  embeddingDim: number;
  units: number;
  dropout: number;
  batchSize: number;
  epochs: number;
  learningRate: number;
  /** Shares of the reviews held out for validation and for the final test. */
  validation: number;
  test: number;
  seed: number;
}

/** What `metrics.json` holds. */
export interface SentimentResults {
  source: string;
  dataset: DatasetKind;
  model: ModelKind;
  tokenizer: TokenizerKind;
  params: number;
  vocabularySize: number;
  length: number;
  reviews: { train: number; valid: number; test: number };
  /** The share of positive reviews in the training part: the majority baseline. */
  trainPositiveShare: number;
  history: EpochLogs[];
  validation: ClassificationMetrics;
  test: ClassificationMetrics;
  seconds: number;
}

/** The accuracy an epoch's logs hold (tfjs names it `acc`). */
function accuracyOf(logs: EpochLogs | undefined, prefix = ''): number {
  return logs?.[`${prefix}acc`] ?? logs?.[`${prefix}accuracy`] ?? Number.NaN;
}

/**
 * Trains a sentiment classifier with checkpoints (resuming when `out/checkpoints` has one),
 * evaluates it on the validation part and, once, on the held-out test part, and writes `model/`,
 * `tokenizer.json`, `metrics.json`, `results.md`, the plots and (attention model) `attention.html`.
 */
export async function runSentiment(
  options: SentimentOptions,
  out: string,
  interrupt?: Interrupt,
  log: (line: string) => void = console.log,
): Promise<SentimentResults> {
  const reviews = await loadReviews(options);
  const split = splitReviews(
    reviews.labels,
    { validation: options.validation, test: options.test },
    options.seed,
  );
  for (const [part, indices] of Object.entries(split)) {
    if (indices.length === 0) {
      throw new UsageError(
        `the ${part} part is empty: ${reviews.texts.length} reviews are too few for --validation ${options.validation} and --test ${options.test}`,
      );
    }
  }
  const textsOf = (indices: number[]) => indices.map((i) => reviews.texts[i] as string);
  const labelsOf = (indices: number[]) => indices.map((i) => reviews.labels[i] as number);
  const trainTexts = textsOf(split.train);
  log(
    `data: ${reviews.source}; ${split.train.length} / ${split.valid.length} / ${split.test.length} training / validation / test reviews`,
  );
  const tokenizerFile = path.join(out, 'tokenizer.json');
  const saved = await readJson<ReviewEncoderJSON>(tokenizerFile);
  const encoder = saved
    ? ReviewEncoder.fromJSON(saved)
    : await ReviewEncoder.fit(options.tokenizer, trainTexts, {
        vocabularySize: options.vocabularySize,
        length: options.length,
        maxLength: options.maxLength,
      });
  if (!saved) await writeJson(tokenizerFile, encoder.toJSON());
  const { length } = encoder;
  log(
    `tokenizer: ${options.tokenizer}, ${encoder.vocabularySize} ids; ${length} tokens per review`,
  );
  const tensors = (indices: number[]) => {
    const ids = encoder.encode(textsOf(indices));
    const labels = labelsOf(indices);
    return {
      ids,
      labels,
      x: tf.tensor2d(ids, [indices.length, length]), // [reviews, time]
      y: tf.tensor2d(labels, [indices.length, 1]), // [reviews, 1]
    };
  };
  const train = tensors(split.train);
  const valid = tensors(split.valid);
  const test = tensors(split.test);
  let model: tf.LayersModel | null = null;
  try {
    const trained = await trainResumable({
      label: options.model,
      build: () =>
        buildSentimentModel({
          kind: options.model,
          vocabularySize: encoder.vocabularySize,
          length,
          embeddingDim: options.embeddingDim,
          units: options.units,
          dropout: options.dropout,
          learningRate: options.learningRate,
          seed: options.seed,
        }),
      x: train.x,
      y: train.y,
      validation: [valid.x, valid.y],
      epochs: options.epochs,
      batchSize: options.batchSize,
      seed: options.seed,
      directory: path.join(out, 'checkpoints'),
      interrupt,
      resumeHint: `continue with --resume ${out}`,
    });
    model = trained.model;
    await model.save(fileSystem(path.join(out, 'model')));
    const validPredicted = predictPositive(model, valid.ids, length);
    const testPredicted = predictPositive(
      model,
      test.ids,
      length,
      256,
      options.model === 'bilstm-attention',
    );
    const results: SentimentResults = {
      source: reviews.source,
      dataset: options.dataset,
      model: options.model,
      tokenizer: options.tokenizer,
      params: model.countParams(),
      vocabularySize: encoder.vocabularySize,
      length,
      reviews: { train: split.train.length, valid: split.valid.length, test: split.test.length },
      trainPositiveShare: train.labels.filter((l) => l === 1).length / train.labels.length,
      history: trained.history,
      validation: classificationMetrics(valid.labels, validPredicted.probabilities),
      test: classificationMetrics(test.labels, testPredicted.probabilities),
      seconds: trained.seconds,
    };
    await writeJson(path.join(out, 'metrics.json'), results);
    let attentionNote = '';
    if (testPredicted.attention) {
      const attended: AttendedReview[] = split.test.slice(0, 8).map((index, row) => {
        const text = reviews.texts[index] as string;
        const tokens = encoder.tokens(text);
        const weights = Array.from(
          testPredicted.attention?.subarray(row * length, row * length + tokens.length) ?? [],
        );
        return {
          text,
          label: reviews.labels[index] as number,
          probability: testPredicted.probabilities[row] as number,
          tokens,
          weights,
        };
      });
      await writeFileAtomically(
        path.join(out, 'attention.html'),
        attentionPage(
          `${options.model} on ${options.dataset}: what the model attended to`,
          attended,
        ),
      );
      attentionNote = '\n\nattention.html highlights the tokens attended to in 8 test reviews.\n';
    }
    const table = resultTable(results);
    await writeFileAtomically(
      path.join(out, 'results.md'),
      `# ${options.model} on ${options.dataset}\n\n${reviews.source}; ${options.tokenizer} tokenizer (${encoder.vocabularySize} ids, ${length} per review); ${results.params} parameters; ${results.history.length} epochs.\n\n${table}\n\nConfusion matrices (rows: actual negative, positive; columns: predicted negative, positive):\n\n${confusionText('validation', results.validation)}\n${confusionText('test', results.test)}${attentionNote}`,
    );
    await writePlots(results, path.join(out, 'plots'));
    log(table);
    return results;
  } finally {
    if (model) disposeModel(model);
    tf.dispose([train.x, train.y, valid.x, valid.y, test.x, test.y]);
  }
}

function confusionText(name: string, m: ClassificationMetrics): string {
  const [[tn, fp], [fn, tp]] = m.confusion;
  return `- ${name}: [[${tn}, ${fp}], [${fn}, ${tp}]]\n`;
}

/** The validation and test metrics as a Markdown table. */
export function resultTable(results: SentimentResults): string {
  const rows = [
    { name: 'majority class (training share)', m: null },
    { name: `${results.model}: validation`, m: results.validation },
    { name: `${results.model}: test`, m: results.test },
  ];
  const baseline = Math.max(results.trainPositiveShare, 1 - results.trainPositiveShare);
  return formatTable(rows, [
    { heading: 'model', value: (r) => r.name },
    {
      heading: 'accuracy',
      value: (r) => formatNumber(r.m ? r.m.accuracy : baseline, 4),
      numeric: true,
    },
    { heading: 'F1', value: (r) => formatNumber(r.m?.f1, 4), numeric: true },
    { heading: 'precision', value: (r) => formatNumber(r.m?.precision, 4), numeric: true },
    { heading: 'recall', value: (r) => formatNumber(r.m?.recall, 4), numeric: true },
    { heading: 'loss', value: (r) => formatNumber(r.m?.loss, 4), numeric: true },
    { heading: 'reviews', value: (r) => (r.m ? String(r.m.examples) : '-'), numeric: true },
  ]);
}

async function writePlots(results: SentimentResults, folder: string): Promise<void> {
  const loss: ChartPoint[] = results.history.flatMap((logs, epoch) => [
    { x: epoch + 1, y: logs.loss ?? Number.NaN, series: 'training' },
    { x: epoch + 1, y: logs.val_loss ?? Number.NaN, series: 'validation' },
  ]);
  const accuracy: ChartPoint[] = results.history.flatMap((logs, epoch) => [
    { x: epoch + 1, y: accuracyOf(logs), series: 'training' },
    { x: epoch + 1, y: accuracyOf(logs, 'val_'), series: 'validation' },
  ]);
  const title = `${results.model} on ${results.dataset}`;
  await writeChart(
    folder,
    'loss',
    lineChart(loss, {
      title: `${title}: loss`,
      xTitle: 'epoch',
      yTitle: 'cross-entropy',
      integerX: true,
    }),
  );
  await writeChart(
    folder,
    'accuracy',
    lineChart(accuracy, {
      title: `${title}: accuracy`,
      xTitle: 'epoch',
      yTitle: 'accuracy',
      integerX: true,
    }),
  );
}

/** Reads a run folder's options, model and encoder, for `predict`. */
export async function readRun(
  folder: string,
): Promise<{ model: tf.LayersModel; options: SentimentOptions; encoder: ReviewEncoder }> {
  const options = JSON.parse(
    await fs.readFile(path.join(folder, 'config.json'), 'utf8'),
  ) as SentimentOptions;
  const encoder = ReviewEncoder.fromJSON(
    JSON.parse(await fs.readFile(path.join(folder, 'tokenizer.json'), 'utf8')) as ReviewEncoderJSON,
  );
  const model = await tf.loadLayersModel(fileSystem(path.join(folder, 'model')));
  return { model, options, encoder };
}
