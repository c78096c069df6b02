import * as tf from '@tensorflow/tfjs';
import { type KerasConfig, kerasLayerMapping } from './keras-layer-mapping.js';
import { SeqError } from './seq-error.js';

const OWNER = 'loadKerasModel';
const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/** Which seq package maps a Keras class tfjs lacks, for the error that names what is missing. */
const PROVIDERS: Record<string, string> = {
  GRU: '@seq/layers',
  Conv1D: '@seq/layers',
  MultiHeadAttention: '@seq/attention',
  Attention: '@seq/attention',
  AdditiveAttention: '@seq/attention',
  TransformerEncoder: '@seq/transformer',
  TransformerDecoder: '@seq/transformer',
  SinePositionEncoding: '@seq/transformer',
  PositionEmbedding: '@seq/transformer',
  TokenAndPositionEmbedding: '@seq/transformer',
};

/** One layer of a Keras topology as {@link normalizeKerasTopology} saw it. */
export interface KerasLayerInfo {
  /** The layer's name. */
  name: string;
  /** Its Keras class name. */
  kerasClassName: string;
  /** The class it loads as: a seq class, or tfjs' own. */
  className: string;
}

/** A topology as `model.json` holds it under `modelTopology`. */
export interface KerasModelTopology {
  /** The model: `{class_name, config}`. */
  model_config: KerasConfig;
  /** The Keras version that wrote it, when known. */
  keras_version?: unknown;
  /** The Keras backend that wrote it, when known. */
  backend?: unknown;
}

