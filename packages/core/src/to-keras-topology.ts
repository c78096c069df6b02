import * as tf from '@tensorflow/tfjs';
import {
  type KerasExportContext,
  type KerasVersion,
  kerasExportMapping,
} from './keras-export-mapping.js';
import type { KerasConfig } from './keras-layer-mapping.js';
import type { KerasModelTopology } from './normalize-keras-topology.js';
import { SeqError } from './seq-error.js';

const OWNER = 'toKerasTopology';
const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/** Options of {@link toKerasTopology} and `saveForKeras`. */
export interface ToKerasOptions {
  /**
   * The Keras to write for: 3 (Keras 3's call nodes, `batch_shape`, keras-hub names) or 2 (tf.keras
   * 2.x and tf-keras: `[[layer, node, tensor, kwargs]]` call nodes, keras-nlp names).
   * @defaultValue 3
   */
  kerasVersion?: KerasVersion;
}

type Reference = [string, number, number];

function fail(argument: string, expected: string, receivedDescription: string): never {
  throw new SeqError({ owner: OWNER, argument, expected, receivedDescription });
}

/** Every layer of a model by name, nested models' included. */
function layersByName(model: tf.LayersModel): Map<string, tf.layers.Layer> {
  const out = new Map<string, tf.layers.Layer>();
  const visit = (layer: tf.layers.Layer) => {
    out.set(layer.name, layer);
    if (layer instanceof tf.LayersModel) for (const inner of layer.layers) visit(inner);
  };
  for (const layer of model.layers) visit(layer);
  return out;
}

/**
 * Writes a model's topology in the form Keras reads (what `tensorflowjs_converter --input_format
 * keras` writes into `model.json` for Keras 3 or Keras 2.x): seq's layers under Keras' class names
 * and configs (each seq package registers its own, see {@link registerKerasExport}), tfjs' own
 * layers as tfjs writes them (their names and configs are Keras'), `Functional` models, and the
 * call nodes in that Keras' form (`MultiHeadAttention`'s `value` by keyword). A seq layer Keras has
 * no class for (a layer-normalized cell, a WaveNet block) is refused by name. The result is what
 * `saveForKeras` writes as `modelTopology`; `loadKerasModel` loads it back. Pure: the model is not
 * changed.
 *
 * @param model - A built `tf.LayersModel` (functional or sequential).
 * @throws {@link SeqError} naming the layer and its class, for a seq layer without a Keras class
 *   or with a setting Keras lacks, and for an activation that means another function in that
 *   Keras (`hard_sigmoid`).
 * @example
 * ```ts
 * import '@seq/layers'; // registers GRU, LSTM, SimpleRNN, RNN and Conv1D
 * const topology = toKerasTopology(model); // { keras_version, backend, model_config }
 * topology.model_config.config.layers[1].class_name; // 'GRU', not 'seq.GRU'
 * ```
 */
export function toKerasTopology(
  model: tf.LayersModel,
  options: ToKerasOptions = {},
): KerasModelTopology {
  if (!(model instanceof tf.LayersModel)) {
    throw new SeqError({
      owner: OWNER,
      argument: 'model',
      expected: 'a tf.LayersModel',
      received: model,
    });
  }
  const kerasVersion = options?.kerasVersion ?? 3;
  if (kerasVersion !== 2 && kerasVersion !== 3) {
    throw new SeqError({
      owner: OWNER,
      argument: 'options.kerasVersion',
      expected: '2 or 3',
      received: kerasVersion,
    });
  }
  const saved = model.toJSON(null, false) as unknown as KerasConfig;
  const context: KerasExportContext = { kerasVersion };
  const writer = new Writer(layersByName(model), context);
  return {
    keras_version: kerasVersion === 2 ? '2.15.0' : '3.0.0',
    backend: 'tensorflow',
    model_config: writer.model(saved, 'model'),
  };
}

class Writer {
  constructor(
    private readonly layers: Map<string, tf.layers.Layer>,
    private readonly context: KerasExportContext,
  ) {}

