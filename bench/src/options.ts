import { fileURLToPath } from 'node:url';

/** What every suite accepts on its command line. */
export interface BenchOptions {
  /**
   * `full` (the default): the sizes of the issue and enough repeats for a stable median;
   * `quick`: the same sizes, fewer repeats; `smoke`: tiny sizes and one repeat, for the test suite
   * (checks that the suite runs, not how fast).
   */
  mode: 'full' | 'quick' | 'smoke';
  /** The backends to run on, from `--backends=cpu,wasm`. @defaultValue both */
  backends: Array<'cpu' | 'wasm'>;
  /** Where the JSON goes, from `--out=<dir>`. @defaultValue `bench/results` */
  outDir: string;
  /** Only cases whose name contains this, from `--only=<text>`. */
  only: string | null;
}

/** The repository's `bench/results` folder. */
export const defaultOutDir = fileURLToPath(new URL('../results', import.meta.url));

/** Parses a suite's arguments; an unknown one is an error that says what is accepted. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    mode: 'full',
    backends: ['cpu', 'wasm'],
    outDir: defaultOutDir,
    only: null,
  };
  for (const arg of argv) {
    if (arg === '--quick') options.mode = 'quick';
    else if (arg === '--smoke') options.mode = 'smoke';
    else if (arg.startsWith('--backends=')) {
      const names = arg.slice('--backends='.length).split(',');
      const bad = names.filter((n) => n !== 'cpu' && n !== 'wasm');
      if (bad.length > 0 || names.length === 0) {
        throw new Error(`--backends: expected a list of cpu and wasm, got "${arg.slice(11)}"`);
      }
      options.backends = names as Array<'cpu' | 'wasm'>;
    } else if (arg.startsWith('--out=')) options.outDir = arg.slice('--out='.length);
    else if (arg.startsWith('--only=')) options.only = arg.slice('--only='.length);
    else if (arg !== '--') {
      throw new Error(
        `unknown argument "${arg}": expected --quick, --smoke, --backends=cpu,wasm, --out=<dir> or --only=<text>`,
      );
    }
  }
  return options;
}

/** Repeats for a workload: the full count, a third of it for `quick`, one for `smoke`. */
export function repeatsFor(options: BenchOptions, full: number): number {
  if (options.mode === 'smoke') return 1;
  return options.mode === 'quick' ? Math.max(2, Math.round(full / 3)) : full;
}
