import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import '@seq/attention';
import { loadKerasModel, SeqError } from '@seq/core';
import { fileSystem } from '@seq/core/node';
import '@seq/layers';
import '@seq/transformer';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_MODELS } from './keras/fixture-models.js';
import {
  attention,
  type Batch,
  gruResetAfter,
  type MhaWeights,
  multiHeadAttention,
  transformerEncoder,
} from './keras/reference.js';

const fixtures = fileURLToPath(new URL('./keras/fixtures', import.meta.url));
const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'seq-keras-'));
afterAll(() => fs.rm(temp, { recursive: true, force: true }));

interface Expected {
  inputs: { shape: number[]; dtype: 'float32' | 'int32'; data: number[] }[];
  outputs: { shape: number[]; data: number[] }[];
  tolerance: number;
}

const FLAVOURS = ['keras2', 'keras3'] as const;
const MODELS = FIXTURE_MODELS;

async function expectedOf(flavour: string, name: string): Promise<Expected> {
  return JSON.parse(await fs.readFile(path.join(fixtures, flavour, name, 'expected.json'), 'utf8'));
}

function outputsOf(model: tf.LayersModel, inputs: tf.Tensor[]): number[][] {
  return tf.tidy(() => {
    const y = model.predict(inputs.length === 1 ? (inputs[0] as tf.Tensor) : inputs);
    return (Array.isArray(y) ? y : [y]).map((t) => Array.from(t.dataSync()));
  });
}

function expectClose(actual: number[], expected: number[], tolerance: number, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  let worst = 0;
  for (const [i, v] of expected.entries())
    worst = Math.max(worst, Math.abs((actual[i] as number) - v));
  expect(worst, label).toBeLessThan(tolerance);
}

