/**
 * Benchmark 5, data pipelines (no model):
 * - `data-windowing`: windows per second from `timeseriesDatasetFromArray` (one batch of windows
 *   built at a time) against the naive way (every window sliced into nested arrays first, then
 *   `tf.tensor` per batch), a 200,000-step series, windows of 64 steps, batch 32, same run;
 * - `data-tokenizers`: encoding throughput in MB of UTF-8 text per second for `CharTokenizer`,
 *   `WordTokenizer` and `BytePairTokenizer` (8,000 ids), each learnt from the corpus it encodes:
 *   10,000 IMDB reviews (English) and 31,566 NSMC reviews (Korean) from the repository's
 *   `../shared/data` when it is there, else a generated corpus (say which in the notes).
 *
 *   pnpm bench data [--quick]
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BytePairTokenizer,
  CharTokenizer,
  parseCsv,
  timeseriesDatasetFromArray,
  WordTokenizer,
} from '@seq/data';
import * as tf from '@tensorflow/tfjs';
import { median } from './measure.js';
import { type BenchOptions, parseOptions, repeatsFor } from './options.js';
import { BenchReport } from './report.js';

const shared = (path: string) =>
  fileURLToPath(new URL(`../../../shared/data/${path}`, import.meta.url));

/** A seeded corpus of English-like sentences, for machines without the shared data. */
function generatedCorpus(count: number): string[] {
  const words =
    'the a movie film was is great bad plot actor story really not very good boring fun love hate scene music end'.split(
      ' ',
    );
  let state = 42;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return Array.from({ length: count }, () =>
    Array.from(
      { length: 20 + Math.floor(random() * 60) },
      () => words[Math.floor(random() * words.length)],
    ).join(' '),
  );
}

function corpora(smoke: boolean): Array<{ name: string; texts: string[] }> {
  const imdb = shared('imdb/train_10k.csv');
  const nsmc = shared('nsmc/ratings_train_small.txt');
  if (smoke || !existsSync(imdb) || !existsSync(nsmc)) {
    return [{ name: 'generated English', texts: generatedCorpus(smoke ? 50 : 10_000) }];
  }
  const [header, ...rows] = parseCsv(readFileSync(imdb, 'utf8'));
  const text = (header as string[]).indexOf('text');
  const korean = readFileSync(nsmc, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => line.split('\t')[1] ?? '');
  return [
    { name: 'IMDB (English)', texts: rows.map((r) => r[text] ?? '') },
    { name: 'NSMC (Korean)', texts: korean },
  ];
}

async function windowing(options: BenchOptions): Promise<string> {
  const smoke = options.mode === 'smoke';
  const rows = smoke ? 2_000 : 200_000;
  const [length, batchSize] = [64, 32];
  const series = new Float32Array(rows).map((_, i) => Math.sin(i / 50) + 0.1 * Math.sin(i / 3));
  // Keras' pairing: window i is data[i .. i + length) and its target targets[i]; with the series
  // shifted by `length` as targets, the data stops `length` steps early.
  const windows = rows - 2 * length + 1;
  const report = new BenchReport(
    'data-windowing',
    `windows per second over a ${rows.toLocaleString('en-US')}-step series (windows of ${length}, batch ${batchSize}), same run`,
    ['pipeline', 'windows', 'naive windows/s', 'seq windows/s', 'speed-up'],
    options.mode,
  );
  const seqRun = async () => {
    // Targets: the value after each window (the series shifted by the window length).
    const dataset = timeseriesDatasetFromArray(
      series.subarray(0, rows - length),
      series.subarray(length),
      {
        sequenceLength: length,
        batchSize,
      },
    );
    let count = 0;
    const iterator = await dataset.iterator();
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
      count += r.value.xs.shape[0] as number;
      tf.dispose([r.value.xs, r.value.ys]);
    }
    return count;
  };
  const naiveRun = async () => {
    const xs: number[][][] = [];
    const ys: number[] = [];
    for (let start = 0; start < windows; start++) {
      xs.push(Array.from(series.subarray(start, start + length), (v) => [v]));
      ys.push(series[start + length] as number);
    }
    let count = 0;
    for (let b = 0; b < windows; b += batchSize) {
      const x = tf.tensor3d(xs.slice(b, b + batchSize));
      const y = tf.tensor1d(ys.slice(b, b + batchSize));
      count += x.shape[0];
      tf.dispose([x, y]);
    }
    return count;
  };
  const rate = async (run: () => Promise<number>) => {
    const perSecond: number[] = [];
    await run(); // warm-up
    for (let i = 0; i < repeatsFor(options, 5); i++) {
      const start = performance.now();
      const count = await run();
      if (count !== windows)
        throw new Error(`windowing: expected ${windows} windows, got ${count}`);
      perSecond.push(count / ((performance.now() - start) / 1000));
    }
    return median(perSecond);
  };
  await tf.setBackend('cpu');
  const naive = await rate(naiveRun);
  const seq = await rate(seqRun);
  report.add({
    pipeline: 'timeseriesDatasetFromArray, 1 feature',
    windows,
    'naive windows/s': naive,
    'seq windows/s': seq,
    'speed-up': seq / naive,
  });
  report.note(
    'Medians of 5 passes over every window after a warm-up pass, cpu backend. Naive: every window as nested arrays first (what `tf.tensor3d` takes), then a tensor per batch.',
  );
  return report.finish(options.outDir);
}

async function tokenizers(options: BenchOptions): Promise<string> {
  const smoke = options.mode === 'smoke';
  const report = new BenchReport(
    'data-tokenizers',
    'encoding throughput of seq tokenizers, each learnt from the corpus it encodes',
    ['corpus', 'tokenizer', 'texts', 'MB', 'learn s', 'encode MB/s', 'tokens per text'],
    options.mode,
  );
  const MB = 2 ** 20;
  for (const { name, texts } of corpora(smoke)) {
    const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
    for (const [label, learn] of [
      ['CharTokenizer', () => CharTokenizer.fromCorpus(texts)],
      ['WordTokenizer', () => WordTokenizer.fromCorpus(texts)],
      [
        `BytePairTokenizer (${smoke ? 300 : '8,000'} ids)`,
        () => BytePairTokenizer.train(texts, { vocabularySize: smoke ? 300 : 8000 }),
      ],
    ] as const) {
      const start = performance.now();
      const tokenizer: { encode(text: string): number[] } = learn();
      const learnSeconds = (performance.now() - start) / 1000;
      let tokens = 0;
      const encodeOnce = () => {
        tokens = 0;
        for (const t of texts) tokens += tokenizer.encode(t).length;
      };
      encodeOnce(); // warm-up (and the byte-pair tokenizer's chunk cache)
      const seconds: number[] = [];
      for (let i = 0; i < repeatsFor(options, 5); i++) {
        const s = performance.now();
        encodeOnce();
        seconds.push((performance.now() - s) / 1000);
      }
      report.add({
        corpus: name,
        tokenizer: label,
        texts: texts.length,
        MB: bytes / MB,
        'learn s': learnSeconds,
        'encode MB/s': bytes / MB / median(seconds),
        'tokens per text': tokens / texts.length,
      });
    }
  }
  report.note(
    'Medians of 5 encodings of the whole corpus after a warm-up one (the byte-pair tokenizer caches the pieces of words it has seen, as a long-running service would).',
  );
  return report.finish(options.outDir);
}

export async function run(options: BenchOptions): Promise<string[]> {
  tf.env().set('PROD', true);
  return [await windowing(options), await tokenizers(options)];
}

if (import.meta.url === `file://${process.argv[1]}`) await run(parseOptions(process.argv.slice(2)));
