import { SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { causalMask, combineMasks, paddingMask } from './index.js';

describe('mask helpers properties (fast-check)', () => {
  it('causalMask(Tq, Tv): query i (the last Tq of Tv steps) sees key j exactly when j <= Tv - Tq + i', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 6 }), (tq, extra) => {
        const tv = tq + extra;
        const mask = causalMask(tq, tv);
        expect(mask.shape).toEqual([1, tq, tv]);
        const rows = (mask.arraySync() as number[][][])[0] as number[][];
        mask.dispose();
        rows.forEach((row, i) => {
          for (const [j, v] of row.entries()) expect(v).toBe(j <= tv - tq + i ? 1 : 0);
        });
      }),
    );
  });

  it('paddingMask(lengths) marks the first length steps of each row, as numbers or as a tensor', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 3 }),
        (lengths, pad) => {
          const time = Math.max(1, Math.max(...lengths) + pad); // maxLength must be positive
          const fromNumbers = paddingMask(lengths, time);
          const lengthTensor = tf.tensor1d(lengths, 'int32');
          const fromTensor = paddingMask(lengthTensor, time);
          const expected = lengths.map((l) =>
            Array.from({ length: time }, (_, t) => (t < l ? 1 : 0)),
          );
          expect(fromNumbers.arraySync()).toEqual(expected);
          expect(fromTensor.arraySync()).toEqual(expected);
          tf.dispose([fromNumbers, lengthTensor, fromTensor]);
        },
      ),
    );
  });

  it('combineMasks allows a position exactly when every mask allows it, broadcasting', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 6 }),
        (lengths, tq) => {
          const tv = Math.max(...lengths, tq);
          const before = tf.memory().numTensors;
          const causal = causalMask(tq, tv); // [1, Tq, Tv]
          const padding = paddingMask(lengths, tv); // [B, Tv]
          const rows = padding.expandDims(1); // [B, 1, Tv]
          const combined = combineMasks(causal, null, rows) as tf.Tensor; // [B, Tq, Tv]
          const c = (causal.arraySync() as number[][][])[0] as number[][];
          const p = padding.arraySync() as number[][];
          const m = combined.arraySync() as number[][][];
          expect(combined.shape).toEqual([lengths.length, tq, tv]);
          m.forEach((plane, b) => {
            plane.forEach((row, i) => {
              for (const [j, v] of row.entries()) {
                expect(v).toBe(Math.min(c[i]?.[j] as number, p[b]?.[j] as number));
              }
            });
          });
          expect(combineMasks(null, undefined)).toBeNull();
          tf.dispose([causal, padding, rows, combined]);
          expect(tf.memory().numTensors).toBe(before);
        },
      ),
    );
  });

  it('invalid lengths always raise a SeqError naming the argument', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ queryLength: fc.integer({ max: 0 }) }),
          fc.record({ queryLength: fc.double({ min: 0.1, max: 5, noInteger: true }) }),
        ),
        (bad) => {
          let error: unknown = null;
          try {
            causalMask(bad.queryLength);
          } catch (e) {
            error = e;
          }
          expect(SeqError.isInstance(error)).toBe(true);
          expect((error as SeqError).argument).toBe('queryLength');
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: -1 }), { minLength: 1, maxLength: 3 }),
        (lengths) => {
          expect(() => paddingMask(lengths)).toThrow(SeqError);
        },
      ),
    );
  });
});
