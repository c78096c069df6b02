/** Something with a file name: a browser `File`, or a test's stand-in. */
export interface Named {
  name: string;
}

/** The files of a saved seq run, sorted by role. */
export interface ModelFiles<F extends Named> {
  /** The `tf.io` manifest, `model.json`. */
  manifest: F;
  /** The binary weight files the manifest names (`weights-<id>.bin`, `group1-shard1of1.bin`...). */
  weights: F[];
  /** The saved tokenizer, `tokenizer.json`, when one was chosen. */
  tokenizer: F | null;
}

/**
 * Sorts the files chosen in a file picker into what `tf.io.browserFiles` and a tokenizer need:
 * the apps write `model/model.json` and its `.bin` weights, and `tokenizer.json` beside the
 * folder. Other files (`config.json`, `metrics.json`...) are ignored.
 *
 * @throws Error naming what is missing: no `model.json`, or no weights file.
 */
export function sortModelFiles<F extends Named>(files: readonly F[]): ModelFiles<F> {
  const manifest = files.find((f) => f.name === 'model.json');
  if (!manifest) {
    const names = files.map((f) => f.name).join(', ') || 'none';
    throw new Error(
      `Choose the model's model.json, its .bin weights file(s) and tokenizer.json (chosen: ${names}).`,
    );
  }
  const weights = files.filter((f) => f.name.endsWith('.bin'));
  if (weights.length === 0) {
    throw new Error('model.json needs its weights: choose the .bin file(s) saved beside it too.');
  }
  return { manifest, weights, tokenizer: files.find((f) => f.name === 'tokenizer.json') ?? null };
}

/**
 * Where a run saved its tokenizer, from the address of its model: the apps write
 * `<run>/model/model.json` and `<run>/tokenizer.json`.
 */
export function tokenizerUrlFor(modelUrl: string, base: string): string {
  return new URL('../tokenizer.json', new URL(modelUrl, base)).href;
}
