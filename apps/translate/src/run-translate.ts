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
  writeChart,
  writeJson,
} from '@seq/app-kit';
import { fileSystem, writeFileAtomically } from '@seq/core/node';
import { type Tokenizer, tokenizerFromJSON } from '@seq/data';
import * as tf from '@tensorflow/tfjs';
import { heatmapChart } from './heatmap-chart.js';
import { type DatasetName, loadPairs } from './load-pairs.js';
import { scoreTranslations } from './score-translations.js';
import {
  encodePairs,
  encodeSources,
  fitTokenizer,
  lengthFor,
  type Pair,
  splitPairs,
} from './translation-data.js';
import {
  buildTranslator,
  compileTranslator,
  MODEL_DESCRIPTIONS,
  type ModelKind,
  type ModelSettings,
  sequenceLengths,
} from './translation-models.js';
import { alignments, translateIds } from './translator.js';

/** Everything a training run depends on; saved as `config.json` and read back by `--resume`. */
export interface TranslateOptions {
  dataset: DatasetName;
  /** A local fra-eng file (dates are generated). */
  data?: string;
  /** Dates to generate, or sentence pairs to read (0: all). */
  pairs: number;
  model: ModelKind;
  embeddingDim: number;
  units: number;
  /** Largest word vocabulary (fra-eng). */
  maxTokens: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** The beam width compared with greedy search. */
  beam: number;
  /** Test pairs translated for BLEU and exact match (0: all). */
  evalPairs: number;
  seed: number;
}

/** Scores of one search on the test pairs. */
export interface SearchScores {
  beam: number;
  /** Corpus BLEU (0-1) over words, as NLTK's corpus_bleu. */
  bleu: number;
  /** The share of translations equal to the reference. */
  exactMatch: number;
  /** Seconds to translate the test pairs. */
  seconds: number;
}

/** What `metrics.json` holds. */
export interface TranslateResults {
  source: string;
  model: ModelKind;
  params: number;
  vocabularySize: number;
  pairs: { train: number; validation: number; test: number; evaluated: number };
  lengths: { source: number; target: number };
  history: EpochLogs[];
  seconds: number;
  searches: SearchScores[];
  examples: { source: string; reference: string; greedy: string; beam: string }[];
}

/** What a saved run needs to translate: the model, its tokenizer and the lengths it reads. */
export interface SavedRun {
  model: tf.LayersModel;
  tokenizer: Tokenizer;
  options: TranslateOptions;
  lengths: { source: number; target: number };
}

/** Reads a run folder's model, tokenizer and settings, for `translate`. */
export async function readRun(folder: string): Promise<SavedRun> {
  const read = async (name: string) =>
    JSON.parse(await fs.readFile(path.join(folder, name), 'utf8'));
  const options = (await read('config.json')) as TranslateOptions;
  const tokenizer = tokenizerFromJSON(await read('tokenizer.json'));
  const { lengths } = (await read('metrics.json')) as TranslateResults;
  const model = await tf.loadLayersModel(fileSystem(path.join(folder, 'model')));
  return { model, tokenizer, options, lengths };
}

/** Translates texts in batches with a saved or trained model: each row's generated ids. */
export async function translateToIds(
  run: Omit<SavedRun, 'options'> & { kind: ModelKind },
  texts: readonly string[],
  beam: number,
  batchSize = 64,
): Promise<number[][]> {
  const { tokenizer, lengths, model, kind } = run;
  const out: number[][] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    const source = encodeSources(tokenizer, texts.slice(start, start + batchSize), lengths.source);
    try {
      out.push(
        ...(await translateIds(kind, model, source, {
          beam,
          maxLength: lengths.target,
          startId: tokenizer.startId as number,
          endId: tokenizer.endId as number,
        })),
      );
    } finally {
      source.dispose();
    }
  }
  return out;
}

