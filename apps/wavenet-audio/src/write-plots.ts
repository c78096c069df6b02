import { type ChartPoint, lineChart, writeChart } from '@seq/app-kit';
import type { AudioResults } from './run-wavenet-audio.js';
import { spectrogram } from './spectrogram.js';
import { spectrogramChart } from './spectrogram-chart.js';

/** The audio the plots show, each `[time]` in `[-1, 1]`. */
export interface PlotAudio {
  results: AudioResults;
  /** The training clip as used (mu-law decoded). */
  clip: Float32Array;
  /** The generated audio (after the prompt). */
  generated: Float32Array;
  /** The prompt the generation started from. */
  prompt: Float32Array;
  /** What really followed the prompt in the clip. */
  continuation: Float32Array;
}

/** Milliseconds of waveform the waveform plot shows after the prompt (and a third of it before). */
const WAVEFORM_MS = 60;

/**
 * Writes the plots, SVG and PNG: `loss` (training and validation cross-entropy per epoch, with the
 * unigram and bigram baselines), `spectrogram-clip` and `spectrogram-generated` (short-time
 * Fourier magnitude in dB, on the same colour scale), and `waveform` (the end of the prompt, what
 * followed it in the clip, and what the model generated).
 */
export async function writePlots(folder: string, audio: PlotAudio): Promise<string[]> {
  const { results } = audio;
  const { sampleRate } = results.clip;
  const written: string[] = [];
  const loss: ChartPoint[] = results.history.flatMap((logs, epoch) => [
    { x: epoch + 1, y: logs.loss ?? Number.NaN, series: 'training' },
    { x: epoch + 1, y: logs.val_loss ?? Number.NaN, series: 'validation' },
  ]);
  const epochs = Math.max(1, results.history.length);
  for (const baseline of results.baselines.filter((b) => ['unigram', 'bigram'].includes(b.name))) {
    for (const x of [1, epochs]) {
      loss.push({ x, y: baseline.loss ?? Number.NaN, series: `${baseline.name} baseline` });
    }
  }
  written.push(
    ...(await writeChart(
      folder,
      'loss',
      lineChart(loss, {
        title: 'Cross-entropy of the next mu-law code (nats)',
        xTitle: 'epoch',
        yTitle: 'loss',
        integerX: true,
        dashed: ['unigram baseline', 'bigram baseline'],
      }),
    )),
  );
  const options = { frameSize: sampleRate >= 16000 ? 512 : 256 };
  for (const [name, samples, title] of [
    ['spectrogram-clip', audio.clip, 'Training clip (after mu-law)'],
    ['spectrogram-generated', audio.generated, 'Generated audio'],
  ] as const) {
    const spec = spectrogram(samples, sampleRate, {
      ...options,
      // at most about 100 frames, each a column of the heatmap
      hop: Math.max(options.frameSize / 4, Math.ceil((samples.length - options.frameSize) / 99)),
    });
    written.push(
      ...(await writeChart(
        folder,
        name,
        spectrogramChart(spec, {
          title: `${title}: ${(samples.length / sampleRate).toFixed(2)} s at ${sampleRate} Hz`,
        }),
      )),
    );
  }
  const after = Math.round((WAVEFORM_MS / 1000) * sampleRate);
  const before = Math.min(audio.prompt.length, Math.round(after / 3));
  const ms = (i: number) => (1000 * i) / sampleRate;
  const waveform: ChartPoint[] = [
    ...Array.from(audio.prompt.subarray(audio.prompt.length - before), (y, i) => ({
      x: ms(i - before),
      y,
      series: 'prompt',
    })),
    ...Array.from(audio.continuation.subarray(0, after), (y, i) => ({
      x: ms(i),
      y,
      series: 'clip',
    })),
    ...Array.from(audio.generated.subarray(0, after), (y, i) => ({
      x: ms(i),
      y,
      series: 'generated',
    })),
  ];
  written.push(
    ...(await writeChart(
      folder,
      'waveform',
      lineChart(waveform, {
        title: 'The end of the prompt, the clip after it, and what the WaveNet generated',
        xTitle: 'time after the prompt (ms)',
        yTitle: 'amplitude',
        dashed: ['clip'],
      }),
    )),
  );
  return written;
}
