import { formatNumber, formatTable } from '@seq/app-kit';
import type { AudioResults } from './run-wavenet-audio.js';

/**
 * The results as two Markdown tables: predicting the next code (the WaveNet against the
 * baselines, on the validation part of the clip), and generation speed, fast against naive.
 */
export function resultTables(results: AudioResults): string {
  const n = (v: number | null | undefined) => formatNumber(v, 4);
  type Row = { name: string; loss: number | null; trainLoss?: number; accuracy: number };
  const prediction: Row[] = [
    ...results.baselines,
    {
      name: `WaveNet (${results.model.trainableParams} trained weights)`,
      loss: results.final.valLoss,
      trainLoss: results.final.loss,
      accuracy: results.final.valAccuracy,
    },
  ];
  const epochs = results.history.length;
  const first = results.history[0]?.loss;
  type SpeedRow = { name: string; samples: number; seconds: number; speedup: number | null };
  const { speed, generation, model } = results;
  const rate = (r: SpeedRow) => r.samples / Math.max(r.seconds, 1e-9);
  const speedRows: SpeedRow[] = [
    {
      name: `naive (model over ${model.receptiveField} samples per sample)`,
      samples: speed.samples,
      seconds: speed.naive.seconds,
      speedup: 1,
    },
    {
      name: 'fast (WaveNetGenerator), the same samples',
      samples: speed.samples,
      seconds: speed.fast.seconds,
      speedup: speed.speedup,
    },
    {
      name: `fast, the generated audio (T = ${generation.temperature})`,
      samples: generation.samples,
      seconds: generation.generateSeconds,
      speedup: null,
    },
  ];
  return [
    `Next code on the validation part (${results.clip.validCodes} samples; cross-entropy in nats, ` +
      `${epochs} epoch${epochs === 1 ? '' : 's'}, training loss ${n(first)} -> ${n(results.final.loss)})`,
    '',
    formatTable(prediction, [
      { heading: 'predictor', value: (r) => r.name },
      { heading: 'val loss', value: (r) => n(r.loss), numeric: true },
      { heading: 'val accuracy', value: (r) => n(r.accuracy), numeric: true },
      { heading: 'train loss', value: (r) => n(r.trainLoss), numeric: true },
    ]),
    '',
    `Generation speed (${results.clip.sampleRate} Hz audio; the naive and fast samples are ` +
      `${speed.sameSamples ? 'the same' : 'NOT the same'})`,
    '',
    formatTable(speedRows, [
      { heading: 'generation', value: (r) => r.name },
      { heading: 'samples', value: (r) => String(r.samples), numeric: true },
      { heading: 'seconds', value: (r) => n(r.seconds), numeric: true },
      { heading: 'samples/s', value: (r) => n(rate(r)), numeric: true },
      { heading: 'ms/sample', value: (r) => n((1000 * r.seconds) / r.samples), numeric: true },
      {
        heading: 'speed-up',
        value: (r) => (r.speedup === null ? '-' : `${n(r.speedup)}x`),
        numeric: true,
      },
    ]),
  ].join('\n');
}
