import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import '@seq/attention';
import {
  kerasLayerMappings,
  loadKerasModel,
  SeqError,
  saveForKeras,
  toKerasTopology,
} from '@seq/core';
import { fileSystem } from '@seq/core/node';
import { GRU, LayerNormLSTMCell, LSTM, RNN } from '@seq/layers';
import { expectNoLeakedTensors } from '@seq/testing';
import '@seq/transformer';
import { WaveNetResidualBlock } from '@seq/wavenet';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { exportCases } from './keras/export-models.js';
import { FIXTURE_MODELS } from './keras/fixture-models.js';

const exported = fileURLToPath(new URL('./keras/exported', import.meta.url));
const fixtures = fileURLToPath(new URL('./keras/fixtures', import.meta.url));
const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'seq-keras-export-'));
afterAll(() => fs.rm(temp, { recursive: true, force: true }));

type Json = Record<string, unknown>;
interface Outputs {
  outputs: { shape: number[]; data: number[] }[];
}
interface Expected extends Outputs {
  inputs: { shape: number[]; dtype: 'float32' | 'int32'; data: number[] }[];
}

const readJson = async <T = Json>(...parts: string[]): Promise<T> =>
  JSON.parse(await fs.readFile(path.join(...parts), 'utf8'));

function outputsOf(model: tf.LayersModel, inputs: tf.Tensor[]): number[][] {
  return tf.tidy(() => {
    const y = model.predict(inputs.length === 1 ? (inputs[0] as tf.Tensor) : inputs);
    return (Array.isArray(y) ? y : [y]).map((t) => Array.from(t.dataSync()));
  });
}

function worstDifference(actual: number[], expected: number[]): number {
  expect(actual.length).toBe(expected.length);
  return expected.reduce((w, v, i) => Math.max(w, Math.abs((actual[i] as number) - v)), 0);
}

/** The layers of a Keras model config, nested models' included. */
function layersOf(modelConfig: Json): Json[] {
  const config = modelConfig.config as Json;
  return (config.layers as Json[]).flatMap((layer) =>
    ['Sequential', 'Functional'].includes(layer.class_name as string)
      ? [layer, ...layersOf(layer)]
      : [layer],
  );
}

/** The Keras classes that load as seq's (registered by the seq packages imported above). */
const MAPPED = new Set(kerasLayerMappings().map((m) => m.kerasClassName));

const CASES = [
  'recurrent',
  'bidirectional',
  'masked_pooling',
  'sequential',
  'attention',
  'transformer',
] as const;

describe('saveForKeras writes what Keras read back (tools/keras/exported)', () => {
  it.each([2, 3] as const)(
    'Keras %s: every case exports exactly as the checked folders, weights included',
    async (kerasVersion) => {
      for (const { name, model, inputs } of exportCases()) {
        const folder = path.join(temp, `keras${kerasVersion}`, name);
        await saveForKeras(model, fileSystem(folder), { kerasVersion });
        const written = await readJson(folder, 'model.json');
        const checked = await readJson(exported, `keras${kerasVersion}`, name, 'model.json');
        expect(written.modelTopology, name).toEqual(checked.modelTopology);
        // The same weights under the same names (the shard's file name is random).
        const specs = (json: Json) =>
          (json.weightsManifest as { weights: unknown[] }[]).flatMap((group) => group.weights);
        expect(specs(written), name).toEqual(specs(checked));
        expect(written.convertedBy).toBe(`seq saveForKeras (Keras ${kerasVersion} format)`);
        const shard = async (root: string, json: Json) =>
          fs.readFile(
            path.join(root, (json.weightsManifest as { paths: string[] }[])[0]?.paths[0] as string),
          );
        expect(await shard(folder, written)).toEqual(
          await shard(path.join(exported, `keras${kerasVersion}`, name), checked),
        );
        for (const layer of layersOf((written.modelTopology as Json).model_config as Json))
          expect(String(layer.class_name), name).not.toMatch(/^seq\./);
        model.dispose();
        tf.dispose(inputs);
      }
    },
  );

  it.each(CASES)(
    '%s: Keras 3.15 computed what seq computes (within 1e-4), and loadKerasModel loads both formats back',
    async (name) => {
      const expected = await readJson<Expected>(exported, 'keras3', name, 'expected.json');
      const keras = await readJson<Outputs>(exported, 'keras3', name, 'keras.json');
      for (const [i, y] of expected.outputs.entries()) {
        expect(
          worstDifference(keras.outputs[i]?.data as number[], y.data),
          `Keras vs seq, output ${i}`,
        ).toBeLessThan(1e-4);
      }
      const inputs = expected.inputs.map((x) => tf.tensor(x.data, x.shape, x.dtype));
      for (const flavour of ['keras2', 'keras3']) {
        const model = await loadKerasModel(fileSystem(path.join(exported, flavour, name)));
        for (const [i, y] of outputsOf(model, inputs).entries()) {
          expect(
            worstDifference(y, expected.outputs[i]?.data as number[]),
            `${flavour} reloaded, output ${i}`,
          ).toBeLessThan(1e-6);
        }
        model.dispose();
      }
      tf.dispose(inputs);
    },
  );

  it('leaves no tensor behind', async () => {
    const [first, ...rest] = exportCases();
    for (const c of rest) {
      c.model.dispose();
      tf.dispose(c.inputs);
    }
    const { model, inputs } = first as NonNullable<typeof first>;
    await expectNoLeakedTensors('saveForKeras', () =>
      saveForKeras(model, fileSystem(path.join(temp, 'leak'))),
    );
    await expectNoLeakedTensors('toKerasTopology', () => {
      toKerasTopology(model, { kerasVersion: 2 });
    });
    model.dispose();
    tf.dispose(inputs);
  });
});

