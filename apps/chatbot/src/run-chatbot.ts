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
import { BytePairTokenizer } from '@seq/data';
import * as tf from '@tensorflow/tfjs';
import { type ChatbotPair, loadPairs, splitPairs } from './chat-pairs.js';
import { buildChatbotModel, logitsModel } from './chatbot-model.js';
import { type EncodedPairs, encodePairs } from './encode-pairs.js';
import { GREEDY, generateReplies } from './generate-reply.js';
import { heldOutPerplexity } from './held-out-perplexity.js';
import { perTokenLoss } from './per-token-loss.js';
// Registers the masked-probabilities layer before a checkpoint or a saved model is loaded.
import './masked-probabilities.js';

/** Everything a training run depends on; saved as `config.json` and read back by `--resume`. */
export interface ChatbotOptions {
  /** A local ChatbotData CSV, or `undefined` for the shared copy (or the download). */
  data?: string;
  /** Use only the first pairs of the file (0: all). */
  maxPairs: number;
  /** Token ids of the subword tokenizer (special and byte tokens included). */
  vocabularySize: number;
  /** Ids per question and per answer. */
  length: number;
  embeddingDim: number;
  numHeads: number;
  intermediateDim: number;
  numLayers: number;
  batchSize: number;
  epochs: number;
  learningRate: number;
  /** Beam width of the replies in `results.md` (1: greedy). */
  beam: number;
  seed: number;
}

/** One held-out question, its reference answer and the model's reply. */
export interface ReplyExample {
  question: string;
  reference: string;
  reply: string;
}

/** What `metrics.json` holds. */
export interface ChatbotResults {
  source: string;
  pairs: { train: number; valid: number; test: number };
  /** Pairs whose question or answer was cut to `length` ids. */
  truncated: number;
  vocabularySize: number;
  params: number;
  /** Every epoch's logs, as tfjs reports them (mean over all positions, padding costing 0). */
  history: EpochLogs[];
  /** Per epoch, training and validation cross-entropy per real answer token (nats). */
  tokenLoss: Array<{ loss: number; val_loss: number }>;
  /** Cross-entropy per answer token of the final model on the validation and test pairs (nats). */
  validLoss: number;
  testLoss: number;
  validPerplexity: number;
  testPerplexity: number;
  /** Perplexity of a model that knows only how often each answer token occurs (training counts). */
  unigramPerplexity: number;
  seconds: number;
  /** Replies to ten held-out test questions. */
  examples: ReplyExample[];
}

/**
 * Trains the Korean chatbot with checkpoints (resuming when `out/checkpoints` has one): a subword
 * tokenizer on the training pairs, a seq2seq Transformer with teacher forcing and a masked loss;
 * then perplexity on held-out pairs and replies to ten test questions. Writes `model/`,
 * `tokenizer.json`, `metrics.json`, `results.md` and the loss plot to `out`.
 */