/** What {@link normalizeKerasTopology} returns. */
export interface NormalizedTopology {
  /** A Keras 2 style topology, with seq's class names where a mapping applies. */
  modelTopology: KerasModelTopology;
  /** Every layer, nested models' included, in order. */
  layers: KerasLayerInfo[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function fail(argument: string, expected: string, receivedDescription: string): never {
  throw new SeqError({ owner: OWNER, argument, expected, receivedDescription });
}

/**
 * Keras 3 writes objects where Keras 2 (and tfjs) write plain values: dtype policies for dtypes,
 * and `module` and `registered_name` beside every `class_name`. Returns the Keras 2 form.
 */
function simplifyValue(value: unknown, where: string): unknown {
  if (Array.isArray(value)) return value.map((v, i) => simplifyValue(v, `${where}[${i}]`));
  if (!isObject(value)) return value;
  if (value.class_name === 'DTypePolicy' || value.class_name === 'Policy') {
    const name = isObject(value.config) ? value.config.name : undefined;
    if (name !== 'float32' && name !== 'int32') {
      fail(
        where,
        'the dtype policy "float32" (tfjs computes in float32)',
        `the policy ${JSON.stringify(name)}`,
      );
    }
    return name;
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if ((key === 'module' || key === 'registered_name') && 'class_name' in value) continue;
    out[key] = simplifyValue(v, `${where}.${key}`);
  }
  return out;
}

/** A Keras 3 `__keras_tensor__` reference as Keras 2's `[layer, node, tensor]`, or `null`. */
function tensorReference(value: unknown): [string, number, number] | null {
  if (!isObject(value) || value.class_name !== '__keras_tensor__' || !isObject(value.config))
    return null;
  const history = value.config.keras_history;
  if (!Array.isArray(history) || typeof history[0] !== 'string') return null;
  return [history[0], Number(history[1] ?? 0), Number(history[2] ?? 0)];
}

/** The tensors of a Keras 3 call argument (a tensor, or a list of them), or `null` for a plain value. */
function tensorsOf(value: unknown): [string, number, number][] | null {
  const one = tensorReference(value);
  if (one) return [one];
  if (Array.isArray(value) && value.length > 0) {
    const many = value.map(tensorReference);
    if (many.every((t) => t !== null)) return many as [string, number, number][];
  }
  return null;
}

/** A Keras 2 inbound tensor `[layer, node, tensor, kwargs]`, or `null`. */
function keras2Reference(value: unknown): [string, number, number] | null {
  return Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'number'
    ? [value[0], value[1], Number(value[2] ?? 0)]
    : null;
}

/**
 * A node's inbound tensors, in Keras 2's `[[layer, node, tensor, kwargs], ...]` form, with the
 * tensors passed by keyword (`value` of `MultiHeadAttention`, `encoder_sequence` of a decoder)
 * appended in the order `inputs` lists them. Other call options are refused unless they hold
 * their default (tfjs' executor would ignore them: a causal mask would silently be lost).
 */
function convertNode(
  node: unknown,
  inputs: readonly string[],
  where: string,
  derivedMasks: ReadonlySet<string>,
): unknown[] {
  const tensors: [string, number, number][] = [];
  const keywordTensors: Record<string, [string, number, number][]> = {};
  const keyword = (key: string, value: unknown) => {
    const found =
      tensorsOf(value) ??
      (keras2Reference(value) ? [keras2Reference(value) as [string, number, number]] : null);
    // The mask of an Embedding(mask_zero=True), which Keras 3 writes out: tfjs derives the same.
    if (key === 'mask' && found?.every(([layer]) => derivedMasks.has(layer))) return;
    if (found) keywordTensors[key] = found;
    // `training` and `mask` are decided when the model runs (Keras 3 writes them); a false or
    // null option is the default. Any other option would be lost: tfjs' graph executor does not
    // pass the call options stored in a model to its layers.
    else if (
      value !== null &&
      value !== undefined &&
      value !== false &&
      key !== 'training' &&
      key !== 'mask'
    ) {
      fail(
        where,
        'no call options other than the defaults (tfjs does not apply call options stored in a model)',
        `${key}=${JSON.stringify(value)}`,
      );
    }
  };
  if (isObject(node)) {
    // Keras 3: {args: [...], kwargs: {...}}
    if (!Array.isArray(node.args) || (node.kwargs !== undefined && !isObject(node.kwargs)))
      fail(where, 'a call node {args: [...], kwargs: {...}}', JSON.stringify(node).slice(0, 120));
    for (const arg of node.args) {
      const found = tensorsOf(arg);
      if (found) tensors.push(...found);
      else fail(where, 'call arguments that are tensors', `the argument ${JSON.stringify(arg)}`);
    }
    for (const [key, value] of Object.entries(isObject(node.kwargs) ? node.kwargs : {}))
      keyword(key, value);
  } else if (Array.isArray(node)) {
    // Keras 2: [[layer, node, tensor, kwargs], ...]
    for (const entry of node) {
      const found = keras2Reference(entry);
      if (!found)
        fail(where, 'inbound tensors [layer, node, tensor, kwargs]', JSON.stringify(entry));
      tensors.push(found);
      const extra = (entry as unknown[])[3];
      for (const [key, value] of Object.entries(isObject(extra) ? extra : {})) keyword(key, value);
    }
  } else {
    fail(where, 'an inbound node (Keras 2 list or Keras 3 {args, kwargs})', JSON.stringify(node));
  }
  for (const name of inputs) tensors.push(...(keywordTensors[name] ?? []));
  if (tensors.length === 0) fail(where, 'a call on at least one tensor', 'a call on none');
  const unused = Object.keys(keywordTensors).filter((k) => !inputs.includes(k));
  if (unused.length > 0) {
    fail(
      where,
      `tensors only as the layer's inputs (${inputs.join(', ') || 'positional'})`,
      `tensors passed as ${unused.join(', ')}`,
    );
  }
  return tensors.map((t) => [...t, {}]);
}

/** Which classes tfjs can build (its own, and every class registered with it, seq's included). */
function tfjsKnows(className: string): boolean {
  return tf.serialization.SerializationMap.getMap().classNameMap[className] !== undefined;
}

/**
 * Turns a Keras `model.json` topology (Keras 2.x or Keras 3, as `tensorflowjs_converter` writes
 * it) into one tfjs loads: Keras 3's objects and call nodes in Keras 2's form, and every layer
 * class that a registered {@link KerasLayerMapping} covers renamed to its seq class, with its
 * config converted. Pure: the input is not changed.
 *
 * @throws {@link SeqError} naming the layer, its class and what is missing, for a class neither
 *   mapped nor known to tfjs, or a config a mapping refuses; and for a malformed topology.
 * @example
 * ```ts
 * const json = JSON.parse(await readFile('model.json', 'utf8'));
 * const normalized = normalizeKerasTopology(json.modelTopology); // what loadKerasModel builds from
 * ```
 */
export function normalizeKerasTopology(topology: unknown): NormalizedTopology {
  if (!isObject(topology))
    fail(
      'modelTopology',
      'a Keras model topology object',
      JSON.stringify(topology)?.slice(0, 80) ?? String(topology),
    );
  const modelConfig = isObject(topology.model_config) ? topology.model_config : topology;
  const layers: KerasLayerInfo[] = [];
  const kerasVersion = typeof topology.keras_version === 'string' ? topology.keras_version : null;
  const model = normalizeModel(modelConfig, 'modelTopology.model_config', layers, kerasVersion);
  return {
    modelTopology: {
      model_config: model,
      ...(topology.keras_version === undefined ? {} : { keras_version: topology.keras_version }),
      ...(topology.backend === undefined ? {} : { backend: topology.backend }),
    },
    layers,
  };
}

function normalizeModel(
  model: unknown,
  where: string,
  layers: KerasLayerInfo[],
  kerasVersion: string | null,
): KerasConfig {
  if (
    !isObject(model) ||
    typeof model.class_name !== 'string' ||
    !MODEL_CLASSES.has(model.class_name)
  ) {
    fail(
      where,
      'a Sequential or Functional model config',
      JSON.stringify(isObject(model) ? model.class_name : model),
    );
  }
  const config = model.config;
  const list = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
  if (!Array.isArray(list))
    fail(`${where}.config.layers`, 'a list of layers', JSON.stringify(list));
  const functional = model.class_name !== 'Sequential';
  const derivedMasks = embeddingMasks(list);
  const converted = list.flatMap((layer, i) =>
    derivedMasks.has(String((layer as KerasConfig)?.name))
      ? []
      : [
          normalizeLayer(
            layer,
            `${where}.config.layers[${i}]`,
            layers,
            functional,
            kerasVersion,
            derivedMasks,
          ),
        ],
  );
  const out: KerasConfig = {
    class_name: model.class_name === 'Model' ? 'Functional' : model.class_name,
  };
  if (Array.isArray(config)) {
    out.config = converted;
  } else {
    const { layers: _, ...others } = config as KerasConfig;
    const rest = simplifyValue(others, `${where}.config`) as KerasConfig;
    out.config = { ...rest, layers: converted };
    if (functional) {
      // Keras 3 may write one input or output as a bare [layer, node, tensor].
      for (const key of ['input_layers', 'output_layers'] as const) {
        const value = (config as KerasConfig)[key];
        if (Array.isArray(value) && typeof value[0] === 'string')
          (out.config as KerasConfig)[key] = [value];
      }
    }
  }
  if (functional && !Array.isArray(config)) checkGraph(out.config as KerasConfig, where);
  if (isObject(model) && model.name !== undefined) out.name = model.name;
  return out;
}

/** The node index of a layer's first call: 1 for a nested model (its node 0 is its own graph's). */
function firstCall(layer: KerasConfig): number {
  return MODEL_CLASSES.has(layer.class_name as string) ? 1 : 0;
}

/**
 * Checks that a functional model's graph is one tfjs can build: layer names unique strings,
 * every inbound tensor, model input and output naming a node that exists, and no cycle. tfjs
 * builds the graph by retrying the nodes whose inputs it has not made yet, so a reference to a
 * missing layer or a cycle would make it loop forever.
 */
function checkGraph(config: KerasConfig, where: string): void {
  const layers = config.layers as KerasConfig[];
  const nodeCount = new Map<string, number>();
  for (const [i, layer] of layers.entries()) {
    const name = layer.name;
    if (typeof name !== 'string' || nodeCount.has(name)) {
      fail(
        `${where}.config.layers[${i}].name`,
        'a string, the name of no other layer of the model',
        JSON.stringify(name),
      );
    }
    // An input layer has no inbound node but makes node 0; any other layer makes one node per
    // call, and a nested model's calls follow its own node 0 (Keras numbers them from 1).
    const calls = (layer.inbound_nodes as unknown[] | undefined)?.length ?? 0;
    nodeCount.set(name, layer.class_name === 'InputLayer' ? 1 : calls + firstCall(layer));
  }
  const nodeKey = (ref: unknown, at: string): string => {
    const [layer, node, tensor] = Array.isArray(ref) ? ref : [];
    const count = typeof layer === 'string' ? nodeCount.get(layer) : undefined;
    if (
      count === undefined ||
      !Number.isInteger(node) ||
      (node as number) < 0 ||
      (node as number) >= count ||
      !Number.isInteger(tensor) ||
      (tensor as number) < 0
    ) {
      fail(at, "a tensor [layer, node, tensor] of one of the model's layers", JSON.stringify(ref));
    }
    return `${layer}#${node}`;
  };
  const inputsOf = new Map<string, string[]>();
  for (const [i, layer] of layers.entries()) {
    for (const [n, node] of ((layer.inbound_nodes as unknown[][] | undefined) ?? []).entries()) {
      const at = `${where}.config.layers[${i}].inbound_nodes[${n}]`;
      inputsOf.set(
        `${layer.name}#${n + firstCall(layer)}`,
        node.map((ref) => nodeKey(ref, at)),
      );
    }
  }
  for (const key of ['input_layers', 'output_layers'] as const) {
    const refs = config[key];
    if (!Array.isArray(refs) || refs.length === 0)
      fail(
        `${where}.config.${key}`,
        'a list of tensors [layer, node, tensor]',
        JSON.stringify(refs),
      );
    for (const ref of refs) nodeKey(ref, `${where}.config.${key}`);
  }
  // Depth-first search for a cycle: 1 = being visited, 2 = done.
  const state = new Map<string, 1 | 2>();
  const visit = (start: string): void => {
    const stack: [string, number][] = [[start, 0]];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [string, number];
      const next = inputsOf.get(top[0])?.[top[1]++];
      if (next === undefined) {
        state.set(top[0], 2);
        stack.pop();
      } else if (state.get(next) === 1) {
        fail(
          `${where}.config.layers`,
          'a graph without cycles',
          `a cycle through ${next.split('#')[0]}`,
        );
      } else if (state.get(next) === undefined) {
        state.set(next, 1);
        stack.push([next, 0]);
      }
    }
  };
  for (const key of inputsOf.keys()) if (state.get(key) === undefined) visit(key);
}

/**
 * Keras 3 writes the mask of an `Embedding(mask_zero=True)` into the graph: a `NotEqual(ids, 0)` op
 * node, passed to the layers after it as their `mask`. tfjs derives the same mask from the
 * embedding and passes it along itself, so these nodes are left out, and the `mask` call arguments
 * that name them are dropped. Returns their names: only `NotEqual` nodes of that exact form, on the
 * same ids as an embedding with `mask_zero`; any other op node stays and is refused as unknown.
 */
function embeddingMasks(list: unknown[]): Set<string> {
  const masked = new Set<string>(); // 'layer#node#tensor' of ids that feed a mask_zero Embedding
  for (const layer of list) {
    if (!isObject(layer) || layer.class_name !== 'Embedding' || !isObject(layer.config)) continue;
    if (layer.config.mask_zero !== true || !Array.isArray(layer.inbound_nodes)) continue;
    for (const node of layer.inbound_nodes) {
      const ids = isObject(node) && Array.isArray(node.args) ? tensorReference(node.args[0]) : null;
      if (ids) masked.add(ids.join('#'));
    }
  }
  const out = new Set<string>();
  for (const layer of list) {
    if (!isObject(layer) || layer.class_name !== 'NotEqual' || typeof layer.name !== 'string')
      continue;
    const nodes = layer.inbound_nodes;
    const node = Array.isArray(nodes) && nodes.length === 1 ? nodes[0] : null;
    if (!isObject(node) || !Array.isArray(node.args) || node.args.length !== 2) continue;
    const ids = tensorReference(node.args[0]);
    if (ids && node.args[1] === 0 && masked.has(ids.join('#'))) out.add(layer.name);
  }
  return out;
}

function normalizeLayer(
  layer: unknown,
  where: string,
  layers: KerasLayerInfo[],
  functional: boolean,
  kerasVersion: string | null,
  derivedMasks: ReadonlySet<string> = new Set(),
): KerasConfig {
  if (!isObject(layer) || typeof layer.class_name !== 'string' || !isObject(layer.config)) {
    fail(
      where,
      'a layer {class_name, config}',
      JSON.stringify(layer)?.slice(0, 120) ?? String(layer),
    );
  }
  const kerasClassName = layer.class_name;
  const name = String(layer.config.name ?? layer.name ?? `#${layers.length}`);
  if (MODEL_CLASSES.has(kerasClassName)) {
    const nested = normalizeModel(layer, where, layers, kerasVersion);
    return {
      ...nested,
      ...(functional
        ? { name: layer.name ?? name, inbound_nodes: convertNodes(layer, [], where, derivedMasks) }
        : {}),
    };
  }
  const registeredName = typeof layer.registered_name === 'string' ? layer.registered_name : null;
  const mapping = kerasLayerMapping(kerasClassName, registeredName);
  let config = simplifyValue(layer.config, `${where}.config`) as KerasConfig;
  if (
    kerasClassName === 'InputLayer' &&
    config.batch_shape !== undefined &&
    config.batch_input_shape === undefined
  ) {
    const { batch_shape, ...rest } = config;
    config = { ...rest, batch_input_shape: batch_shape };
  }
  // A wrapper (Bidirectional, TimeDistributed) around a mapped layer wraps seq's layer: tfjs'
  // wrappers build their inner layers from the registered class name.
  for (const key of ['layer', 'backward_layer'] as const) {
    const inner = config[key];
    if (!isObject(inner) || typeof inner.class_name !== 'string') continue;
    const innerMapping = kerasLayerMapping(inner.class_name);
    if (!innerMapping) continue;
    const innerConfig = (inner.config ?? {}) as KerasConfig;
    const converted = innerMapping.convertConfig
      ? innerMapping.convertConfig(innerConfig, { kerasVersion })
      : innerConfig;
    if (converted === null) continue; // tfjs' own class computes it as Keras did
    if (typeof converted === 'string') {
      fail(
        where,
        `a config seq's ${innerMapping.seqClassName} supports`,
        `layer "${name}" (${kerasClassName}) around a ${inner.class_name}: ${converted}`,
      );
    }
    config = { ...config, [key]: { class_name: innerMapping.seqClassName, config: converted } };
  }
  let className = kerasClassName;
  const result = mapping?.convertConfig ? mapping.convertConfig(config, { kerasVersion }) : config;
  if (mapping && result !== null) {
    if (typeof result === 'string') {
      fail(
        where,
        `a config seq's ${mapping.seqClassName} supports`,
        `layer "${name}" (${kerasClassName}): ${result}`,
      );
    }
    config = result;
    className = mapping.seqClassName;
  } else if (!tfjsKnows(kerasClassName)) {
    const provider = PROVIDERS[kerasClassName];
    fail(
      where,
      'a layer class that seq maps or tfjs implements',
      `layer "${name}" of class ${registeredName ?? kerasClassName}, which ${provider ? `${provider} maps: import it before loading` : 'neither seq nor tfjs implements'}`,
    );
  }
  layers.push({ name, kerasClassName: registeredName ?? kerasClassName, className });
  const out: KerasConfig = { class_name: className, config };
  if (functional) {
    out.name = layer.name ?? name;
    out.inbound_nodes = convertNodes(layer, mapping?.inputs ?? [], where, derivedMasks);
  }
  return out;
}

function convertNodes(
  layer: Record<string, unknown>,
  inputs: readonly string[],
  where: string,
  derivedMasks: ReadonlySet<string>,
): unknown[] {
  const nodes = layer.inbound_nodes;
  if (nodes === undefined) return [];
  if (!Array.isArray(nodes))
    fail(`${where}.inbound_nodes`, 'a list of nodes', JSON.stringify(nodes));
  return nodes.map((node, i) =>
    convertNode(node, inputs, `${where}.inbound_nodes[${i}]`, derivedMasks),
  );
}
