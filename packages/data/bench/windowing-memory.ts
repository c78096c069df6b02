/**
 * Memory benchmark: window a 1,000,000-row series (64-step windows, batch 32) with
 * timeseriesDatasetFromArray and iterate every batch, against the naive way (materialise all
 * windows in one array first). Prints peak resident memory above the baseline for each.
 *
 *   pnpm --filter @seq/data bench:memory
 */
import * as tf from '@tensorflow/tfjs';
import { timeseriesDatasetFromArray } from '../src/index.js';

const ROWS = 1_000_000;
const LENGTH = 64;
const BATCH = 32;
const MB = 1024 * 1024;

tf.env().set('PROD', true); // quiet; IS_TEST would also turn on kernel leak checks that wasm fails
await tf.setBackend('cpu');

function series(): Float32Array {
  const values = new Float32Array(ROWS);
  for (let i = 0; i < ROWS; i++) values[i] = Math.sin(i / 50) + 0.1 * Math.sin(i / 3);
  return values;
}

function sampler(): { sample: () => void; peak: () => number } {
  let peak = process.memoryUsage().rss;
  return {
    sample: () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    },
    peak: () => peak,
  };
}

async function lazy(): Promise<{ batches: number; peakMb: number; seconds: number }> {
  const data = series();
  global.gc?.();
  const base = process.memoryUsage().rss;
  const memory = sampler();
  const started = performance.now();
  const dataset = timeseriesDatasetFromArray(data, data, {
    sequenceLength: LENGTH,
    batchSize: BATCH,
  });
  let batches = 0;
  const iterator = await dataset.iterator();
  for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
    tf.dispose([r.value.xs, r.value.ys]);
    if (++batches % 500 === 0) memory.sample();
  }
  memory.sample();
  return {
    batches,
    peakMb: (memory.peak() - base) / MB,
    seconds: (performance.now() - started) / 1000,
  };
}

function naive(): { windows: number; peakMb: number; seconds: number } {
  const data = series();
  global.gc?.();
  const base = process.memoryUsage().rss;
  const started = performance.now();
  const windows = ROWS - LENGTH + 1;
  const all = new Float32Array(windows * LENGTH); // every window at once
  for (let w = 0; w < windows; w++) all.set(data.subarray(w, w + LENGTH), w * LENGTH);
  const peak = process.memoryUsage().rss;
  return {
    windows: all.length / LENGTH,
    peakMb: (peak - base) / MB,
    seconds: (performance.now() - started) / 1000,
  };
}

const a = await lazy();
const b = naive();
console.log(`rows ${ROWS}, windows of ${LENGTH}, batch ${BATCH}, node ${process.version}`);
console.log(
  `timeseriesDatasetFromArray: ${a.batches} batches, peak +${a.peakMb.toFixed(1)} MB RSS, ${a.seconds.toFixed(1)} s`,
);
console.log(
  `all windows materialised:   ${b.windows} windows, peak +${b.peakMb.toFixed(1)} MB RSS, ${b.seconds.toFixed(1)} s`,
);
console.log(`ratio: ${(b.peakMb / Math.max(a.peakMb, 0.1)).toFixed(0)}x less memory`);