export async function runChatbot(
  options: ChatbotOptions,
  out: string,
  interrupt?: Interrupt,
  log: (line: string) => void = console.log,
): Promise<ChatbotResults> {
  const data = await loadPairs(options.data);
  const all = options.maxPairs > 0 ? data.pairs.slice(0, options.maxPairs) : data.pairs;
  if (all.length < 3) {
    throw new UsageError(`${data.source} has ${all.length} pairs; the splits need at least 3`);
  }
  const split = splitPairs(all, options.seed);
  log(
    `data: ${data.source}; ${split.train.length} / ${split.valid.length} / ${split.test.length} training / validation / test pairs`,
  );
  const tokenizer = await loadOrTrainTokenizer(split.train, options, out);
  const train = encodePairs(split.train, tokenizer, options.length);
  const valid = encodePairs(split.valid, tokenizer, options.length);
  const test = encodePairs(split.test, tokenizer, options.length);
  const truncated = train.truncated + valid.truncated + test.truncated;
  log(
    `tokenizer: ${tokenizer.vocabularySize} subword ids; ${truncated} pairs cut to ${options.length} ids`,
  );
  const x = toInputs(train);
  const y = toLabels(train);
  const validX = toInputs(valid);
  const validY = toLabels(valid);
  let model: tf.LayersModel | null = null;
  try {
    const trained = await trainResumable({
      label: 'chatbot',
      build: () =>
        buildChatbotModel({
          vocabularySize: tokenizer.vocabularySize,
          length: options.length,
          embeddingDim: options.embeddingDim,
          numHeads: options.numHeads,
          intermediateDim: options.intermediateDim,
          numLayers: options.numLayers,
          learningRate: options.learningRate,
          seed: options.seed,
        }),
      x,
      y,
      validation: [validX, validY],
      epochs: options.epochs,
      batchSize: options.batchSize,
      seed: options.seed,
      directory: path.join(out, 'checkpoints'),
      interrupt,
      resumeHint: `continue with --resume ${out}`,
    });
    model = trained.model;
    await model.save(fileSystem(path.join(out, 'model')));
    const logits = logitsModel(model);
    const validScore = heldOutPerplexity(logits, valid, 256);
    const testScore = heldOutPerplexity(logits, test, 256);
    const picked = split.test.slice(0, 10);
    const replies = await generateReplies(
      model,
      tokenizer,
      picked.map((p) => p.question),
      options.length,
      { ...GREEDY, beam: options.beam, seed: options.seed },
    );
    const results: ChatbotResults = {
      source: data.source,
      pairs: { train: split.train.length, valid: split.valid.length, test: split.test.length },
      truncated,
      vocabularySize: tokenizer.vocabularySize,
      params: model.countParams(),
      history: trained.history,
      tokenLoss: trained.history.map((logs) => ({
        loss: perTokenLoss(logs.loss ?? Number.NaN, train, tokenizer.vocabularySize),
        val_loss: perTokenLoss(logs.val_loss ?? Number.NaN, valid, tokenizer.vocabularySize),
      })),
      validLoss: validScore.loss,
      testLoss: testScore.loss,
      validPerplexity: validScore.perplexity,
      testPerplexity: testScore.perplexity,
      unigramPerplexity: unigramPerplexity(train, test),
      seconds: trained.seconds,
      examples: picked.map((p, i) => ({
        question: p.question,
        reference: p.answer,
        reply: replies[i] ?? '',
      })),
    };
    await writeJson(path.join(out, 'metrics.json'), results);
    const table = resultTable(results);
    const examples = exampleTable(results.examples);
    const decoding = options.beam > 1 ? `beam search, width ${options.beam}` : 'greedy decoding';
    await writeFileAtomically(
      path.join(out, 'results.md'),
      `# Chatbot results\n\n${table}\n\nReplies to ten held-out questions (${decoding}):\n\n${examples}\n`,
    );
    await writePlot(results, path.join(out, 'plots'));
    log(table);
    log(`\nreplies to ten held-out questions (${decoding}):\n${examples}`);
    return results;
  } finally {
    if (model) disposeModel(model);
    tf.dispose([...x, y, ...validX, validY]);
  }
}

/**
 * The run's tokenizer: `out/tokenizer.json` when a resumed run already saved one, else a
 * `BytePairTokenizer` trained on the training questions and answers (deterministic), saved there.
 */
async function loadOrTrainTokenizer(
  train: readonly ChatbotPair[],
  options: ChatbotOptions,
  out: string,
): Promise<BytePairTokenizer> {
  const file = path.join(out, 'tokenizer.json');
  const saved = await fs.readFile(file, 'utf8').catch(() => null);
  if (saved !== null) return BytePairTokenizer.fromJSON(JSON.parse(saved));
  const tokenizer = BytePairTokenizer.train(
    train.flatMap((p) => [p.question, p.answer]),
    { vocabularySize: options.vocabularySize },
  );
  await writeJson(file, tokenizer.toJSON());
  return tokenizer;
}

/** `[source, decoderInput]` as float32 `[pairs, length]` tensors (the model's inputs). */
function toInputs(pairs: EncodedPairs): tf.Tensor[] {
  return [pairs.source, pairs.decoderInput].map((rows) => {
    const length = rows[0]?.length ?? 0;
    return tf.tensor2d(
      rows.map((r) => Array.from(r)),
      [rows.length, length],
      'float32',
    ); // [pairs, length]
  });
}