  model(saved: KerasConfig, where: string): KerasConfig {
    const className = saved.class_name as string;
    if (className === 'Sequential') return this.sequential(saved, where);
    const config = saved.config as KerasConfig;
    const layers = (config.layers as KerasConfig[]).map((layer) => this.layer(layer, where, true));
    const out: KerasConfig = { ...config, layers };
    if (this.context.kerasVersion === 3) out.trainable = true;
    return { class_name: 'Functional', config: out };
  }

  private sequential(saved: KerasConfig, where: string): KerasConfig {
    const config = saved.config as KerasConfig;
    const layers = (config.layers as KerasConfig[]).map((layer) => this.layer(layer, where, false));
    if (this.context.kerasVersion === 2 || layers.length === 0) {
      return { class_name: 'Sequential', config: { ...config, layers } };
    }
    // Keras 3 writes the input as a layer of its own, and the shape the model was built for.
    const first = layers[0] as KerasConfig;
    const { batch_input_shape: batchShape, dtype, ...firstConfig } = first.config as KerasConfig;
    if (batchShape === undefined) {
      return { class_name: 'Sequential', config: { ...config, trainable: true, layers } };
    }
    const input: KerasConfig = {
      class_name: 'InputLayer',
      config: {
        batch_shape: batchShape,
        dtype: dtype ?? 'float32',
        sparse: false,
        name: 'input_layer',
      },
    };
    return {
      class_name: 'Sequential',
      config: {
        ...config,
        trainable: true,
        layers: [input, { ...first, config: firstConfig }, ...layers.slice(1)],
        build_input_shape: batchShape,
      },
    };
  }

  private layer(saved: KerasConfig, where: string, functional: boolean): KerasConfig {
    const className = saved.class_name as string;
    const config = saved.config as KerasConfig;
    const name = String(config?.name ?? saved.name);
    const at = `${where} layer "${name}"`;
    if (MODEL_CLASSES.has(className)) {
      const nested = this.model(saved, at);
      return functional
        ? { ...nested, name: saved.name, inbound_nodes: this.nodes(saved, [], at) }
        : nested;
    }
    const mapping = kerasExportMapping(className);
    if (!mapping && className.startsWith('seq.')) {
      fail(
        'model',
        'layers Keras has (the guide "Coming from Keras" lists the seq layers that export)',
        `layer "${name}" of class ${className}, which Keras has no class for`,
      );
    }
    let kerasClass = className;
    let kerasConfig = this.wrapped(config, at);
    if (mapping) {
      const result = mapping.toKerasConfig ? mapping.toKerasConfig(config, this.context) : config;
      if (typeof result === 'string') {
        fail(
          'model',
          `a setting Keras' class supports`,
          `layer "${name}" (${className}): ${result}`,
        );
      }
      kerasConfig = result;
      kerasClass =
        typeof mapping.kerasClassName === 'function'
          ? mapping.kerasClassName(this.context)
          : mapping.kerasClassName;
    }
    checkActivations(kerasConfig, className, name, mapping !== undefined, this.context);
    if (className === 'InputLayer' && this.context.kerasVersion === 3) {
      const { batch_input_shape: batchShape, ...rest } = kerasConfig;
      kerasConfig = { ...rest, batch_shape: batchShape };
    }
    const out: KerasConfig = { class_name: kerasClass, config: kerasConfig };
    if (functional) {
      out.name = saved.name;
      out.inbound_nodes = this.nodes(saved, mapping?.inputs ?? [], at);
    }
    return out;
  }

  /** A wrapper's inner layers (Bidirectional's `layer` and `backward_layer`) written for Keras. */
  private wrapped(config: KerasConfig, where: string): KerasConfig {
    let out = config;
    for (const key of ['layer', 'backward_layer'] as const) {
      const inner = config[key] as KerasConfig | undefined;
      if (inner === null || typeof inner !== 'object' || typeof inner.class_name !== 'string')
        continue;
      const written = this.layer(inner, `${where} (${key})`, false);
      // Keras 3 reads a nested layer by its module (Keras 2 ignores the key).
      const kerasClass = String(written.class_name);
      out = {
        ...out,
        [key]:
          this.context.kerasVersion === 3 && !kerasClass.includes('>')
            ? { module: 'keras.layers', ...written, registered_name: null }
            : written,
      };
    }
    return out;
  }

