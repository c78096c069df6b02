import { SeqError } from '@seq/core';
import { expectNoLeakedTensors, readGolden } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { muLawDecode, muLawEncode } from './mu-law.js';

const golden = readGolden(new URL('../test/fixtures/mu_law.json', import.meta.url));
const mu = golden.config.mu as number;
const x = golden.inputs.x?.data ?? [];
const encoded = (golden.expected.encoded as { data: number[] }).data;
const decoded = (golden.expected.decoded as { data: number[] }).data;

/** The inverse of F, in float64: F^-1(y) = sign(y) ((1 + mu)^|y| - 1) / mu. */
function inverseF(y: number, m = mu): number {
  return (Math.sign(y) * ((1 + m) ** Math.abs(y) - 1)) / m;
}

/** The width of the quantization bin of class `q`: the amplitudes that encode to `q`. */
function step(q: number, m = mu): number {
  const low = inverseF(Math.max(-1, (2 * q - 1) / m - 1), m);
  const high = inverseF(Math.min(1, (2 * q + 1) / m - 1), m);
  return high - low;
}

function expectSeqError(fn: () => unknown, message: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(SeqError.isInstance(thrown), `expected a SeqError, got ${String(thrown)}`).toBe(true);
  expect((thrown as Error).message).toBe(message);
}

const amplitude = fc.double({ min: -1, max: 1, noNaN: true });