/** Translates texts in batches with a saved or trained model. */
export async function translateTexts(
  run: Omit<SavedRun, 'options'> & { kind: ModelKind },
  texts: readonly string[],
  beam: number,
): Promise<string[]> {
  return (await translateToIds(run, texts, beam)).map((ids) => run.tokenizer.decode(ids));
}

/**
 * Trains a translation model with checkpoints (resuming when `out/checkpoints` has one), then
 * translates the test pairs with greedy search and with beam search, scores BLEU and exact
 * match, draws attention heatmaps (attention models) and writes `model/`, `tokenizer.json`,
 * `metrics.json`, `results.md` and the plots to `out`.
 */
export async function runTranslate(
  options: TranslateOptions,
  out: string,
  interrupt?: Interrupt,
  log: (line: string) => void = console.log,
): Promise<TranslateResults> {
  const { pairs, source } = await loadPairs(
    options.dataset,
    options.pairs,
    options.seed,
    options.data,
  );
  const split = splitPairs(pairs, { validation: 0.05, test: 0.05, seed: options.seed });
  const level = options.dataset === 'dates' ? 'chars' : 'words';
  const tokenizer = fitTokenizer(split.train, level, options.maxTokens);
  const settings: ModelSettings = {
    vocabularySize: tokenizer.vocabularySize,
    sourceLength: lengthFor(
      tokenizer,
      split.train.map((p) => p.source),
    ),
    targetLength: lengthFor(
      tokenizer,
      split.train.map((p) => p.target),
    ),
    embeddingDim: options.embeddingDim,
    units: options.units,
    learningRate: options.learningRate,
    seed: options.seed,
  };
  const lengths = sequenceLengths(options.model, settings);
  log(
    `data: ${source}; ${split.train.length} / ${split.validation.length} / ${split.test.length} training / validation / test pairs; ${tokenizer.vocabularySize} tokens; lengths ${lengths.source} -> ${lengths.target}`,
  );
  const train = encodePairs(tokenizer, split.train, lengths.source, lengths.target);
  const validation = encodePairs(tokenizer, split.validation, lengths.source, lengths.target);
  let model: tf.LayersModel | null = null;
  try {
    const trained = await trainResumable({
      label: options.model,
      build: () => buildTranslator(options.model, settings),
      recompile: (m) => compileTranslator(m, m.optimizer),
      useDataset: true,
      x: [train.source, train.targetIn],
      y: train.targetOut,
      validation: [[validation.source, validation.targetIn], validation.targetOut],
      epochs: options.epochs,
      batchSize: options.batchSize,
      seed: options.seed,
      directory: path.join(out, 'checkpoints'),
      interrupt,
      resumeHint: `continue with --resume ${out}`,
    });
    model = trained.model;
    await model.save(fileSystem(path.join(out, 'model')));
    await writeJson(path.join(out, 'tokenizer.json'), tokenizer.toJSON());

    const test = options.evalPairs > 0 ? split.test.slice(0, options.evalPairs) : split.test;
    const run = { model, tokenizer, lengths, kind: options.model };
    const searches: SearchScores[] = [];
    const translations: string[][] = [];
    for (const beam of [...new Set([1, options.beam])]) {
      const started = Date.now();
      const ids = await translateToIds(
        run,
        test.map((p) => p.source),
        beam,
      );
      translations.push(ids.map((row) => tokenizer.decode(row)));
      searches.push({
        beam,
        ...scoreTranslations(
          tokenizer,
          ids,
          test.map((p) => p.target),
        ),
        seconds: (Date.now() - started) / 1000,
      });
    }
    const results: TranslateResults = {
      source,
      model: options.model,
      params: model.countParams(),
      vocabularySize: tokenizer.vocabularySize,
      pairs: {
        train: split.train.length,
        validation: split.validation.length,
        test: split.test.length,
        evaluated: test.length,
      },
      lengths,
      history: trained.history,
      seconds: trained.seconds,
      searches,
      examples: test.slice(0, 10).map((p, i) => ({
        source: p.source,
        reference: p.target,
        greedy: translations[0]?.[i] ?? '',
        beam: translations.at(-1)?.[i] ?? '',
      })),
    };
    await writeJson(path.join(out, 'metrics.json'), results);
    const report = resultReport(results);
    await writeFileAtomically(path.join(out, 'results.md'), `${report}\n`);
    await writePlots(results, path.join(out, 'plots'));
    if (options.model === 'bahdanau' || options.model === 'luong')
      await writeHeatmaps(run, test.slice(0, 3), path.join(out, 'plots'));
    log(report);
    return results;
  } finally {
    if (model) disposeModel(model);
    tf.dispose([
      train.source,
      train.targetIn,
      train.targetOut,
      validation.source,
      validation.targetIn,
      validation.targetOut,
    ]);
  }
}