describe.each(FLAVOURS)('loadKerasModel, %s converter output', (flavour) => {
  it.each(MODELS)(
    '%s: loads, predicts as Keras did, trains a step, saves with seq and loads again',
    async (name) => {
      const before = tf.memory().numTensors;
      const expected = await expectedOf(flavour, name);
      const model = await loadKerasModel(fileSystem(path.join(fixtures, flavour, name)));
      const inputs = expected.inputs.map((x) => tf.tensor(x.data, x.shape, x.dtype));
      const outputs = outputsOf(model, inputs);
      for (const [i, y] of expected.outputs.entries()) {
        expectClose(
          outputs[i] as number[],
          y.data,
          expected.tolerance,
          `${flavour}/${name} output ${i}`,
        );
      }

      // One training step moves the weights and gives a finite loss.
      model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
      const targets = expected.outputs.map((y) => tf.randomUniform(y.shape, -1, 1, 'float32', 7));
      const weightsBefore = model.getWeights().map((w) => Array.from(w.dataSync()));
      const history = await model.fit(
        inputs.length === 1 ? (inputs[0] as tf.Tensor) : inputs,
        targets.length === 1 ? (targets[0] as tf.Tensor) : targets,
        {
          epochs: 1,
          batchSize: 8,
          verbose: 0,
        },
      );
      expect(Number.isFinite(history.history.loss?.[0] as number)).toBe(true);
      const weightsAfter = model.getWeights().map((w) => Array.from(w.dataSync()));
      if (weightsBefore.length > 0) expect(weightsAfter).not.toEqual(weightsBefore);

      // Saved with seq and loaded with tfjs: the same numbers.
      const folder = path.join(temp, flavour, name);
      await model.save(fileSystem(folder));
      const reloaded = await tf.loadLayersModel(fileSystem(folder));
      const trained = outputsOf(model, inputs);
      const again = outputsOf(reloaded, inputs);
      for (const [i, y] of trained.entries())
        expectClose(again[i] as number[], y, 1e-6, `${flavour}/${name} reloaded output ${i}`);
      const optimizer = model.optimizer;
      model.dispose();
      optimizer.dispose();
      reloaded.dispose();
      tf.dispose([...inputs, ...targets]);
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});

describe('the fixtures against the float64 references', () => {
  const weights = async (flavour: string, name: string) => {
    const json = JSON.parse(
      await fs.readFile(path.join(fixtures, flavour, name, 'model.json'), 'utf8'),
    );
    const data = await fs.readFile(path.join(fixtures, flavour, name, 'group1-shard1of1.bin'));
    const floats = new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4);
    const out: Record<string, tf.Tensor> = {};
    let offset = 0;
    for (const spec of json.weightsManifest[0].weights as { name: string; shape: number[] }[]) {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      out[spec.name.replace(/^sequential\//, '')] = tf.tensor(
        floats.slice(offset, offset + size),
        spec.shape,
      );
      offset += size;
    }
    return out;
  };
  const nested = <T>(t: tf.Tensor | undefined) => (t as tf.Tensor).arraySync() as T;
  const input = (e: Expected, i: number) =>
    nested<Batch>(
      tf.tensor(
        (e.inputs[i] as Expected['inputs'][number]).data,
        (e.inputs[i] as Expected['inputs'][number]).shape,
      ),
    );
  const mha = (w: Record<string, tf.Tensor>, prefix: string): MhaWeights => ({
    queryKernel: nested(w[`${prefix}/query/kernel`]),
    queryBias: nested(w[`${prefix}/query/bias`]),
    keyKernel: nested(w[`${prefix}/key/kernel`]),
    keyBias: nested(w[`${prefix}/key/bias`]),
    valueKernel: nested(w[`${prefix}/value/kernel`]),
    valueBias: nested(w[`${prefix}/value/bias`]),
    outputKernel: nested(w[`${prefix}/attention_output/kernel`]),
    outputBias: nested(w[`${prefix}/attention_output/bias`]),
  });

  it('Keras computed what the Keras and keras-hub formulas say (GRU, attention, MultiHeadAttention, TransformerEncoder)', async () => {
    let e = await expectedOf('keras3', 'gru');
    let w = await weights('keras3', 'gru');
    const gru = gruResetAfter(
      input(e, 0),
      nested(w['gru/gru_cell/kernel']),
      nested(w['gru/gru_cell/recurrent_kernel']),
      nested(w['gru/gru_cell/bias']),
    );
    expectClose(gru.flat(2), (e.outputs[0] as Expected['outputs'][number]).data, 1e-5, 'gru');

    e = await expectedOf('keras3', 'multi_head_attention');
    w = await weights('keras3', 'multi_head_attention');
    const x = input(e, 0);
    expectClose(
      multiHeadAttention(x, x, mha(w, 'multi_head_attention')).flat(2),
      (e.outputs[0] as Expected['outputs'][number]).data,
      1e-5,
      'mha',
    );

    e = await expectedOf('keras3', 'attention');
    w = await weights('keras3', 'attention');
    const [q, v] = [input(e, 0), input(e, 1)];
    const dot = attention(q, v, v, {
      kind: 'dot',
      scale: (w['attention/scale'] as tf.Tensor).dataSync()[0] as number,
    });
    const additive = attention(q, v, v, {
      kind: 'additive',
      scale: Array.from((w['additive_attention/scale'] as tf.Tensor).dataSync()),
    });
    expectClose(dot.flat(2), (e.outputs[0] as Expected['outputs'][number]).data, 1e-5, 'attention');
    expectClose(
      additive.flat(2),
      (e.outputs[1] as Expected['outputs'][number]).data,
      1e-5,
      'additive attention',
    );

    e = await expectedOf('keras3', 'transformer_encoder');
    w = await weights('keras3', 'transformer_encoder');
    const p = 'transformer_encoder';
    const encoded = transformerEncoder(
      input(e, 0),
      mha(w, `${p}/self_attention_layer`),
      {
        attention: [
          nested(w[`${p}/self_attention_layer_norm/gamma`]),
          nested(w[`${p}/self_attention_layer_norm/beta`]),
        ],
        feedforward: [
          nested(w[`${p}/feedforward_layer_norm/gamma`]),
          nested(w[`${p}/feedforward_layer_norm/beta`]),
        ],
      },
      {
        w1: nested(w[`${p}/feedforward_intermediate_dense/kernel`]),
        b1: nested(w[`${p}/feedforward_intermediate_dense/bias`]),
        w2: nested(w[`${p}/feedforward_output_dense/kernel`]),
        b2: nested(w[`${p}/feedforward_output_dense/bias`]),
      },
      1e-5,
    );
    expectClose(
      encoded.flat(2),
      (e.outputs[0] as Expected['outputs'][number]).data,
      1e-5,
      'transformer encoder',
    );
  });
});

describe('errors name the layer, its class and what is missing', () => {
  async function artifacts(flavour: string, name: string) {
    const json = JSON.parse(
      await fs.readFile(path.join(fixtures, flavour, name, 'model.json'), 'utf8'),
    );
    const data = await fs.readFile(path.join(fixtures, flavour, name, 'group1-shard1of1.bin'));
    return {
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights as tf.io.WeightsManifestEntry[],
      weightData: data.buffer.slice(
        data.byteOffset,
        data.byteOffset + data.byteLength,
      ) as ArrayBuffer,
    };
  }
  const load = (a: tf.io.ModelArtifacts) => loadKerasModel(tf.io.fromMemory(a));

  it('a Sequential nested in a functional model (called as its node 1) loads and predicts as the flat one', async () => {
    const a = await artifacts('keras2', 'gru');
    const inner = a.modelTopology.model_config;
    a.modelTopology.model_config = {
      class_name: 'Functional',
      config: {
        name: 'outer',
        layers: [
          {
            class_name: 'InputLayer',
            config: { batch_input_shape: [null, 7, 5], dtype: 'float32', name: 'outer_input' },
            name: 'outer_input',
            inbound_nodes: [],
          },
          { ...inner, name: 'sequential', inbound_nodes: [[['outer_input', 0, 0, {}]]] },
        ],
        input_layers: [['outer_input', 0, 0]],
        output_layers: [['sequential', 1, 0]],
      },
    };
    const expected = await expectedOf('keras2', 'gru');
    const x = expected.inputs[0] as Expected['inputs'][number];
    const before = tf.memory().numTensors;
    const model = await load(a);
    const input = tf.tensor(x.data, x.shape, x.dtype);
    expectClose(
      outputsOf(model, [input])[0] as number[],
      expected.outputs[0]?.data as number[],
      expected.tolerance,
      'nested',
    );
    model.dispose();
    input.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an unknown layer class', async () => {
    const a = await artifacts('keras3', 'mixed');
    a.modelTopology.model_config.config.layers[2].class_name = 'FancyDropout';
    const before = tf.memory().numTensors;
    await expect(load(a)).rejects.toThrow(SeqError);
    await expect(load(a)).rejects.toThrow(
      /layer "dropout" of class FancyDropout, which neither seq nor tfjs implements/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a weight of the wrong shape, a missing weight, a weight without a layer', async () => {
    const before = tf.memory().numTensors;
    let a = await artifacts('keras2', 'gru');
    (a.weightSpecs[2] as tf.io.WeightsManifestEntry).shape = [12]; // reset_after=False's bias
    await expect(load(a)).rejects.toThrow(
      /for layer "gru" of class GRU \(loaded as seq\.GRU\), the weight gru\/bias of shape \[2, 12\]; received "gru\/gru_cell\/bias" of shape \[12\]/,
    );
    a = await artifacts('keras3', 'gru');
    a.weightSpecs = a.weightSpecs.slice(0, 2);
    await expect(load(a)).rejects.toThrow(
      /every weight of the model, including those of layer "gru" of class GRU .*; received a file without gru\/bias/,
    );
    a = await artifacts('keras3', 'gru');
    (a.weightSpecs[0] as tf.io.WeightsManifestEntry).name = 'sequential/lstm/lstm_cell/kernel';
    await expect(load(a)).rejects.toThrow(
      /the weight "sequential\/lstm\/lstm_cell\/kernel" \[5, 12\], which no layer of the model has/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a config seq cannot honour, and a malformed topology', async () => {
    const a = await artifacts('keras2', 'gru');
    a.modelTopology.model_config.config.layers[1].config.time_major = true;
    await expect(load(a)).rejects.toThrow(
      /layer "gru" \(GRU\): time_major=true is not supported \(only false\)/,
    );
    await expect(
      load({
        modelTopology: { model_config: { class_name: 'Sequential', config: { layers: 3 } } },
      }),
    ).rejects.toThrow(/`modelTopology\.model_config\.config\.layers` must be a list of layers/);
    await expect(loadKerasModel(42 as unknown as string)).rejects.toThrow(
      /`source` must be the URL of a model\.json/,
    );
  });

  it("a Bidirectional around a mapped layer wraps seq's layer, with Keras' weight names", async () => {
    const before = tf.memory().numTensors;
    const a = await artifacts('keras3', 'gru');
    const layers = a.modelTopology.model_config.config.layers;
    layers[1] = {
      module: 'keras.layers',
      class_name: 'Bidirectional',
      config: { name: 'bidirectional', merge_mode: 'concat', layer: layers[1] },
      registered_name: null,
    };
    // Keras names the halves forward_gru and backward_gru; both get the fixture's GRU weights.
    a.weightSpecs = ['forward', 'backward'].flatMap((half) =>
      a.weightSpecs.map((spec) => ({
        ...spec,
        name: spec.name.replace('sequential/gru/', `sequential/bidirectional/${half}_gru/`),
      })),
    );
    a.weightData = await new Blob([a.weightData, a.weightData]).arrayBuffer();
    const model = await load(a);
    expect(model.layers[1]?.getClassName()).toBe('Bidirectional');
    const expected = await expectedOf('keras3', 'gru');
    const input = expected.inputs[0] as Expected['inputs'][number];
    const x = tf.tensor(input.data, input.shape);
    const y = model.predict(x) as tf.Tensor; // [batch, time, 2 units]: forward, then backward
    const units = (expected.outputs[0]?.shape.at(-1) ?? 0) as number;
    expect(y.shape.at(-1)).toBe(2 * units);
    const forward = y.slice([0, 0, 0], [-1, -1, units]);
    expectClose(
      Array.from(forward.dataSync()),
      expected.outputs[0]?.data as number[],
      1e-4,
      'forward half',
    );
    tf.dispose([x, y, forward]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("Keras' LSTM and SimpleRNN load as seq's, which step one token at a time; with Keras 2's hard sigmoid, as tfjs' own", async () => {
    const before = tf.memory().numTensors;
    let a = await artifacts('keras3', 'masked_lstm');
    let model = await load(a);
    expect(model.layers.map((l) => l.getClassName())).toEqual([
      'InputLayer',
      'Embedding',
      'seq.LSTM',
      'seq.SimpleRNN',
      'seq.GlobalAveragePooling1D',
      'Dense',
    ]);
    const lstm = model.layers[2] as unknown as { step?: unknown };
    expect(typeof lstm.step).toBe('function');
    model.dispose();
    // tfjs' own LSTM computes Keras 2's hard sigmoid (0.2 x + 0.5); seq's is Keras 3's.
    a = await artifacts('keras2', 'masked_lstm');
    const layers = a.modelTopology.model_config.config.layers as {
      class_name: string;
      config: Record<string, unknown>;
    }[];
    const keras2Lstm = layers.find((l) => l.class_name === 'LSTM');
    if (keras2Lstm) keras2Lstm.config.recurrent_activation = 'hard_sigmoid';
    model = await load(a);
    expect(model.layers[2]?.getClassName()).toBe('LSTM');
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('Keras 2 hard sigmoids, and two weights for one target are refused', async () => {
    const before = tf.memory().numTensors;
    let a = await artifacts('keras2', 'gru');
    a.modelTopology.model_config.config.layers[1].config.recurrent_activation = 'hard_sigmoid';
    await expect(load(a)).rejects.toThrow(
      /recurrent_activation="hard_sigmoid" from Keras 2 \(0\.2 x \+ 0\.5\) is not seq's/,
    );
    a = await artifacts('keras3', 'gru');
    a.weightSpecs = [
      ...a.weightSpecs,
      { ...(a.weightSpecs[0] as tf.io.WeightsManifestEntry), name: 'gru/gru_cell/kernel' },
    ];
    await expect(load(a)).rejects.toThrow(
      /"sequential\/gru\/gru_cell\/kernel" and "gru\/gru_cell\/kernel", which both name gru\/kernel/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a model tfjs refuses to build is a SeqError, and leaves no variable behind', async () => {
    const a = await artifacts('keras3', 'mixed');
    const layers = a.modelTopology.model_config.config.layers;
    layers[layers.length - 1].config.activation = 'no_such_activation'; // the Dense after the GRU
    a.weightSpecs = [];
    const variables = Object.keys(tf.engine().state.registeredVariables).length;
    const before = tf.memory().numTensors;
    await expect(load(a)).rejects.toThrow(
      /loadKerasModel: `modelTopology` must be a model tfjs can build once seq has mapped its layers; received one it refused/,
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(tf.engine().state.registeredVariables).length).toBe(variables);
  });
});

describe('call options', () => {
  async function artifacts(flavour: string, name: string) {
    const json = JSON.parse(
      await fs.readFile(path.join(fixtures, flavour, name, 'model.json'), 'utf8'),
    );
    const data = await fs.readFile(path.join(fixtures, flavour, name, 'group1-shard1of1.bin'));
    return {
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights as tf.io.WeightsManifestEntry[],
      weightData: data.buffer.slice(
        data.byteOffset,
        data.byteOffset + data.byteLength,
      ) as ArrayBuffer,
    };
  }

  it.each(FLAVOURS)(
    '%s: one tfjs would drop (use_causal_mask) is refused; defaults are fine',
    async (flavour) => {
      const a = await artifacts(flavour, 'multi_head_attention');
      const node = a.modelTopology.model_config.config.layers[1].inbound_nodes[0];
      const set = (value: boolean) => {
        if (flavour === 'keras3')
          node.kwargs = { use_causal_mask: value, training: false, mask: null };
        else node[0][3].use_causal_mask = value;
      };
      set(true);
      await expect(loadKerasModel(tf.io.fromMemory(a))).rejects.toThrow(
        /no call options other than the defaults \(tfjs does not apply call options stored in a model\); received use_causal_mask=true/,
      );
      set(false);
      const model = await loadKerasModel(tf.io.fromMemory(a));
      model.dispose();
    },
  );
});
