import * as tf from '@tensorflow/tfjs';
import { SeqError } from './seq-error.js';
import {
  BACKEND_NAMES,
  type BackendName,
  tryBackend,
  type UseBackendOptions,
} from './use-backend.js';

/** Options of {@link useBestBackend}. */
export interface UseBestBackendOptions extends UseBackendOptions {
  /**
   * The backends to try, best first.
   * @defaultValue `['tensorflow', 'wasm', 'cpu']` in Node, `['webgpu', 'webgl', 'wasm', 'cpu']`
   *   in browsers
   */
  order?: readonly BackendName[];
}

/** A backend {@link useBestBackend} passed over. */
export interface SkippedBackend {
  /** The backend tried. */
  backend: BackendName;
  /** Why it was not used: its package did not load, or it failed to initialise. */
  reason: string;
}

/** What {@link useBestBackend} chose, and why it passed over the others. */
export interface BackendChoice {
  /** The active backend now. */
  backend: BackendName;
  /** The backends tried before it, each with the reason it was not used. */
  skipped: ReadonlyArray<SkippedBackend>;
  /** One line for logs: `tfjs backend: wasm (skipped tensorflow: ... not installed)`. */
  summary: string;
}

/** Whether this is Node.js (as opposed to a browser or a worker). */
function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/**
 * Picks the fastest tfjs backend that works here and makes it active: in Node, `tensorflow`
 * (from `@tensorflow/tfjs-node`, when it is installed and loads), else `wasm` (from
 * `@tensorflow/tfjs-backend-wasm`), else `cpu`. tfjs-node is never required: it is only tried.
 *
 * @returns the choice, with a one-line `summary` that apps print.
 * @throws {@link SeqError} when `order` is empty or names an unknown backend, or when none of
 *   the backends in `order` works.
 * @example
 * ```ts
 * const choice = await useBestBackend();
 * console.log(choice.summary); // tfjs backend: wasm (skipped tensorflow: ...)
 * ```
 */
export async function useBestBackend(options: UseBestBackendOptions = {}): Promise<BackendChoice> {
  const order =
    options.order ??
    (isNode() ? ['tensorflow', 'wasm', 'cpu'] : ['webgpu', 'webgl', 'wasm', 'cpu']);
  if (
    !Array.isArray(order) ||
    order.length === 0 ||
    !order.every((name) => BACKEND_NAMES.includes(name))
  ) {
    throw new SeqError({
      owner: 'useBestBackend',
      argument: 'order',
      expected: `a non-empty list of ${BACKEND_NAMES.map((n) => `"${n}"`).join(', ')}`,
      received: order,
    });
  }
  const skipped: SkippedBackend[] = [];
  for (const backend of order) {
    const reason = await tryBackend(backend, options);
    if (reason === null) {
      const notes = skipped.map((s) => `skipped ${s.backend}: ${s.reason}`).join('; ');
      return {
        backend: tf.getBackend() as BackendName,
        skipped,
        summary: `tfjs backend: ${backend}${notes ? ` (${notes})` : ''}`,
      };
    }
    skipped.push({ backend, reason });
  }
  throw new SeqError({
    owner: 'useBestBackend',
    argument: 'order',
    expected: 'a list with at least one backend that works here',
    receivedDescription: skipped.map((s) => `${s.backend} (${s.reason})`).join(', '),
  });
}
