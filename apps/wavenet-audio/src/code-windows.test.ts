import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { codeBaselines } from './code-baselines.js';
import { codeWindows, splitCodes, windowTensors } from './code-windows.js';

const ramp = (n: number) => Int32Array.from({ length: n }, (_, i) => i % 256);

describe('codeWindows', () => {
  it('cuts [count, steps] windows; the targets are the inputs shifted one step ahead', () => {
    const codes = ramp(23);
    const w = codeWindows(codes, 5, 3);
    expect(w.count).toBe(6); // starts 0, 3, ..., 15: the last needs codes[15..20]
    expect(w.inputs.length).toBe(30);
    expect(w.targets.length).toBe(30);
    for (let i = 0; i < w.count; i++) {
      const inputs = Array.from(w.inputs.subarray(i * 5, i * 5 + 5));
      const targets = Array.from(w.targets.subarray(i * 5, i * 5 + 5));
      expect(inputs).toEqual(Array.from(codes.subarray(i * 3, i * 3 + 5)));
      expect(targets).toEqual(Array.from(codes.subarray(i * 3 + 1, i * 3 + 6)));
      expect(targets.slice(0, -1)).toEqual(inputs.slice(1));
    }
  });

  it('needs steps + 1 codes for a window; the stride defaults to the steps', () => {
    expect(codeWindows(ramp(5), 5).count).toBe(0);
    expect(codeWindows(ramp(6), 5).count).toBe(1);
    expect(codeWindows(ramp(16), 5).count).toBe(3);
    expect(() => codeWindows(ramp(6), 0)).toThrow(RangeError);
  });

  it('windowTensors: int32 x [count, steps], float32 y [count, steps, 1]', () => {
    const w = codeWindows(ramp(40), 8, 4);
    const { x, y } = windowTensors(w);
    try {
      expect(x.shape).toEqual([w.count, 8]);
      expect(x.dtype).toBe('int32');
      expect(y.shape).toEqual([w.count, 8, 1]);
      expect(y.dtype).toBe('float32');
      const xs = x.arraySync();
      const ys = y.arraySync();
      expect(ys[2]?.map(([v]) => v)).toEqual(xs[2]?.map((v) => v + 1));
    } finally {
      tf.dispose([x, y]);
    }
  });
});

describe('splitCodes', () => {
  it('holds out the end of the clip, at least minValid codes', () => {
    const codes = ramp(1000);
    const split = splitCodes(codes, 0.15, 10, 10);
    expect(split?.train.length).toBe(850);
    expect(Array.from(split?.valid ?? []).slice(0, 2)).toEqual([850 % 256, 851 % 256]);
    expect(splitCodes(codes, 0.15, 300, 10)?.valid.length).toBe(300);
    expect(splitCodes(codes, 0.15, 300, 701)).toBeNull();
  });
});

describe('codeBaselines', () => {
  it('scores uniform, unigram, previous-code and bigram predictors on the validation targets', () => {
    // A repeating pattern 0, 1, 2, 3: the bigram knows the next code; repeating the last never does.
    const pattern = Int32Array.from({ length: 401 }, (_, i) => i % 4);
    const train = codeWindows(pattern, 100);
    const valid = codeWindows(pattern.subarray(0, 101), 100);
    const [uniform, unigram, previous, bigram] = codeBaselines(train, valid, 256);
    expect(uniform).toEqual({ name: 'uniform', loss: Math.log(256), accuracy: 1 / 256 });
    // Four codes of 400 targets, add-one smoothed over 256 classes.
    expect(unigram?.loss).toBeCloseTo(-Math.log(101 / 656), 5);
    expect(previous).toEqual({ name: 'previous code', loss: null, accuracy: 0 });
    expect(bigram?.accuracy).toBe(1);
    expect(bigram?.loss).toBeLessThan(0.02);
  });
});
