import * as tf from '@tensorflow/tfjs';
import { fileSystem } from './file-system.js';

const SCHEME = 'file://';
const REGISTERED = Symbol.for('@seq/core.fileSystemRouter');

/**
 * The `tf.io` router for `file://` URLs: hands them to {@link fileSystem}, unless tfjs-node is
 * loaded, whose own `file://` handler then answers (two handlers for one URL are an error in tfjs).
 *
 * @param url - What was passed to `model.save` or `tf.loadLayersModel`.
 * @returns a handler for `file://` URLs, else `null`.
 * @example
 * ```ts
 * fileSystemRouter('file://./models/a'); // an IOHandler
 * fileSystemRouter('https://example.com/model.json'); // null
 * ```
 */
export function fileSystemRouter(url: string | string[]): tf.io.IOHandler | null {
  if (typeof url !== 'string' || !url.startsWith(SCHEME)) return null;
  if (tf.findBackendFactory('tensorflow') != null) return null;
  return fileSystem(url.slice(SCHEME.length));
}

/**
 * Registers {@link fileSystemRouter} for saving and loading, once per process (importing
 * `@seq/core/node` does this). Calling it again, from this or another copy of `@seq/core`, does
 * nothing.
 *
 * @returns whether this call registered the router (`false` when it was already there).
 * @example
 * ```ts
 * registerFileSystemRouter();
 * await model.save('file://./models/a');
 * ```
 */
export function registerFileSystemRouter(): boolean {
  const global = globalThis as { [REGISTERED]?: boolean };
  if (global[REGISTERED]) return false;
  // tfjs' IORouter type omits the `null` it accepts (and skips) at run time.
  const router = fileSystemRouter as (url: string | string[]) => tf.io.IOHandler;
  tf.io.registerSaveRouter(router);
  tf.io.registerLoadRouter(router);
  global[REGISTERED] = true;
  return true;
}
