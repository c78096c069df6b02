import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gflops, measure, median } from '../src/measure.js';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('refuses an empty list', () => {
    expect(() => median([])).toThrow('median: expected at least one value, got none');
  });
});

describe('measure', () => {
  it('runs the warm-ups and the timed repeats, and reports their median', async () => {
    let calls = 0;
    const result = await measure(
      () => {
        calls++;
      },
      { warmup: 2, repeats: 5 },
    );
    expect(calls).toBe(2 + 5 + 1); // and one profiled run
    expect(result.runsMs).toHaveLength(5);
    expect(result.medianMs).toBe(median(result.runsMs));
    expect(result.minMs).toBeLessThanOrEqual(result.medianMs);
    expect(result.maxMs).toBeGreaterThanOrEqual(result.medianMs);
  });

  it("reports a workload's tensor memory peak and its leaks", async () => {
    const kept: tf.Tensor[] = [];
    const clean = await measure(() => tf.tidy(() => tf.ones([256, 256]).sum().dataSync()), {
      warmup: 0,
      repeats: 1,
    });
    expect(clean.peakBytes).toBeGreaterThanOrEqual(256 * 256 * 4);
    expect(clean.leakedTensors).toBe(0);
    const leaky = await measure(() => kept.push(tf.zeros([4])), { warmup: 0, repeats: 1 });
    expect(leaky.leakedTensors).toBe(1);
    tf.dispose(kept);
  });

  it('skips the profiled run when asked (no peak), and still counts leaks', async () => {
    let calls = 0;
    const kept: tf.Tensor[] = [];
    const result = await measure(
      () => {
        calls++;
        kept.push(tf.zeros([2]));
      },
      { warmup: 1, repeats: 2, profile: false },
    );
    expect(calls).toBe(1 + 2 + 1);
    expect(result.peakBytes).toBeNull();
    expect(result.leakedTensors).toBe(1);
    tf.dispose(kept);
  });

  it('awaits an asynchronous workload', async () => {
    const result = await measure(() => new Promise((resolve) => setTimeout(resolve, 20)), {
      warmup: 0,
      repeats: 2,
    });
    expect(result.medianMs).toBeGreaterThanOrEqual(15);
  });

  it('refuses a repeat count that is not a positive integer', async () => {
    await expect(measure(() => 0, { repeats: 0 })).rejects.toThrow(
      'measure: expected options.repeats to be a positive integer, got 0',
    );
  });
});

describe('gflops', () => {
  it('divides operations by time', () => {
    expect(gflops(2e9, 1000)).toBe(2);
  });
});
