import { type Tokenizer, type TokenizerJSON, tokenizerFromJSON } from '@seq/data';
import * as tf from '@tensorflow/tfjs';
import { sortModelFiles, tokenizerUrlFor } from './model-files.js';

/** A model and its tokenizer, loaded from files an app saved. */
export interface SavedModel {
  model: tf.LayersModel;
  tokenizer: Tokenizer;
  /** Where they came from, for the page. */
  source: string;
}

/**
 * Loads a model saved by a seq app (`model.json` and its weights, in `tf.io` format) and its
 * `tokenizer.json`, from files chosen in the page (`tf.io.browserFiles`).
 *
 * @throws Error when a file is missing or unreadable.
 */
export async function loadModelFromFiles(files: readonly File[]): Promise<SavedModel> {
  const sorted = sortModelFiles(files);
  if (!sorted.tokenizer) {
    throw new Error('Choose tokenizer.json too: the app saves it beside the model folder.');
  }
  const tokenizer = tokenizerFromJSON(JSON.parse(await sorted.tokenizer.text()) as TokenizerJSON);
  const model = await tf.loadLayersModel(tf.io.browserFiles([sorted.manifest, ...sorted.weights]));
  return {
    model,
    tokenizer,
    source: `${sorted.manifest.name} (${model.countParams()} parameters)`,
  };
}

/**
 * Loads a model and its tokenizer from addresses: `modelUrl` points at a `model.json` (its weights
 * are fetched beside it), `tokenizerUrl` defaults to `tokenizer.json` in the folder above, where
 * the apps write it.
 *
 * @throws Error when a file cannot be fetched or read.
 */
export async function loadModelFromUrl(modelUrl: string, tokenizerUrl = ''): Promise<SavedModel> {
  const base = document.baseURI;
  const tokenizerAddress = tokenizerUrl.trim() || tokenizerUrlFor(modelUrl, base);
  const response = await fetch(tokenizerAddress);
  if (!response.ok) {
    throw new Error(`${tokenizerAddress}: HTTP ${response.status} (the tokenizer is needed too)`);
  }
  const tokenizer = tokenizerFromJSON((await response.json()) as TokenizerJSON);
  const model = await tf.loadLayersModel(new URL(modelUrl, base).href);
  return { model, tokenizer, source: `${modelUrl} (${model.countParams()} parameters)` };
}