/** The results as Markdown: the scores table and ten test translations. */
export function resultReport(results: TranslateResults): string {
  const scores = formatTable(results.searches, [
    { heading: 'model', value: () => results.model },
    { heading: 'search', value: (s) => (s.beam === 1 ? 'greedy' : `beam ${s.beam}`) },
    { heading: 'BLEU', value: (s) => formatNumber(100 * s.bleu, 3), numeric: true },
    {
      heading: 'exact match',
      value: (s) => `${formatNumber(100 * s.exactMatch, 3)}%`,
      numeric: true,
    },
    { heading: 'seconds', value: (s) => formatNumber(s.seconds, 3), numeric: true },
  ]);
  const beam = results.searches.at(-1)?.beam ?? 1;
  const examples = formatTable(results.examples, [
    { heading: 'source', value: (e) => e.source },
    { heading: 'reference', value: (e) => e.reference },
    { heading: 'greedy', value: (e) => e.greedy },
    { heading: beam === 1 ? 'greedy' : `beam ${beam}`, value: (e) => e.beam },
  ]);
  return `${MODEL_DESCRIPTIONS[results.model]}; ${results.params} parameters; test pairs: ${results.pairs.evaluated}.\n\n${scores}\n\n${examples}`;
}

async function writePlots(results: TranslateResults, folder: string): Promise<void> {
  const points: ChartPoint[] = results.history.flatMap((logs, epoch) => [
    { x: epoch + 1, y: logs.loss ?? Number.NaN, series: 'training' },
    { x: epoch + 1, y: logs.val_loss ?? Number.NaN, series: 'validation' },
  ]);
  await writeChart(
    folder,
    'loss',
    lineChart(points, {
      title: `${results.model}: masked cross-entropy`,
      xTitle: 'epoch',
      yTitle: 'loss (nats per token)',
      integerX: true,
    }),
  );
}

/** Heatmaps of where the decoder looked, for a few test pairs (greedy translations). */
async function writeHeatmaps(
  run: Omit<SavedRun, 'options'> & { kind: ModelKind },
  pairs: readonly Pair[],
  folder: string,
): Promise<void> {
  const { model, tokenizer, lengths } = run;
  for (const [i, pair] of pairs.entries()) {
    const source = encodeSources(tokenizer, [pair.source], lengths.source);
    try {
      const [output] = await translateIds(run.kind, model, source, {
        beam: 1,
        maxLength: lengths.target,
        startId: tokenizer.startId as number,
        endId: tokenizer.endId as number,
      });
      const ids = output ?? [];
      const sourceIds = tokenizer.encode(pair.source).slice(0, lengths.source);
      const weights = alignments(model, source, ids, tokenizer.startId as number).map((row) =>
        row.slice(0, sourceIds.length),
      );
      const names = (list: number[]) =>
        list.map((id) => tokenizer.decode([id], { skipSpecialTokens: false }));
      await writeChart(
        folder,
        `attention-${i + 1}`,
        heatmapChart(weights, names(sourceIds), names(ids), `${run.kind}: ${pair.source}`),
      );
    } finally {
      source.dispose();
    }
  }
}
