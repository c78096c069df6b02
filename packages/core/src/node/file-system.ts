import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { SeqError } from '../seq-error.js';
import { syncDir, writeDurably } from './write-file-atomically.js';

const OWNER = 'fileSystem';
const MODEL_JSON = 'model.json';

/** Bytes per element of each weight dtype, after quantization where there is one. */
const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/** Options of {@link fileSystem}. */
export interface FileSystemOptions {
  /**
   * The manifest's file name inside the folder, when saving.
   * @defaultValue `'model.json'`
   */
  modelFileName?: string;
}

function ioError(argument: string, expected: string, received: string, cause?: unknown): SeqError {
  return new SeqError({ owner: OWNER, argument, expected, receivedDescription: received, cause });
}

/** Where a model is saved to or loaded from: its folder and its manifest file. */
function locate(target: string, modelFileName: string): { dir: string; manifest: string } {
  const resolved = path.resolve(target);
  if (resolved.toLowerCase().endsWith('.json')) {
    return { dir: path.dirname(resolved), manifest: resolved };
  }
  return { dir: resolved, manifest: path.join(resolved, modelFileName) };
}

/** Byte size of one manifest entry, or `null` where it cannot be known (string tensors). */
function byteSize(entry: tf.io.WeightsManifestEntry): number | null {
  const dtype = entry.quantization?.dtype ?? entry.dtype;
  const bytes = BYTES_PER_ELEMENT[dtype];
  if (bytes === undefined) return null;
  return entry.shape.reduce((a, b) => a * b, 1) * bytes;
}

/** Whether a path relative to a folder points outside it (`..w.bin` is a fine name inside). */
function leavesFolder(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
}

/**
 * Resolves a weights path of a manifest inside `dir`, refusing anything that would leave it:
 * absolute paths, `..` segments that climb out, URLs, and symbolic links pointing outside.
 */
async function resolveInside(dir: string, relative: unknown): Promise<string> {
  const expected = 'a relative path inside the model folder';
  if (typeof relative !== 'string' || relative.length === 0) {
    throw ioError('weightsManifest.paths', expected, JSON.stringify(relative) ?? 'undefined');
  }
  const quoted = JSON.stringify(relative);
  if (
    path.isAbsolute(relative) ||
    path.win32.isAbsolute(relative) ||
    /^[a-z][a-z0-9+.-]*:/i.test(relative) ||
    relative.includes('\0')
  ) {
    throw ioError('weightsManifest.paths', expected, `${quoted}, an absolute path or URL`);
  }
  const full = path.resolve(dir, relative);
  const rel = path.relative(dir, full);
  if (rel === '' || leavesFolder(rel)) {
    throw ioError('weightsManifest.paths', expected, `${quoted}, which leaves ${dir}`);
  }
  let real: string;
  let realDir: string;
  try {
    [real, realDir] = await Promise.all([fs.realpath(full), fs.realpath(dir)]);
  } catch (error) {
    throw ioError(
      'weightsManifest.paths',
      'a weights file that exists',
      `${quoted}, missing in ${dir}`,
      error,
    );
  }
  if (leavesFolder(path.relative(realDir, real))) {
    throw ioError('weightsManifest.paths', expected, `${quoted}, a link to ${real}`);
  }
  return full;
}

async function readManifest(file: string): Promise<tf.io.ModelJSON | null | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as tf.io.ModelJSON;
  } catch (error) {
    throw ioError(
      'path',
      'a model.json file holding valid JSON',
      `${file}, which does not parse`,
      error,
    );
  }
}