/** The labels as float32 `[pairs, length, 1]`, as tfjs' sparse cross-entropy wants them. */
function toLabels(pairs: EncodedPairs): tf.Tensor {
  const length = pairs.labels[0]?.length ?? 0;
  return tf.tensor3d(
    pairs.labels.map((r) => Array.from(r, (id) => [id])),
    [pairs.labels.length, length, 1],
    'float32',
  ); // [pairs, length, 1]
}

/**
 * Perplexity on the test answers of the training answers' token frequencies (add-one smoothed):
 * the baseline a model that ignores the question and the context must beat.
 */
export function unigramPerplexity(train: EncodedPairs, test: EncodedPairs): number {
  const counts = new Map<number, number>();
  let total = 0;
  const real = (pairs: EncodedPairs, visit: (id: number) => void) => {
    pairs.labels.forEach((row, r) => {
      row.forEach((id, t) => {
        if ((pairs.decoderInput[r] as Int32Array)[t] !== 0) visit(id);
      });
    });
  };
  real(train, (id) => {
    counts.set(id, (counts.get(id) ?? 0) + 1);
    total++;
  });
  const kinds = counts.size + 1;
  let nll = 0;
  let n = 0;
  real(test, (id) => {
    nll -= Math.log(((counts.get(id) ?? 0) + 1) / (total + kinds));
    n++;
  });
  return Math.exp(nll / n);
}

/** The losses and perplexities as a Markdown table. */
export function resultTable(results: ChatbotResults): string {
  const rows = [
    { name: 'unigram (answer token frequencies): test', loss: NaN, ppl: results.unigramPerplexity },
    { name: 'transformer: validation', loss: results.validLoss, ppl: results.validPerplexity },
    { name: 'transformer: test', loss: results.testLoss, ppl: results.testPerplexity },
  ];
  return formatTable(rows, [
    { heading: 'model', value: (r) => r.name },
    {
      heading: 'loss per token (nats)',
      value: (r) => (Number.isFinite(r.loss) ? formatNumber(r.loss, 4) : '-'),
      numeric: true,
    },
    { heading: 'perplexity', value: (r) => formatNumber(r.ppl, 4), numeric: true },
  ]);
}

/** The examples as a Markdown table (pipes in the text escaped). */
export function exampleTable(examples: readonly ReplyExample[]): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  return formatTable(
    [...examples],
    [
      { heading: 'question', value: (e) => cell(e.question) },
      { heading: 'reference answer', value: (e) => cell(e.reference) },
      { heading: 'reply', value: (e) => cell(e.reply) },
    ],
  );
}

async function writePlot(results: ChatbotResults, folder: string): Promise<void> {
  const points: ChartPoint[] = results.tokenLoss.flatMap((logs, epoch) => [
    { x: epoch + 1, y: logs.loss, series: 'training' },
    { x: epoch + 1, y: logs.val_loss, series: 'validation' },
  ]);
  await writeChart(
    folder,
    'loss',
    lineChart(points, {
      title: 'chatbot Transformer: cross-entropy per answer token',
      xTitle: 'epoch',
      yTitle: 'nats per token',
      integerX: true,
    }),
  );
}

/** Reads a run folder's options, model and tokenizer, for `chat` and `reply`. */
export async function readRun(
  folder: string,
): Promise<{ model: tf.LayersModel; options: ChatbotOptions; tokenizer: BytePairTokenizer }> {
  const options = JSON.parse(
    await fs.readFile(path.join(folder, 'config.json'), 'utf8'),
  ) as ChatbotOptions;
  const tokenizer = BytePairTokenizer.fromJSON(
    JSON.parse(await fs.readFile(path.join(folder, 'tokenizer.json'), 'utf8')),
  );
  const model = await tf.loadLayersModel(fileSystem(path.join(folder, 'model')));
  return { model, options, tokenizer };
}
