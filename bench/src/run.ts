/**
 * `pnpm bench [suite ...] [--quick | --smoke] [--backends=cpu,wasm] [--only=<text>] [--out=<dir>]`:
 * runs the named suites (all of them by default), each in its own Node process (a fresh tfjs, so
 * one suite's memory and kernels do not weigh on the next), one after the other. Each prints its
 * table and writes `<out>/<suite>.json` (default `bench/results`).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseOptions } from './options.js';

/** The suites, in the order of issue #10's list, each a script in this folder. */
export const SUITES = ['train-step', 'generation', 'beam-search', 'mat-mul', 'data'] as const;

const args = process.argv.slice(2).filter((a) => a !== '--');
const names = args.filter((a) => !a.startsWith('--'));
const flags = args.filter((a) => a.startsWith('--'));
const unknown = names.filter((n) => !(SUITES as readonly string[]).includes(n));
try {
  if (unknown.length > 0) {
    throw new Error(`unknown suite(s) ${unknown.join(', ')}: expected any of ${SUITES.join(', ')}`);
  }
  parseOptions(flags); // checks the flags once, before any suite starts
} catch (error) {
  console.error(`pnpm bench: ${(error as Error).message}`);
  process.exit(2);
}
let failed = 0;
const started = performance.now();
for (const suite of names.length > 0 ? names : SUITES) {
  console.log(`\n# ${suite}\n`);
  const script = fileURLToPath(new URL(`./${suite}.ts`, import.meta.url));
  // The same Node flags (tsx's loader, the @seq/source condition) for the child.
  const child = spawnSync(process.execPath, [...process.execArgv, script, ...flags], {
    stdio: 'inherit',
  });
  if (child.status !== 0) {
    failed++;
    console.error(`pnpm bench: ${suite} failed (exit code ${child.status ?? child.signal})`);
  }
}
const minutes = (performance.now() - started) / 60_000;
console.log(
  `\npnpm bench: ${failed > 0 ? `${failed} failed, ` : ''}done in ${minutes.toFixed(1)} min`,
);
process.exit(failed > 0 ? 1 : 0);
