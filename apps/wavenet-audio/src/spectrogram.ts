/** A short-time Fourier magnitude, in dB: what {@link spectrogram} returns. */
export interface Spectrogram {
  sampleRate: number;
  /** Samples per frame (a power of two). */
  frameSize: number;
  /** Samples between the starts of two frames. */
  hop: number;
  /** Number of frames. */
  frames: number;
  /** Frequency bins per frame, `frameSize / 2 + 1`: bin `b` is `b * sampleRate / frameSize` Hz. */
  bins: number;
  /**
   * `[frames, bins]`: the magnitude of each bin in dB relative to a full-scale sine (a sine of
   * amplitude 1 centred on a bin reads 0 dB), at least `floorDb`.
   */
  db: Float32Array;
  /** The lowest value of `db` (silence). */
  floorDb: number;
}

/** Options of {@link spectrogram}. */
export interface SpectrogramOptions {
  /** Samples per frame, a power of two. @defaultValue `256` */
  frameSize?: number;
  /** Samples between frames. @defaultValue `frameSize / 4` */
  hop?: number;
  /** The floor of the dB values. @defaultValue `-100` */
  floorDb?: number;
}

/**
 * In-place radix-2 FFT of `re + i im` (length a power of two), in plain JavaScript.
 */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j] as number, re[i] as number];
      [im[i], im[j]] = [im[j] as number, im[i] as number];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const angle = (-2 * Math.PI) / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k++) {
        const wr = Math.cos(angle * k);
        const wi = Math.sin(angle * k);
        const a = start + k;
        const b = a + size / 2;
        const br = (re[b] as number) * wr - (im[b] as number) * wi;
        const bi = (re[b] as number) * wi + (im[b] as number) * wr;
        re[b] = (re[a] as number) - br;
        im[b] = (im[a] as number) - bi;
        re[a] = (re[a] as number) + br;
        im[a] = (im[a] as number) + bi;
      }
    }
  }
}

/**
 * The spectrogram of a mono waveform `[time]`: Hann-windowed frames of `frameSize` samples every
 * `hop` samples (a clip shorter than a frame is zero-padded to one), the magnitude of each
 * frame's FFT in dB, in plain JavaScript.
 */
export function spectrogram(
  samples: ArrayLike<number>,
  sampleRate: number,
  options: SpectrogramOptions = {},
): Spectrogram {
  const frameSize = options.frameSize ?? 256;
  if (!Number.isInteger(Math.log2(frameSize))) {
    throw new RangeError(`spectrogram: frameSize must be a power of two; received ${frameSize}`);
  }
  const hop = Math.max(1, Math.round(options.hop ?? frameSize / 4));
  const floorDb = options.floorDb ?? -100;
  const frames = Math.max(1, Math.floor((samples.length - frameSize) / hop) + 1);
  const bins = frameSize / 2 + 1;
  const window = Float64Array.from(
    { length: frameSize },
    (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / frameSize),
  );
  const scale = 2 / window.reduce((sum, w) => sum + w, 0); // a full-scale sine reads 1
  const db = new Float32Array(frames * bins); // [frames, bins]
  const re = new Float64Array(frameSize);
  const im = new Float64Array(frameSize);
  for (let f = 0; f < frames; f++) {
    for (let i = 0; i < frameSize; i++) {
      const t = f * hop + i;
      re[i] = t < samples.length ? (samples[t] as number) * (window[i] as number) : 0;
      im[i] = 0;
    }
    fft(re, im);
    for (let b = 0; b < bins; b++) {
      const magnitude = Math.hypot(re[b] as number, im[b] as number) * scale;
      db[f * bins + b] = Math.max(floorDb, 20 * Math.log10(Math.max(magnitude, 1e-12)));
    }
  }
  return { sampleRate, frameSize, hop, frames, bins, db, floorDb };
}
