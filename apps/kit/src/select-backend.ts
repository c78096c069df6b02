import { BACKEND_NAMES, type BackendName, useBackend, useBestBackend } from '@seq/core';
import { UsageError } from './usage-error.js';

/**
 * Selects the `--backend` the user named (a {@link UsageError} when it is unknown or does not load
 * here), or the best one that loads; returns a line to print.
 */
export async function selectBackend(name: string | undefined): Promise<string> {
  if (name === undefined) return (await useBestBackend()).summary;
  if (!BACKEND_NAMES.includes(name as BackendName)) {
    throw new UsageError(
      `--backend must be one of ${BACKEND_NAMES.join(', ')}; received ${JSON.stringify(name)}`,
    );
  }
  try {
    await useBackend(name as BackendName);
  } catch (error) {
    throw new UsageError(`--backend ${name} does not load here: ${(error as Error).message}`);
  }
  return `tfjs backend: ${name}`;
}
