import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreWasmMatMul, useWasmMatMul } from '../src/wasm-mat-mul-kernel.js';

const FAST = Symbol.for('@seq/core.fastWasmBatchMatMul');
const isFast = () =>
  Boolean(
    (
      (tf.getKernel('BatchMatMul', 'wasm') as tf.KernelConfig).kernelFunc as unknown as Record<
        symbol,
        unknown
      >
    )[FAST],
  );

describe('useWasmMatMul', () => {
  let previous: string;
  beforeAll(async () => {
    previous = tf.getBackend();
    await tf.setBackend('wasm');
  });
  afterAll(async () => {
    restoreWasmMatMul();
    await tf.setBackend(previous);
  });

  it("swaps seq's fast path for tfjs' kernel and back, with the same products", () => {
    const a = tf.randomNormal([3, 5, 4], 0, 1, 'float32', 1);
    const b = tf.randomNormal([6, 4], 0, 1, 'float32', 2);
    useWasmMatMul('seq');
    expect(isFast()).toBe(true);
    const fast = tf.matMul(a, b.expandDims(0).tile([3, 1, 1]), false, true);
    useWasmMatMul('tfjs');
    expect(isFast()).toBe(false);
    const original = tf.matMul(a, b.expandDims(0).tile([3, 1, 1]), false, true);
    restoreWasmMatMul();
    expect(isFast()).toBe(true);
    expect(Array.from(fast.dataSync())).toEqual(Array.from(original.dataSync()));
    tf.dispose([a, b, fast, original]);
  });
});
