import { type BackendChoice, useBackend, useBestBackend } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendRequest, PageBackend } from './backends.js';

/**
 * How the page loads the backends that `@tensorflow/tfjs` does not bring: written-out dynamic
 * imports, so that Vite bundles them as chunks fetched on first use. The wasm backend is told
 * where Vite put its three binaries (it needs all three named; it fetches one: the SIMD build, or
 * the threaded one on a cross-origin isolated page, which a plain static host does not give).
 */
const importers = {
  wasm: async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlainUrl,
      'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
    });
  },
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
};

/**
 * Makes a backend active through `@seq/core` (`useBackend`, or `useBestBackend` for `'best'`,
 * which tries webgpu, webgl, wasm, then cpu), and says which one runs.
 *
 * @throws {@link @seq/core!index.SeqError} when the backend asked for does not load here.
 */
export async function selectBackend(request: BackendRequest): Promise<BackendChoice> {
  if (request === 'best') {
    const order: PageBackend[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
    const usable = order.filter((name) => name !== 'webgpu' || 'gpu' in navigator);
    return useBestBackend({ order: usable, importers });
  }
  await useBackend(request, { importers });
  return {
    backend: tf.getBackend() as PageBackend,
    skipped: [],
    summary: `tfjs backend: ${request}`,
  };
}