  /** tfjs writes Keras 2's nodes with every input in one list; Keras' layers take some by keyword. */
  private nodes(saved: KerasConfig, inputs: readonly string[], where: string): unknown[] {
    const nodes = (saved.inbound_nodes as unknown[][] | undefined) ?? [];
    return nodes.map((node) => {
      const refs = node.map((entry) => {
        if (!Array.isArray(entry) || typeof entry[0] !== 'string')
          fail(where, 'inbound tensors [layer, node, tensor, kwargs]', JSON.stringify(entry));
        return [entry[0], Number(entry[1]), Number(entry[2])] as Reference;
      });
      if (inputs.length > 0 && refs.length > inputs.length) {
        fail(where, `at most ${inputs.length} inputs (${inputs.join(', ')})`, `${refs.length}`);
      }
      if (this.context.kerasVersion === 2) {
        // Keras 2 writes the tensors a layer takes by keyword in the first tensor's call options.
        const keyword = inputs.length > 0 ? refs.slice(1) : [];
        const positional = inputs.length > 0 ? refs.slice(0, 1) : refs;
        const kwargs = Object.fromEntries(keyword.map((ref, i) => [inputs[i + 1], ref]));
        return positional.map((ref, i) => [...ref, i === 0 ? kwargs : {}]);
      }
      // Keras 3 writes a call's tensors as it was made; seq's are all positional: a layer of
      // several inputs takes them as separate arguments (`mha(query, value)`), one that takes a
      // list gets the list (`attention([query, value])`).
      const tensor = (ref: Reference) => this.kerasTensor(ref);
      const args = inputs.length > 0 || refs.length === 1 ? refs.map(tensor) : [refs.map(tensor)];
      return { args, kwargs: {} };
    });
  }

  /** Keras 3's reference to a layer's output, with the shape and dtype it has in the model. */
  private kerasTensor([layerName, node, index]: Reference): KerasConfig {
    const layer = this.layers.get(layerName);
    // A nested model's node 0 is its own graph; tfjs numbers its calls from 1, as Keras does.
    const symbolic = layer?.inboundNodes[node]?.outputTensors[index];
    return {
      class_name: '__keras_tensor__',
      config: {
        shape: symbolic?.shape ?? null,
        dtype: symbolic?.dtype ?? 'float32',
        keras_history: [layerName, node, index],
      },
    };
  }
}

/**
 * Keras 2's and tfjs' `hard_sigmoid` is `clip(0.2 x + 0.5, 0, 1)`; Keras 3's, which seq's layers
 * use, is `clip(x / 6 + 0.5, 0, 1)`. A layer whose hard sigmoid would mean the other function in
 * the target Keras is refused rather than written with other numbers.
 */
function checkActivations(
  config: KerasConfig,
  className: string,
  name: string,
  seq: boolean,
  context: KerasExportContext,
): void {
  const differs = seq ? context.kerasVersion === 2 : context.kerasVersion === 3;
  if (!differs) return;
  const cell = config.cell as KerasConfig | undefined;
  const settings = { ...config, ...((cell?.config as KerasConfig | undefined) ?? {}) };
  for (const [key, value] of Object.entries(settings)) {
    if (key.endsWith('activation') && value === 'hard_sigmoid') {
      fail(
        'model',
        `activations that mean the same function in Keras ${context.kerasVersion}`,
        `layer "${name}" (${className}) with ${key}="hard_sigmoid", which is ${seq ? 'x / 6 + 0.5 in seq but 0.2 x + 0.5' : '0.2 x + 0.5 in tfjs but x / 6 + 0.5'} in Keras ${context.kerasVersion}: use "sigmoid"${seq ? ' or Keras 3' : ", or seq's layer of the same name (Keras 3's hard sigmoid)"}`,
      );
    }
  }
}
