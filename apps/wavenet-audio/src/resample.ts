/** Zero crossings of the windowed sinc on each side. */
const HALF_ZEROS = 16;

/**
 * Resamples a mono waveform `[time]` from `fromRate` to `toRate` by band-limited interpolation: a
 * sinc with a Hann window, whose cutoff is the lower of the two Nyquist frequencies, so that
 * downsampling filters out what the new rate cannot hold instead of folding it back. Returns the
 * input when the rates are equal.
 */
export function resample(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) return samples;
  const ratio = fromRate / toRate; // input samples per output sample
  const cutoff = Math.min(1, toRate / fromRate); // of the input's Nyquist frequency
  const half = Math.ceil(HALF_ZEROS / cutoff); // input samples on each side
  const length = Math.max(1, Math.floor((samples.length * toRate) / fromRate));
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const center = i * ratio;
    const first = Math.max(0, Math.ceil(center - half));
    const last = Math.min(samples.length - 1, Math.floor(center + half));
    let sum = 0;
    for (let k = first; k <= last; k++) {
      const distance = k - center;
      const x = distance * cutoff;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const window = 0.5 + 0.5 * Math.cos((Math.PI * distance) / (half + 1));
      sum += (samples[k] as number) * cutoff * sinc * window;
    }
    out[i] = sum;
  }
  return out;
}
