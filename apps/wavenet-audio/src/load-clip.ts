import * as path from 'node:path';
import { UsageError } from '@seq/app-kit';
import { readWav } from '@seq/wavenet/node';
import { resample } from './resample.js';
import { type Sound, synthesizeClip } from './synthesize-clip.js';

/** Where the training clip comes from. */
export type ClipSource = { kind: 'synthetic'; sound: Sound } | { kind: 'file'; file: string };

/** Options of {@link loadClip}. */
export interface LoadClipOptions {
  /** Seconds of the clip to use (the start of a file; the length of a synthesised clip). */
  seconds: number;
  /** The sample rate to train at: a file is resampled to it. */
  sampleRate: number;
  /** Seed of a synthesised clip. */
  seed: number;
}

/** A mono clip ready to be mu-law encoded. */
export interface Clip {
  /** `[time]`, in `[-1, 1]`. */
  samples: Float32Array;
  sampleRate: number;
  /** Where it came from and what was done to it, for the results. */
  source: string;
}

/** Peak a clip read from a file is scaled to. */
export const FILE_PEAK = 0.9;

/**
 * The training clip: synthesised (seeded), or read from a 16-bit PCM WAV file (`readWav`: a
 * missing file or another format is a `SeqError` naming it), mixed down to mono, cut to its first
 * `seconds`, resampled to `sampleRate` and scaled to a peak of {@link FILE_PEAK}.
 */
export async function loadClip(source: ClipSource, options: LoadClipOptions): Promise<Clip> {
  const { seconds, sampleRate, seed } = options;
  if (source.kind === 'synthetic') {
    return {
      samples: synthesizeClip({ sound: source.sound, seconds, sampleRate, seed }),
      sampleRate,
      source: `synthetic ${source.sound}, ${seconds} s at ${sampleRate} Hz (seed ${seed})`,
    };
  }
  const wav = await readWav(source.file);
  const kept = wav.samples.subarray(0, Math.ceil(seconds * wav.sampleRate));
  const samples = resample(kept, wav.sampleRate, sampleRate);
  let peak = 0;
  for (const v of samples) peak = Math.max(peak, Math.abs(v));
  if (peak === 0) throw new UsageError(`--data ${source.file}: the clip is silent`);
  for (let i = 0; i < samples.length; i++) samples[i] = ((samples[i] as number) * FILE_PEAK) / peak;
  const channels = wav.channels === 1 ? 'mono' : `${wav.channels} channels mixed down`;
  return {
    samples,
    sampleRate,
    source:
      `${path.basename(source.file)}: ${(kept.length / wav.sampleRate).toFixed(2)} s of ` +
      `${(wav.samples.length / wav.sampleRate).toFixed(2)} s, ${channels}, ${wav.sampleRate} Hz` +
      `${wav.sampleRate === sampleRate ? '' : ` resampled to ${sampleRate} Hz`}`,
  };
}
