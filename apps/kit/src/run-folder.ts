import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomically } from '@seq/core/node';

/** The default output folder of a run: `runs/<app>/<timestamp>` (a timestamp safe in file names). */
export function defaultRunFolder(app: string, now = new Date()): string {
  return path.join('runs', app, now.toISOString().replace(/[:.]/g, '-'));
}

/** Writes `value` as indented JSON, atomically (a crash leaves the old file or the new one). */
export async function writeJson(file: string, value: unknown): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomically(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Reads a JSON file, or `null` when it does not exist. */
export async function readJson<T>(file: string): Promise<T | null> {
  const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  return text === null ? null : (JSON.parse(text) as T);
}
