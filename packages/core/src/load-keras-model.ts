import * as tf from '@tensorflow/tfjs';
import { formatShape } from './describe-value.js';
import {
  type KerasLayerInfo,
  type KerasModelTopology,
  normalizeKerasTopology,
} from './normalize-keras-topology.js';
import { SeqError } from './seq-error.js';

const OWNER = 'loadKerasModel';

function handlerOf(source: string | tf.io.IOHandler): tf.io.IOHandler {
  if (source !== null && typeof source === 'object' && typeof source.load === 'function')
    return source;
  if (typeof source === 'string' && source.length > 0) {
    const handlers = tf.io.getLoadHandlers(source);
    if (handlers.length === 1) return handlers[0] as tf.io.IOHandler;
    if (/^https?:\/\//i.test(source)) return tf.io.http(source);
  }
  throw new SeqError({
    owner: OWNER,
    argument: 'source',
    expected:
      "the URL of a model.json, a file:// URL or path handler (in Node, import '@seq/core/node' and pass fileSystem(folder)), or a tf.io IOHandler",
    received: source,
  });
}

const BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/**
 * Quantized weights as tfjs decodes them: uint8 or uint16 with a finite `scale` and `min` (any
 * dtype), or float16 for a float32 weight.
 */
function validQuantization(spec: tf.io.WeightsManifestEntry): boolean {
  const q = spec.quantization as { dtype?: unknown; scale?: unknown; min?: unknown };
  if (q.dtype === 'float16') return spec.dtype === 'float32';
  return (
    (q.dtype === 'uint8' || q.dtype === 'uint16') &&
    Number.isFinite(q.scale) &&
    Number.isFinite(q.min)
  );
}

/** The weight entries of the manifest, checked: names, shapes and dtypes tfjs can decode. */
function checkedSpecs(specs: unknown): tf.io.WeightsManifestEntry[] {
  if (specs === undefined || specs === null) return [];
  if (!Array.isArray(specs)) {
    throw new SeqError({
      owner: OWNER,
      argument: 'weightSpecs',
      expected: 'a list of weights {name, shape, dtype}',
      received: specs,
    });
  }
  for (const spec of specs) {
    const quantized = spec?.quantization?.dtype;
    const dtype = quantized ?? spec?.dtype;
    const valid =
      spec !== null &&
      typeof spec === 'object' &&
      typeof spec.name === 'string' &&
      Array.isArray(spec.shape) &&
      spec.shape.every((d: unknown) => Number.isSafeInteger(d) && (d as number) >= 0) &&
      (spec.dtype === 'float32' || spec.dtype === 'int32' || spec.dtype === 'bool') &&
      (spec.quantization == null ||
        (typeof spec.quantization === 'object' && validQuantization(spec))) &&
      BYTES[dtype] !== undefined;
    if (!valid) {
      throw new SeqError({
        owner: OWNER,
        argument: 'weightsManifest',
        expected:
          'weights {name, shape of non-negative integers, dtype float32, int32 or bool, optional quantization: uint8 or uint16 with a finite scale and min, or float16 for float32}',
        receivedDescription: JSON.stringify(spec)?.slice(0, 200) ?? String(spec),
      });
    }
  }
  return specs as tf.io.WeightsManifestEntry[];
}

function byteLengthOf(data: tf.io.WeightData): number {
  return Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength;
}

/** Candidate target names of a weight written under `name`: as written, then shortened. */
function candidates(name: string): string[] {
  const parts = name.replace(/:\d+$/, '').split('/');
  const out = [parts.join('/')];
  // tfjs' own rule: Keras nests RNN weights in the cell (gru/gru_cell/kernel -> gru/kernel).
  if (parts.length >= 3) out.push([...parts.slice(0, -2), parts[parts.length - 1]].join('/'));
  // Keras 3 may prefix the model's name (sequential/gru/gru_cell/kernel).
  for (let drop = 1; drop < parts.length - 1; drop++) {
    const rest = parts.slice(drop);
    out.push(rest.join('/'));
    if (rest.length >= 3) out.push([...rest.slice(0, -2), rest[rest.length - 1]].join('/'));
  }
  return out;
}

/**
 * Loads a Keras model converted for TensorFlow.js (`tensorflowjs_converter --input_format keras`,
 * a `model.json` and its weight shards, from Keras 2.x or Keras 3) as a `tf.LayersModel`: the
 * layers tfjs lacks or gets wrong load as seq's (`GRU` with `reset_after`, `Conv1D` with causal
 * and dilated convolutions, `MultiHeadAttention`, `Attention`, `AdditiveAttention`, keras-hub's
 * `TransformerEncoder`, `TransformerDecoder`,
 * `SinePositionEncoding`, `PositionEmbedding` and `TokenAndPositionEmbedding`), every other layer
 * as tfjs' own. Each seq package adds its mappings when it is imported, so import the packages
 * whose layers the model uses.
 *
 * Weights load by name, whichever way Keras wrote them (`gru/gru_cell/kernel` loads into seq's
 * `gru/kernel`); every weight of the file must find its layer's weight with the same shape, and
 * every weight of the model must be in the file. The model comes back uncompiled (compile it to
 * train; Keras' training config is not carried over). A failed load leaves nothing behind.
 *
 * @param source - A URL of a `model.json`, or a `tf.io` IOHandler (in Node, `fileSystem(folder)`
 *   from `@seq/core/node`, or a `file://` URL once `@seq/core/node` is imported).
 * @throws {@link SeqError} naming the layer, its class and what is missing: a layer class that no
 *   imported seq package maps and tfjs lacks, a config a mapping cannot honour, a weight without a
 *   target or with the wrong shape, a missing weight, a malformed topology; and the IO handler's
 *   own errors.
 * @example
 * ```ts
 * import '@seq/layers'; // maps GRU and Conv1D
 * import { fileSystem } from '@seq/core/node';
 * const model = await loadKerasModel(fileSystem('./converted/forecaster'));
 * const forecast = model.predict(windows) as tf.Tensor;
 * ```
 */
export async function loadKerasModel(source: string | tf.io.IOHandler): Promise<tf.LayersModel> {
  const handler = handlerOf(source);
  const artifacts = await (handler.load as NonNullable<tf.io.IOHandler['load']>)();
  const { modelTopology, layers } = normalizeKerasTopology(artifacts.modelTopology);
  const specs = checkedSpecs(artifacts.weightSpecs);
  const data = artifacts.weightData;
  // Every weight starts at zero and must then come from the file: the operating system hands out
  // zeroed memory lazily, so a topology describing a model far larger than its weights file costs
  // neither time nor memory before its weights are matched against the file and refused (and no
  // initializer runs, such as tfjs' slow orthogonal one).
  const model = await build(modelTopology);
  let decoded: tf.NamedTensorMap = {};
  try {
    const targets = weightTargets(model, specs, layers);
    if (specs.length > 0) {
      if (!data) {
        throw new SeqError({
          owner: OWNER,
          argument: 'weightData',
          expected: 'the weights the manifest lists',
          receivedDescription: 'none',
        });
      }
      const want = specs.reduce(
        (n, spec) =>
          n +
          spec.shape.reduce((a, b) => a * b, 1) *
            (BYTES[spec.quantization?.dtype ?? spec.dtype] as number),
        0,
      );
      if (byteLengthOf(data) !== want) {
        throw new SeqError({
          owner: OWNER,
          argument: 'weightData',
          expected: `${want} bytes, as the manifest describes`,
          receivedDescription: `${byteLengthOf(data)} bytes`,
        });
      }
      decoded = tf.io.decodeWeights(data, specs);
      const byTarget: tf.NamedTensorMap = {};
      for (const { spec, target } of targets) byTarget[target] = decoded[spec.name] as tf.Tensor;
      model.loadWeights(byTarget, true);
    }
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    tf.dispose(Object.values(decoded));
  }
}

/**
 * Builds a model from a normalized topology with every weight at zero: each layer's weights
 * (tfjs' and seq's alike) are created by a zeros initializer instead of their own, while their
 * configs keep their initializers. tfjs builds the model synchronously (modelFromJSON awaits
 * nothing without a weights manifest), so patching the base class's `addWeight` for the call is
 * safe (no other code runs before it is put back), a scope around the call catches every tensor
 * the build made (the variables it keeps are not in the scope), and the variables made during the
 * call are the build's: freed if tfjs refuses the config half-way.
 */
async function build(modelTopology: KerasModelTopology): Promise<tf.LayersModel> {
  const variables = () => Object.keys(tf.engine().state.registeredVariables);
  const existing = new Set(variables());
  let created: string[] = [];
  // `addWeight` is protected in tfjs' types: reach it through the prototype.
  const prototype = tf.layers.Layer.prototype as unknown as {
    addWeight: (this: tf.layers.Layer, ...args: unknown[]) => tf.LayerVariable;
  };
  const addWeight = prototype.addWeight;
  const zero = tf.initializers.zeros();
  try {
    let built: Promise<tf.LayersModel>;
    tf.engine().startScope();
    prototype.addWeight = function (name, shape, dtype, _initializer, ...rest) {
      return addWeight.call(this, name, shape, dtype, zero, ...rest);
    };
    try {
      built = tf.models.modelFromJSON({ modelTopology } as unknown as tf.io.ModelJSON);
    } finally {
      prototype.addWeight = addWeight;
      tf.engine().endScope();
      created = variables().filter((name) => !existing.has(name));
    }
    return await built;
  } catch (error) {
    const registered = tf.engine().state.registeredVariables;
    for (const name of created) registered[name]?.dispose();
    if (error instanceof SeqError) throw error;
    throw new SeqError({
      owner: OWNER,
      argument: 'modelTopology',
      expected: 'a model tfjs can build once seq has mapped its layers',
      receivedDescription: `one it refused: ${(error as Error)?.message ?? String(error)}`,
    });
  }
}

/**
 * Which weight of the model each weight of the file loads into. Every weight of the file must
 * find one weight of the model of the same shape, and every weight of the model must be in the file.
 */
function weightTargets(
  model: tf.LayersModel,
  specs: tf.io.WeightsManifestEntry[],
  layers: KerasLayerInfo[],
): { spec: tf.io.WeightsManifestEntry; target: string }[] {
  const targets = new Map<string, { variable: tf.LayerVariable; layer: string }>();
  for (const layer of model.layers.flatMap(function all(l): tf.layers.Layer[] {
    return l instanceof tf.LayersModel ? l.layers.flatMap(all) : [l];
  })) {
    for (const w of layer.weights) targets.set(w.originalName, { variable: w, layer: layer.name });
  }
  const classOf = (layerName: string) => {
    const info = layers.find((l) => l.name === layerName);
    return info
      ? `${info.kerasClassName}${info.className !== info.kerasClassName ? ` (loaded as ${info.className})` : ''}`
      : 'a layer';
  };
  const assigned = new Map<string, string>(); // target name -> file name
  const renamed: { spec: tf.io.WeightsManifestEntry; target: string }[] = [];
  for (const spec of specs) {
    const target = candidates(spec.name).find((c) => targets.has(c));
    if (target !== undefined && assigned.has(target)) {
      throw new SeqError({
        owner: OWNER,
        argument: 'weightsManifest',
        expected: 'one weight in the file per weight of the model',
        receivedDescription: `"${assigned.get(target)}" and "${spec.name}", which both name ${target}`,
      });
    }
    if (target === undefined) {
      throw new SeqError({
        owner: OWNER,
        argument: 'weightsManifest',
        expected: 'weights that each belong to a weight of the model',
        receivedDescription: `the weight "${spec.name}" ${formatShape(spec.shape)}, which no layer of the model has (its layers' weights: ${[...targets.keys()].slice(0, 12).join(', ')}${targets.size > 12 ? ', ...' : ''})`,
      });
    }
    const { variable, layer } = targets.get(target) as {
      variable: tf.LayerVariable;
      layer: string;
    };
    if (variable.dtype !== spec.dtype) {
      throw new SeqError({
        owner: OWNER,
        argument: 'weightsManifest',
        expected: `for layer "${layer}" of class ${classOf(layer)}, the weight ${target} of dtype ${variable.dtype}`,
        receivedDescription: `"${spec.name}" of dtype ${spec.dtype}`,
      });
    }
    if (!tf.util.arraysEqual(variable.shape as number[], spec.shape)) {
      throw new SeqError({
        owner: OWNER,
        argument: 'weightsManifest',
        expected: `for layer "${layer}" of class ${classOf(layer)}, the weight ${target} of shape ${formatShape(variable.shape)}`,
        receivedDescription: `"${spec.name}" of shape ${formatShape(spec.shape)}`,
      });
    }
    assigned.set(target, spec.name);
    renamed.push({ spec, target });
  }
  const missing = [...targets.keys()].filter((name) => !assigned.has(name));
  if (missing.length > 0) {
    const first = targets.get(missing[0] as string)?.layer ?? '';
    throw new SeqError({
      owner: OWNER,
      argument: 'weightsManifest',
      expected: `every weight of the model, including those of layer "${first}" of class ${classOf(first)}`,
      receivedDescription: `a file without ${missing.slice(0, 6).join(', ')}${missing.length > 6 ? ', ...' : ''}`,
    });
  }
  return renamed;
}
