import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { writeFileAtomically } from './write-file-atomically.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seq-atomic-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

it('replaces a file, creating missing folders, and leaves no temporary file', async () => {
  const file = path.join(dir, 'a', 'b', 'index.json');
  await writeFileAtomically(file, 'first');
  await writeFileAtomically(file, new TextEncoder().encode('second'));
  expect(await fs.readFile(file, 'utf8')).toBe('second');
  expect(await fs.readdir(path.dirname(file))).toEqual(['index.json']);
});

it('leaves the folder as it was when the rename fails', async () => {
  const target = path.join(dir, 'taken');
  await fs.mkdir(path.join(target, 'inside'), { recursive: true }); // a non-empty folder cannot be replaced by a file
  await expect(writeFileAtomically(target, 'data')).rejects.toThrow();
  expect(await fs.readdir(dir)).toEqual(['taken']);
});