/**
 * A `tf.io` handler that saves models to and loads them from a folder on disk, in Node, without
 * tfjs-node. The files are those of `tf.io` everywhere: a `model.json` manifest and a binary weights
 * file beside it.
 *
 * Saving is atomic: the weights go to a new file, then the manifest is written to a temporary file
 * and renamed over `model.json` in one step, and only then are the old weights removed. A crash or
 * an error at any point leaves either the previous model or the new one, never a mix.
 *
 * Loading refuses weights paths in the manifest that leave the model's folder (`../`, absolute
 * paths, URLs, links pointing outside), and weights files whose size differs from what the
 * manifest describes, each with a {@link SeqError} that names the file. It builds no tensors, so a
 * failed load leaves nothing behind.
 *
 * Importing `@seq/core/node` also routes `file://` URLs here, so `model.save('file://dir')` and
 * `tf.loadLayersModel('file://dir/model.json')` work as they do with tfjs-node.
 *
 * @param target - For saving, the folder (created if missing); for loading, the folder or its
 *   `model.json`.
 * @example
 * ```ts
 * await model.save(fileSystem('./models/forecaster'));
 * const loaded = await tf.loadLayersModel(fileSystem('./models/forecaster/model.json'));
 * ```
 */
export function fileSystem(target: string, options: FileSystemOptions = {}): tf.io.IOHandler {
  if (typeof target !== 'string' || target.length === 0) {
    throw new SeqError({
      owner: OWNER,
      argument: 'target',
      expected: 'a non-empty path',
      received: target,
    });
  }
  const modelFileName = options.modelFileName ?? MODEL_JSON;
  if (
    typeof modelFileName !== 'string' ||
    !/^[^/\\]+\.json$/.test(modelFileName) ||
    modelFileName.startsWith('..')
  ) {
    throw new SeqError({
      owner: OWNER,
      argument: 'options.modelFileName',
      expected: 'a file name ending in .json, without folders',
      received: modelFileName,
    });
  }
  return {
    save: (artifacts) => save(locate(target, modelFileName), artifacts),
    load: () => load(locate(target, modelFileName)),
  };
}

async function save(
  where: { dir: string; manifest: string },
  artifacts: tf.io.ModelArtifacts,
): Promise<tf.io.SaveResult> {
  if (artifacts.modelTopology instanceof ArrayBuffer) {
    throw ioError('artifacts.modelTopology', 'a JSON model topology', 'a binary topology');
  }
  const { dir, manifest } = where;
  await fs.mkdir(dir, { recursive: true });
  const id = randomBytes(6).toString('hex');
  const weightsName = `weights-${id}.bin`;
  const weightsFile = path.join(dir, weightsName);
  const tmpManifest = `${manifest}.${id}.tmp`;
  const weightData =
    artifacts.weightData === undefined
      ? new ArrayBuffer(0)
      : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const modelJSON: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as object,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [weightsName], weights: artifacts.weightSpecs ?? [] }],
  };
  for (const key of [
    'trainingConfig',
    'signature',
    'userDefinedMetadata',
    'modelInitializer',
    'initializerSignature',
  ] as const) {
    if (artifacts[key] !== undefined)
      (modelJSON as unknown as Record<string, unknown>)[key] = artifacts[key];
  }
  const previous = (await readManifest(manifest).catch(() => null)) ?? null;
  try {
    await writeDurably(weightsFile, new Uint8Array(weightData));
    await writeDurably(tmpManifest, JSON.stringify(modelJSON));
    await syncDir(dir); // the new files' entries reach the disk before the manifest points at them
    await fs.rename(tmpManifest, manifest); // the commit point
  } catch (error) {
    await Promise.all([fs.rm(weightsFile, { force: true }), fs.rm(tmpManifest, { force: true })]);
    throw error;
  }
  await syncDir(dir);
  await removeStaleWeights(dir, previous, weightsName);
  await removeDebris(dir, path.basename(manifest), weightsName);
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      modelTopologyBytes: JSON.stringify(modelJSON.modelTopology).length,
      weightSpecsBytes: JSON.stringify(modelJSON.weightsManifest[0]?.weights ?? []).length,
      weightDataBytes: weightData.byteLength,
    },
  };
}

