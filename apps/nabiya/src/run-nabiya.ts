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
import { SeededRandom } from '@seq/core';
import { fileSystem, writeFileAtomically } from '@seq/core/node';
import { encodeWav } from '@seq/wavenet';
import * as tf from '@tensorflow/tfjs';
import { encodeMidi } from './encode-midi.js';
import { formatSongs } from './format-songs.js';
import { accuracy, generateSong, predictWindows } from './generate-song.js';
import { decodeNotes, encodeNotes, NABIYA } from './melody.js';
import {
  buildModel,
  type Encoding,
  encodeTargets,
  encodeWindows,
  type ModelName,
} from './nabiya-model.js';
import type { NabiyaOptions } from './nabiya-options.js';
import { notePredictor } from './note-predictor.js';
import { noteWindows, windowAccuracyBound } from './note-windows.js';
import { pianoRollChart } from './piano-roll-chart.js';
import { synthesizeSong } from './synthesize-song.js';

/** Sample rate of the WAV files. */
export const SAMPLE_RATE = 16000;
/** Tempo of the WAV and MIDI files, in quarter notes per minute. */
export const BPM = 120;

/** What `metrics.json` holds. */
export interface NabiyaResults {
  model: ModelName;
  encoding: Encoding;
  units: number;
  window: number;
  params: number;
  /** Training windows (50 for windows of 4). */
  samples: number;
  /** Seconds of training (in this process; 0 for a run resumed after it finished). */
  seconds: number;
  history: EpochLogs[];
  /** Fraction of the training windows whose next note the model predicts (greedy, from the true notes). */
  trainAccuracy: number;
  /** The best training accuracy a model that sees only the window can reach (repeated windows). */
  windowBound: number;
  /** Fraction of the generated notes (after the seed) equal to the song's at the same position. */
  songAccuracy: number;
  /** The next note predicted for each training window. */
  predictions: string[];
  /** The song, and the song generated from its first `window` notes. */
  song: string[];
  generated: string[];
}

/**
 * Trains the LSTM on every window of the melody with a checkpoint every epoch in
 * `out/checkpoints` (a run started again in the same folder resumes where it stopped), saves it to
 * `out/model`, measures its accuracy on the training windows, plays the song back from its first
 * notes, and writes `metrics.json`, `results.md`, the plots, and the generated and real songs as
 * WAV and MIDI files.
 */
export async function runNabiya(
  options: NabiyaOptions,
  out: string,
  interrupt?: Interrupt,
  log: (line: string) => void = console.log,
): Promise<NabiyaResults> {
  const { window, encoding } = options;
  const sequence = encodeNotes(NABIYA);
  const rows = noteWindows(sequence, window);
  const stateful = options.model === 'stateful';
  log(
    `data: '나비야', ${sequence.length} notes; ${rows.length} windows of ${window} notes and the next; ` +
      `seed ${NABIYA.slice(0, window).join(' ')}`,
  );
  const x = encodeWindows(
    rows.map((row) => row.slice(0, window)),
    encoding,
  ); // [batch, time, features]
  const y = encodeTargets(rows.map((row) => row[window] as number)); // [batch, notes]
  let model: tf.LayersModel | null = null;
  let results: NabiyaResults;
  try {
    const trained = await trainResumable({
      label: options.model,
      build: () => buildModel(options),
      x,
      y,
      epochs: options.epochs,
      batchSize: stateful ? 1 : options.batchSize,
      seed: new SeededRandom(`${options.seed}/batches`).nextSeed(),
      // The stateful model sees the windows in song order, its state carried between them.
      shuffle: !stateful,
      ...(stateful ? { onEpochBegin: (m: tf.LayersModel) => m.resetStates() } : {}),
      directory: path.join(out, 'checkpoints'),
      interrupt,
      resumeHint: `continue with --resume ${out}`,
    });
    model = trained.model;
    await model.save(fileSystem(path.join(out, 'model')));
    const predictNext = notePredictor(model, encoding);
    if (stateful) model.resetStates();
    const predictions = predictWindows(predictNext, rows);
    if (stateful) model.resetStates();
    const generated = generateSong(predictNext, sequence.slice(0, window), sequence.length, window);
    results = {
      model: options.model,
      encoding,
      units: options.units,
      window,
      params: model.countParams(),
      samples: rows.length,
      seconds: trained.seconds,
      history: trained.history,
      trainAccuracy: accuracy(
        predictions,
        rows.map((row) => row[window] as number),
      ),
      windowBound: windowAccuracyBound(rows),
      songAccuracy: accuracy(generated.slice(window), sequence.slice(window)),
      predictions: decodeNotes(predictions),
      song: [...NABIYA],
      generated: decodeNotes(generated),
    };
  } finally {
    if (model) disposeModel(model);
    tf.dispose([x, y]);
  }

  await writeJson(path.join(out, 'metrics.json'), results);
  const report = resultReport(results);
  await writeFileAtomically(path.join(out, 'results.md'), `${report}\n`);
  await writeSongs(results, out);
  await writePlots(results, path.join(out, 'plots'));
  log(report);
  return results;
}

