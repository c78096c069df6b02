import { registerWasmKernels } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

type Variant = 'tfjs' | 'seq';

/**
 * Swaps the wasm backend's `BatchMatMul` between tfjs' own kernel (`'tfjs'`) and the fast path
 * `@seq/core` registers over it (`'seq'`), so a benchmark can time both in one run. The wasm
 * backend must be active.
 */
export function useWasmMatMul(variant: Variant): void {
  registerWasmKernels(); // idempotent: makes sure the fast path is the registered kernel first
  const current = tf.getKernel('BatchMatMul', 'wasm') as tf.KernelConfig;
  const marks = current.kernelFunc as unknown as Record<symbol, tf.KernelConfig | undefined>;
  const original = marks[Symbol.for('@seq/core.originalWasmBatchMatMul')];
  if (original === undefined) return; // the registered kernel is tfjs' own: nothing to swap
  if (variant === 'tfjs') {
    fast = current;
    tf.unregisterKernel('BatchMatMul', 'wasm');
    tf.registerKernel(original);
  }
}

let fast: tf.KernelConfig | null = null;

/** Puts the fast path back after {@link useWasmMatMul}('tfjs'). */
export function restoreWasmMatMul(): void {
  if (fast === null) return;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel(fast);
  fast = null;
}