/** Removes the weights files the previous manifest used, if they lie inside the folder. */
async function removeStaleWeights(
  dir: string,
  previous: tf.io.ModelJSON | null,
  keep: string,
): Promise<void> {
  const groups = Array.isArray(previous?.weightsManifest) ? previous.weightsManifest : [];
  for (const group of groups) {
    for (const p of Array.isArray(group?.paths) ? group.paths : []) {
      if (p === keep) continue;
      try {
        await fs.rm(await resolveInside(dir, p), { force: true });
      } catch {
        /* a stale file outside the folder or already gone is left alone */
      }
    }
  }
}

/**
 * Removes what interrupted saves left behind: weights files and temporary manifests of seq's
 * naming pattern that the committed manifest does not use. Other files are never touched.
 */
async function removeDebris(dir: string, manifestName: string, keep: string): Promise<void> {
  const escaped = manifestName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const debris = new RegExp(`^(weights-[0-9a-f]{12}\\.bin|${escaped}\\.[0-9a-f]{12}\\.tmp)$`);
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (name !== keep && debris.test(name)) await fs.rm(path.join(dir, name), { force: true });
  }
}

async function load(where: { dir: string; manifest: string }): Promise<tf.io.ModelArtifacts> {
  const { dir, manifest } = where;
  const modelJSON = await readManifest(manifest);
  if (modelJSON === undefined) {
    throw ioError(
      'path',
      'the path of an existing model.json or its folder',
      `${manifest}, which does not exist`,
    );
  }
  if (modelJSON === null || typeof modelJSON !== 'object' || modelJSON.modelTopology == null) {
    throw ioError('path', 'a model.json with a modelTopology', `${manifest}, which has none`);
  }
  const groups = modelJSON.weightsManifest ?? [];
  const validGroup = (g: unknown): boolean => {
    const group = g as tf.io.WeightsManifestConfig[number] | null;
    return (
      group !== null &&
      typeof group === 'object' &&
      Array.isArray(group.paths) &&
      Array.isArray(group.weights) &&
      group.weights.every(
        (w) =>
          w !== null &&
          typeof w === 'object' &&
          typeof w.name === 'string' &&
          typeof w.dtype === 'string' &&
          Array.isArray(w.shape) &&
          w.shape.every((d) => Number.isInteger(d) && d >= 0),
      )
    );
  };
  if (!Array.isArray(groups) || !groups.every(validGroup)) {
    throw ioError(
      'weightsManifest',
      'a list of groups of {paths, weights: [{name, shape, dtype}]}',
      `a malformed weightsManifest in ${manifest}`,
    );
  }
  // Check every path and size before reading any weights.
  const files: string[][] = [];
  for (const group of groups) {
    const paths = await Promise.all((group.paths ?? []).map((p) => resolveInside(dir, p)));
    const expected = (group.weights ?? []).map(byteSize);
    if (expected.every((n) => n !== null)) {
      const want = (expected as number[]).reduce((a, b) => a + b, 0);
      const sizes = await Promise.all(paths.map(async (p) => (await fs.stat(p)).size));
      const got = sizes.reduce((a, b) => a + b, 0);
      if (got !== want) {
        const names = (group.paths ?? []).map((p) => JSON.stringify(p)).join(', ');
        throw ioError(
          'weightsManifest',
          `weights files of ${want} bytes, as the manifest describes`,
          `${names} of ${got} bytes`,
        );
      }
    }
    files.push(paths);
  }
  return tf.io.getModelArtifactsForJSON(modelJSON, async () => {
    const specs: tf.io.WeightsManifestEntry[] = [];
    const buffers: ArrayBuffer[] = [];
    for (const [i, group] of groups.entries()) {
      specs.push(...(group.weights ?? []));
      for (const file of files[i] ?? []) {
        const data = await fs.readFile(file);
        buffers.push(
          data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
        );
      }
    }
    return [specs, buffers]; // tfjs takes the shards as they are: no joined copy
  });
}
