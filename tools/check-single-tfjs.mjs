#!/usr/bin/env node
// Fails when pnpm-lock.yaml holds more than one copy of any @tensorflow/* package: two versions,
// or one version installed twice for different peers. Two copies of tfjs-core mean two engines,
// two registries of layers and backends, and models that silently stop working.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The packages seq needs exactly one of; the others of the family are checked too. */
export const REQUIRED_SINGLE = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'];

/**
 * Lists every copy of each @tensorflow/* package in a pnpm v9 lockfile: the `snapshots:` keys,
 * which name the version and the peers each copy was installed for.
 * @param {string} lockText
 * @returns {Map<string, string[]>} package name -> its snapshot keys
 */
export function tfjsCopies(lockText) {
  const copies = new Map();
  let section = '';
  for (const line of lockText.split(/\r?\n/)) {
    const top = /^(\w+):/.exec(line);
    if (top) {
      section = top[1];
      continue;
    }
    if (section !== 'snapshots') continue;
    const entry = /^ {2}'?(@tensorflow\/[a-z0-9-]+)@([^:']+)'?:/.exec(line);
    if (!entry) continue;
    const list = copies.get(entry[1]) ?? [];
    list.push(`${entry[1]}@${entry[2]}`);
    copies.set(entry[1], list);
  }
  return copies;
}

/**
 * The problems with a lockfile's tfjs copies, one message each; empty when all is well.
 * @param {string} lockText
 * @returns {string[]}
 */
export function checkSingleTfjs(lockText) {
  const copies = tfjsCopies(lockText);
  const problems = [];
  for (const name of REQUIRED_SINGLE) {
    if (!copies.has(name)) problems.push(`${name} is not in the lockfile at all`);
  }
  for (const [name, list] of copies) {
    if (list.length > 1) {
      problems.push(`${name} is installed ${list.length} times: ${list.join(', ')}`);
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? fileURLToPath(new URL('../pnpm-lock.yaml', import.meta.url));
  const problems = checkSingleTfjs(readFileSync(file, 'utf8'));
  if (problems.length > 0) {
    console.error(`One tfjs: ${file} has more than one copy of tfjs:`);
    for (const p of problems) console.error(`- ${p}`);
    console.error('Align every @tensorflow/* range on one version (pnpm.overrides can force it).');
    process.exit(1);
  }
  console.log(
    `One tfjs: one copy each of ${[...tfjsCopies(readFileSync(file, 'utf8')).keys()].join(', ')}`,
  );
}
