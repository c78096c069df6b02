import * as tf from '@tensorflow/tfjs';
import { registerWasmKernels } from './register-wasm-kernels.js';
import { SeqError } from './seq-error.js';

/** The tfjs backends seq knows how to load. */
export type BackendName = 'tensorflow' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/**
 * Every {@link BackendName}, fastest first.
 *
 * @example
 * ```ts
 * BACKEND_NAMES.includes(name as BackendName); // is it a backend seq can load?
 * ```
 */
export const BACKEND_NAMES: readonly BackendName[] = [
  'tensorflow',
  'webgpu',
  'webgl',
  'wasm',
  'cpu',
];

/**
 * The npm package that registers each backend that `@tensorflow/tfjs` does not bring itself.
 *
 * @example
 * ```ts
 * BACKEND_PACKAGES.wasm; // '@tensorflow/tfjs-backend-wasm'
 * ```
 */
export const BACKEND_PACKAGES: Readonly<Partial<Record<BackendName, string>>> = {
  tensorflow: '@tensorflow/tfjs-node',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
  wasm: '@tensorflow/tfjs-backend-wasm',
};

/** Loads the package of a backend; replace it where a bundler must see static imports. */
export type BackendImporter = () => Promise<unknown>;

/** Options of {@link useBackend} and {@link useBestBackend}. */
export interface UseBackendOptions {
  /**
   * How to load each backend's package, instead of a dynamic `import()` of its name (bundlers
   * need `() => import('@tensorflow/tfjs-backend-wasm')` written out to include it).
   * @defaultValue dynamic imports of {@link BACKEND_PACKAGES}
   */
  importers?: Partial<Record<BackendName, BackendImporter>>;
}

const importPackage = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/**
 * Tries to make `name` the active backend; resolves to `null` on success, else to the reason.
 * @internal
 */
export async function tryBackend(
  name: BackendName,
  options: UseBackendOptions = {},
): Promise<string | null> {
  if (tf.findBackendFactory(name) == null) {
    const importer = options.importers?.[name];
    const specifier = BACKEND_PACKAGES[name];
    if (importer === undefined && specifier === undefined) return 'not registered';
    try {
      await (importer ? importer() : importPackage(specifier as string));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (
        (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
        specifier &&
        reasonOf(error).includes(`'${specifier}'`)
      ) {
        return `${specifier} is not installed`;
      }
      return `${specifier ?? name} did not load: ${reasonOf(error)}`;
    }
    if (tf.findBackendFactory(name) == null) {
      return `${specifier ?? name} loaded but registered no '${name}' backend with this copy of @tensorflow/tfjs (is a second copy installed?)`;
    }
  }
  // tfjs records the new backend's name before initialising it: on failure, switch back, or every
  // later op would throw.
  const previous = tf.getBackend();
  let reason: string;
  try {
    if (await tf.setBackend(name)) {
      await tf.ready();
      if (name === 'wasm') registerWasmKernels(); // the fast matMul needs the loaded backend
      return null;
    }
    reason = 'failed to initialise';
  } catch (error) {
    reason = `failed to initialise: ${reasonOf(error)}`;
  }
  if (previous && previous !== name) await tf.setBackend(previous);
  else if (!previous) await fallBackFrom(name);
  return reason;
}

/**
 * After `failed` could not initialise with no backend active before it: tfjs has recorded its name
 * as the active backend (`tf.getBackend()` says `failed`) and the first op would initialise
 * whichever backend tfjs likes best. Makes the best other registered backend that initialises the
 * active one instead, so that what `tf.getBackend()` says is what runs.
 */
async function fallBackFrom(failed: string): Promise<void> {
  const factories = (
    tf.engine() as unknown as { registryFactory: Record<string, { priority: number }> }
  ).registryFactory;
  const others = Object.keys(factories)
    .filter((n) => n !== failed)
    .sort((a, b) => (factories[b]?.priority ?? 0) - (factories[a]?.priority ?? 0));
  for (const other of others) {
    try {
      if (await tf.setBackend(other)) return;
    } catch {
      // try the next one
    }
  }
}

/**
 * Makes `name` the active tfjs backend, loading its package first when needed.
 *
 * @throws {@link SeqError} when `name` is unknown, or when the backend cannot be loaded or
 *   initialised (the message says why).
 * @example
 * ```ts
 * await useBackend('wasm');
 * tf.getBackend(); // 'wasm'
 * ```
 */
export async function useBackend(
  name: BackendName,
  options: UseBackendOptions = {},
): Promise<void> {
  if (!BACKEND_NAMES.includes(name)) {
    throw new SeqError({
      owner: 'useBackend',
      argument: 'name',
      expected: `one of ${BACKEND_NAMES.map((n) => `"${n}"`).join(', ')}`,
      received: name,
    });
  }
  const reason = await tryBackend(name, options);
  if (reason !== null) {
    throw new SeqError({
      owner: 'useBackend',
      argument: 'name',
      expected: 'a backend that loads and initialises here',
      receivedDescription: `"${name}", which ${reason}`,
    });
  }
}