describe('a Keras model loaded and exported again is written as Keras wrote it (tools/keras/fixtures)', () => {
  it.each([2, 3] as const)(
    'Keras %s: class names, call nodes, and only keys Keras writes',
    async (kerasVersion) => {
      for (const name of FIXTURE_MODELS) {
        const folder = path.join(fixtures, `keras${kerasVersion}`, name);
        const original = (await readJson(folder, 'model.json')).modelTopology as Json;
        const model = await loadKerasModel(fileSystem(folder));
        const ours = toKerasTopology(model, { kerasVersion });
        model.dispose();
        // Keras 3 writes an Embedding's mask as a NotEqual op node; seq leaves it to Keras to derive.
        const theirs = layersOf(original.model_config as Json).filter(
          (l) => l.class_name !== 'NotEqual',
        );
        const written = layersOf(ours.model_config);
        expect(
          written.map((l) => l.class_name),
          name,
        ).toEqual(theirs.map((l) => l.class_name));
        for (const [i, layer] of written.entries()) {
          const keras = theirs[i] as Json;
          const at = `${name} layer ${i} (${String(layer.class_name)})`;
          // The call nodes: the same tensors, by position and keyword, as Keras wrote them.
          const refs = (nodes: unknown) =>
            JSON.stringify(nodes, (key, value) =>
              // Shapes aside, and the call options Keras records that are not tensors.
              ['shape', 'dtype', 'training', 'mask'].includes(key) ? undefined : value,
            );
          expect(refs(layer.inbound_nodes ?? []), at).toBe(refs(keras.inbound_nodes ?? []));
          // Each setting a seq layer writes is one Keras writes for that class (tfjs' own layers
          // are written as tfjs writes them).
          if (!MAPPED.has(String(layer.class_name))) continue;
          const kerasKeys = Object.keys(keras.config as Json);
          for (const key of Object.keys(layer.config as Json))
            expect(kerasKeys, `${at}: ${key}`).toContain(key);
        }
      }
    },
  );
});

describe('what cannot be exported is refused by name, before anything is written', () => {
  const modelOf = (layer: tf.layers.Layer, shape = [4, 3]) => {
    const x = tf.input({ shape });
    return tf.model({ inputs: x, outputs: layer.apply(x) as tf.SymbolicTensor });
  };

  it('a seq layer Keras has no class for, or a cell Keras lacks', async () => {
    const block = modelOf(new WaveNetResidualBlock({ filters: 4, skipChannels: 4, name: 'block' }));
    expect(() => toKerasTopology(block)).toThrow(
      'layer "block" of class seq.WaveNetResidualBlock, which Keras has no class for',
    );
    const folder = path.join(temp, 'refused');
    await expect(saveForKeras(block, fileSystem(folder))).rejects.toThrow(SeqError);
    await expect(fs.stat(folder)).rejects.toThrow(/ENOENT/);
    block.dispose();
    const normed = modelOf(new RNN({ cell: new LayerNormLSTMCell({ units: 2 }), name: 'normed' }));
    expect(() => toKerasTopology(normed)).toThrow(
      'layer "normed" (seq.RNN): its cell seq.LayerNormLSTMCell has no Keras class (Keras has GRUCell, LSTMCell, SimpleRNNCell)',
    );
    normed.dispose();
  });

  it('a hard sigmoid that means another function in the Keras written for', () => {
    // tfjs' own LSTM defaults to Keras 2's hard sigmoid (0.2 x + 0.5).
    const tfjsLstm = modelOf(tf.layers.lstm({ units: 2, name: 'old_lstm' }));
    expect(() => toKerasTopology(tfjsLstm)).toThrow(
      'layer "old_lstm" (LSTM) with recurrent_activation="hard_sigmoid", which is 0.2 x + 0.5 in tfjs but x / 6 + 0.5 in Keras 3',
    );
    expect(() => toKerasTopology(tfjsLstm, { kerasVersion: 2 })).not.toThrow();
    tfjsLstm.dispose();
    const seqGru = modelOf(
      new GRU({ units: 2, recurrentActivation: 'hard_sigmoid', name: 'new_gru' }),
    );
    expect(() => toKerasTopology(seqGru, { kerasVersion: 2 })).toThrow(
      'layer "new_gru" (seq.GRU) with recurrent_activation="hard_sigmoid", which is x / 6 + 0.5 in seq but 0.2 x + 0.5 in Keras 2',
    );
    expect(() => toKerasTopology(seqGru)).not.toThrow();
    seqGru.dispose();
    const seqLstm = modelOf(new LSTM({ units: 2 }));
    expect(() => toKerasTopology(seqLstm, { kerasVersion: 2 })).not.toThrow();
    seqLstm.dispose();
  });

  it('arguments that are not a model, a Keras version or a destination', async () => {
    expect(() => toKerasTopology({} as never)).toThrow(
      'toKerasTopology: `model` must be a tf.LayersModel; received an object',
    );
    const model = modelOf(tf.layers.dense({ units: 1 }));
    expect(() => toKerasTopology(model, { kerasVersion: 4 as never })).toThrow(
      'toKerasTopology: `options.kerasVersion` must be 2 or 3; received 4',
    );
    await expect(saveForKeras(model, 'nowhere')).rejects.toThrow(
      'saveForKeras: `destination` must be a tf.io IOHandler that saves',
    );
    model.dispose();
  });
});