/** The results table, then the song and the generated song, note under note. */
export function resultReport(results: NabiyaResults): string {
  const percent = (v: number) => `${(100 * v).toFixed(1)}%`;
  const last = results.history[results.history.length - 1] ?? {};
  const table = formatTable(
    [results],
    [
      { heading: 'model', value: (r) => r.model },
      { heading: 'encoding', value: (r) => r.encoding },
      { heading: 'units', value: (r) => String(r.units), numeric: true },
      { heading: 'params', value: (r) => String(r.params), numeric: true },
      { heading: 'epochs', value: (r) => String(r.history.length), numeric: true },
      { heading: 'loss', value: () => formatNumber(last.loss, 4), numeric: true },
      { heading: 'train accuracy', value: (r) => percent(r.trainAccuracy), numeric: true },
      { heading: 'window bound', value: (r) => percent(r.windowBound), numeric: true },
      { heading: 'song accuracy', value: (r) => percent(r.songAccuracy), numeric: true },
      { heading: 'train s', value: (r) => r.seconds.toFixed(1), numeric: true },
    ],
  );
  const generatedNotes = results.song.length - results.window;
  const songRight = Math.round(results.songAccuracy * generatedNotes);
  const trainRight = Math.round(results.trainAccuracy * results.samples);
  return [
    table,
    '',
    `Training windows: ${trainRight}/${results.samples} next notes right (one step ahead, from the true notes; ` +
      `a model that sees only ${results.window} notes can get at most ${Math.round(results.windowBound * results.samples)}).`,
    `Song: ${songRight}/${generatedNotes} generated notes as the song, from the first ${results.window} ` +
      `(each prediction fed back; [seed], * differs):`,
    '',
    formatSongs(results.song, results.generated, results.window),
  ].join('\n');
}

/** The generated and the real song as WAV (a soft tone per note) and MIDI files. */
async function writeSongs(results: NabiyaResults, out: string): Promise<void> {
  const songs: [string, string[]][] = [
    ['generated', results.generated],
    ['nabiya', results.song],
  ];
  for (const [name, notes] of songs) {
    const wave = synthesizeSong(notes, { sampleRate: SAMPLE_RATE, bpm: BPM });
    await writeFileAtomically(path.join(out, `${name}.wav`), encodeWav(wave, SAMPLE_RATE));
    await writeFileAtomically(
      path.join(out, `${name}.mid`),
      encodeMidi(notes, { bpm: BPM, name: name === 'nabiya' ? 'nabiya' : 'nabiya, generated' }),
    );
  }
}

/** Loss and accuracy per epoch and the piano roll of both songs, as SVG and PNG. */
async function writePlots(results: NabiyaResults, folder: string): Promise<void> {
  const loss: ChartPoint[] = results.history.map((logs, epoch) => ({
    x: epoch + 1,
    y: logs.loss ?? Number.NaN,
    series: 'training loss',
  }));
  const label = `${results.model} (${results.units} units, ${results.encoding})`;
  await writeChart(
    folder,
    'loss',
    lineChart(loss, {
      title: `Cross-entropy per epoch, ${label}`,
      xTitle: 'epoch',
      yTitle: 'loss',
      logY: true,
    }),
  );
  const epochs = results.history.length;
  const accuracyPoints: ChartPoint[] = [
    ...results.history.map((logs, epoch) => ({
      x: epoch + 1,
      y: logs.acc ?? logs.accuracy ?? Number.NaN,
      series: 'training accuracy',
    })),
    ...[1, Math.max(epochs, 2)].map((x) => ({
      x,
      y: results.windowBound,
      series: `${results.window}-note window bound`,
    })),
  ];
  await writeChart(
    folder,
    'accuracy',
    lineChart(accuracyPoints, {
      title: `Next-note accuracy per epoch, ${label}`,
      xTitle: 'epoch',
      yTitle: 'accuracy',
      dashed: [`${results.window}-note window bound`],
    }),
  );
  await writeChart(
    folder,
    'piano-roll',
    pianoRollChart(
      results.song,
      results.generated,
      results.window,
      `Nabiya and the song generated from its first ${results.window} notes, ${label}`,
    ),
  );
}