describe('muLawEncode / muLawDecode', () => {
  it('match the golden file (numbers)', () => {
    expect(mu).toBe(255);
    expect(Array.from(muLawEncode(x))).toEqual(encoded);
    const back = muLawDecode(encoded);
    expect(back).toBeInstanceOf(Float32Array);
    for (const [i, v] of back.entries()) {
      expect(Math.abs(v - (decoded[i] ?? Number.NaN))).toBeLessThanOrEqual(golden.tolerance);
    }
  });

  it('match the golden file (tensors), keeping shape and dtype', () => {
    const input = tf.tensor2d(x, [2, 13]);
    const q = muLawEncode(input);
    expect(q.dtype).toBe('int32');
    expect(q.shape).toEqual([2, 13]);
    expect(Array.from(q.dataSync())).toEqual(encoded);
    const y = muLawDecode(q);
    expect(y.dtype).toBe('float32');
    expect(y.shape).toEqual([2, 13]);
    for (const [i, v] of y.dataSync().entries()) {
      expect(Math.abs(v - (decoded[i] ?? Number.NaN))).toBeLessThanOrEqual(golden.tolerance);
    }
    tf.dispose([input, q, y]);
  });

  it('use mu = 255 by default, and another mu when given', () => {
    expect(Array.from(muLawEncode([-1, 0, 1]))).toEqual([0, 128, 255]);
    expect(Array.from(muLawEncode([-1, 0, 1], 15))).toEqual([0, 8, 15]);
    const back = muLawDecode([0, 15], 15);
    expect(Array.from(back)).toEqual([-1, 1]);
  });

  it('clip values outside [-1, 1], infinities included', () => {
    expect(Array.from(muLawEncode([-3, -Infinity, 1.5, Infinity]))).toEqual([0, 0, 255, 255]);
    const t = tf.tensor1d([-3, -Infinity, 1.5, Infinity]);
    const q = muLawEncode(t);
    expect(Array.from(q.dataSync())).toEqual([0, 0, 255, 255]);
    tf.dispose([t, q]);
  });

  it('accept int32 tensors and integer-valued float32 codes, and empty inputs', () => {
    const ints = tf.tensor1d([-1, 0, 1], 'int32');
    const q = muLawEncode(ints);
    expect(Array.from(q.dataSync())).toEqual([0, 128, 255]);
    const floats = tf.tensor1d([0, 255]);
    const y = muLawDecode(floats);
    expect(Array.from(y.dataSync())).toEqual([-1, 1].map((v) => expect.closeTo(v, 6)));
    const empty = tf.tensor1d([]);
    const e = muLawEncode(empty);
    expect(e.shape).toEqual([0]);
    tf.dispose([ints, q, floats, y, empty, e]);
    expect(muLawEncode([]).length).toBe(0);
    expect(muLawDecode([]).length).toBe(0);
  });

  it('round trip within the quantization step at x (property)', () => {
    fc.assert(
      fc.property(fc.array(amplitude, { maxLength: 64 }), (values) => {
        const q = muLawEncode(values);
        const back = muLawDecode(q);
        values.forEach((v, i) => {
          const code = q[i] ?? -1;
          expect(Math.abs((back[i] ?? Number.NaN) - v)).toBeLessThanOrEqual(step(code) + 1e-6);
        });
      }),
    );
  });

  it('round trip within the quantization step for any mu (property)', () => {
    fc.assert(
      fc.property(amplitude, fc.integer({ min: 1, max: 65535 }), (v, m) => {
        const code = muLawEncode([v], m)[0] ?? -1;
        expect(code).toBeGreaterThanOrEqual(0);
        expect(code).toBeLessThanOrEqual(m);
        const back = muLawDecode([code], m)[0] ?? Number.NaN;
        expect(Math.abs(back - v)).toBeLessThanOrEqual(step(code, m) + 1e-6);
      }),
    );
  });

  it('encode is monotone (property)', () => {
    fc.assert(
      fc.property(amplitude, amplitude, (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const [qa, qb] = muLawEncode([low, high]);
        expect(qa).toBeLessThanOrEqual(qb ?? -1);
      }),
    );
  });

  it('decode is strictly increasing over all classes', () => {
    const all = muLawDecode(Array.from({ length: mu + 1 }, (_, i) => i));
    for (let i = 1; i <= mu; i++) {
      expect(all[i]).toBeGreaterThan(all[i - 1] ?? Number.POSITIVE_INFINITY);
    }
    expect(all[0]).toBe(-1);
    expect(all[mu]).toBe(1);
  });

  it('agree between numbers and tensors (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: mu }), { minLength: 1, maxLength: 32 }),
        (q) => {
          const t = tf.tensor1d(q, 'int32');
          const y = muLawDecode(t);
          const fromNumbers = muLawDecode(q);
          for (const [i, v] of y.dataSync().entries()) {
            expect(Math.abs(v - (fromNumbers[i] ?? Number.NaN))).toBeLessThanOrEqual(1e-6);
          }
          tf.dispose([t, y]);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('leak no tensors, on success and on error', async () => {
    await expectNoLeakedTensors('muLawEncode', () => {
      const t = tf.tensor2d([
        [0.1, -0.2],
        [0.9, -1],
      ]);
      try {
        return muLawEncode(t);
      } finally {
        t.dispose();
      }
    });
    await expectNoLeakedTensors('muLawDecode', () => {
      const t = tf.tensor2d(
        [
          [0, 128],
          [200, 255],
        ],
        [2, 2],
        'int32',
      );
      try {
        return muLawDecode(t);
      } finally {
        t.dispose();
      }
    });
    await expectNoLeakedTensors('muLawEncode rejecting NaN', () => {
      const t = tf.tensor1d([0, Number.NaN]);
      try {
        expect(() => muLawEncode(t)).toThrow(SeqError);
      } finally {
        t.dispose();
      }
    });
    await expectNoLeakedTensors('muLawDecode rejecting a code', () => {
      const t = tf.tensor1d([0, 300], 'int32');
      try {
        expect(() => muLawDecode(t)).toThrow(SeqError);
      } finally {
        t.dispose();
      }
    });
  });

  it('reject a bad mu', () => {
    expectSeqError(
      () => muLawEncode([0], 0),
      'muLawEncode: `mu` must be a positive integer; received 0.',
    );
    expectSeqError(
      () => muLawDecode([0], 1.5),
      'muLawDecode: `mu` must be a positive integer; received 1.5.',
    );
  });

  it('reject NaN, naming its index', () => {
    expectSeqError(
      () => muLawEncode([0, 0.5, 1, Number.NaN]),
      'muLawEncode: `x[3]` must be a number, not NaN; received NaN.',
    );
    const t = tf.tensor2d([0, 0.5, 1, Number.NaN, 0, 0], [2, 3]);
    expectSeqError(
      () => muLawEncode(t),
      'muLawEncode: `x[1, 0]` must be a number, not NaN; received NaN.',
    );
    t.dispose();
  });

  it('reject codes that are not integers in [0, mu], naming the index', () => {
    expectSeqError(
      () => muLawDecode([0, 1, 256]),
      'muLawDecode: `q[2]` must be an integer in [0, 255]; received 256.',
    );
    expectSeqError(
      () => muLawDecode([-1]),
      'muLawDecode: `q[0]` must be an integer in [0, 255]; received -1.',
    );
    expectSeqError(
      () => muLawDecode([1.5]),
      'muLawDecode: `q[0]` must be an integer in [0, 255]; received 1.5.',
    );
    expectSeqError(
      () => muLawDecode([8], 7),
      'muLawDecode: `q[0]` must be an integer in [0, 7]; received 8.',
    );
    const floats = tf.tensor2d([0, 1, 2, 3.5], [2, 2]);
    expectSeqError(
      () => muLawDecode(floats),
      'muLawDecode: `q[1, 1]` must be an integer in [0, 255]; received 3.5.',
    );
    const ints = tf.tensor1d([0, -4], 'int32');
    expectSeqError(
      () => muLawDecode(ints),
      'muLawDecode: `q[1]` must be an integer in [0, 255]; received -4.',
    );
    const nan = tf.tensor1d([Number.NaN]);
    expectSeqError(
      () => muLawDecode(nan),
      'muLawDecode: `q[0]` must be an integer in [0, 255]; received NaN.',
    );
    tf.dispose([floats, ints, nan]);
  });

  it('reject inputs that are neither numbers nor float32/int32 tensors', () => {
    expectSeqError(
      () => muLawEncode('a' as unknown as number[]),
      'muLawEncode: `x` must be an array of numbers or a tf.Tensor; received "a".',
    );
    expectSeqError(
      () => muLawDecode(null as unknown as number[]),
      'muLawDecode: `q` must be an array of numbers or a tf.Tensor; received null.',
    );
    const b = tf.tensor1d([true], 'bool');
    expectSeqError(
      () => muLawEncode(b),
      'muLawEncode: `x` must be a float32 or int32 tensor; received a bool tensor of shape [1].',
    );
    b.dispose();
  });
});
