import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Writes a file and flushes it to the disk before closing it.
 * @internal
 */
export async function writeDurably(
  file: string,
  data: string | Uint8Array,
  flags: 'w' | 'wx' = 'w',
): Promise<void> {
  const handle = await fs.open(file, flags);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Makes the renames in a folder durable; skipped where folders cannot be synced (Windows).
 * @internal
 */
export async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* directory fsync unsupported here */
  }
}

/**
 * Replaces a file atomically (Node only): writes a temporary file in the same folder, flushes it,
 * renames it over `file` in one step and syncs the folder. Readers see the old content or the new,
 * never a part; a failed write leaves the old file and no temporary behind. Missing folders are
 * created.
 *
 * @param file - The file to write; an existing file is replaced.
 * @param data - Its new content.
 * @example
 * ```ts
 * await writeFileAtomically('./runs/config.json', JSON.stringify(config));
 * ```
 */
export async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const temporary = path.join(
    dir,
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await writeDurably(temporary, data, 'wx');
    await fs.rename(temporary, target); // the commit point
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  await syncDir(dir);
}
