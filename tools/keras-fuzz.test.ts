/**
 * Fuzzing `loadKerasModel` with malformed converter output: truncated JSON, values of the wrong
 * type, huge shapes and sizes, weight paths that leave the folder, short, long and missing shards.
 * Every case must either load (a harmless change) or fail with a `SeqError`, never another error,
 * never a read outside the model folder, and never leave a tensor or a variable behind.
 */
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
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

const fixtures = fileURLToPath(new URL('./keras/fixtures', import.meta.url));
const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'seq-keras-fuzz-'));
afterAll(() => fs.rm(temp, { recursive: true, force: true }));

const SOURCES = [
  'keras2/mixed',
  'keras3/mixed',
  'keras3/gru',
  'keras2/conv1d',
  'keras3/multi_head_attention',
  'keras2/transformer_encoder',
] as const;
const SHARD = 'group1-shard1of1.bin';

interface Source {
  text: string;
  json: unknown;
  shard: Buffer;
  /** Every path to a value in the JSON, as keys and indices. */
  paths: (string | number)[][];
}

function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...pathsOf(v, [...prefix, i]));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  }
  return out;
}

const sources = new Map<string, Source>();
for (const name of SOURCES) {
  const text = await fs.readFile(path.join(fixtures, name, 'model.json'), 'utf8');
  const json = JSON.parse(text);
  sources.set(name, {
    text,
    json,
    shard: await fs.readFile(path.join(fixtures, name, SHARD)),
    paths: pathsOf(json),
  });
}
// A file outside every case's folder with the right bytes: reading it would let a bad path load.
for (const name of SOURCES) {
  await fs.writeFile(
    path.join(temp, `${name.replace('/', '-')}.bin`),
    sources.get(name)?.shard as Buffer,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: the tests reach into model.json freely
type Json = any;

/** Values a malformed model.json may hold where something else belongs. */
const strangeValue = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    0,
    -1,
    0.5,
    2 ** 31,
    1e12,
    Number.MAX_SAFE_INTEGER,
    '',
    'float64',
    'string',
    'NaN',
    [],
    {},
    [1e9, 1e9],
    [-1, 4],
    [2 ** 31, 2 ** 31, 2 ** 31],
    { class_name: 'Nope', config: {} },
    { class_name: 'Dense', config: null },
    '../outside.bin',
    '/etc/passwd',
    'file:///etc/passwd',
    'http://example.com/shard.bin',
  ),
  fc.string(),
  fc.integer(),
);

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'escape'; source: string }
  | { kind: 'shard-length'; length: number }
  | { kind: 'no-shard' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      at: fc.nat(),
      value: strangeValue,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('escape' as const),
      source: fc.constantFrom(...SOURCES),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('shard-length' as const), length: fc.nat(4096) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('no-shard' as const) }) },
);

function setAt(root: unknown, keys: (string | number)[], value: unknown, remove: boolean): void {
  let node = root as Record<string | number, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = keys[keys.length - 1] as string | number;
  if (!remove) node[last] = value;
  else if (Array.isArray(node)) node.splice(last as number, 1);
  else delete node[last];
}

/** Writes the mutated case into a fresh folder; returns the folder and its manifest's paths. */
async function writeCase(
  folder: string,
  source: Source,
  mutations: Mutation[],
): Promise<{ text: string; shard: Buffer | null }> {
  const json: unknown = structuredClone(source.json);
  let shard: Buffer | null = source.shard;
  let truncatedAt: number | null = null;
  for (const m of mutations) {
    if (m.kind === 'truncate') truncatedAt = m.at % source.text.length;
    else if (m.kind === 'replace' || m.kind === 'delete') {
      const at = source.paths[m.at % source.paths.length] as (string | number)[];
      try {
        setAt(json, at, structuredClone(m.value ?? null), m.kind === 'delete');
      } catch {
        // An earlier mutation removed the parent: nothing to change.
      }
    } else if (m.kind === 'escape') {
      const manifest = (json as { weightsManifest?: { paths?: unknown }[] }).weightsManifest;
      if (Array.isArray(manifest) && manifest[0] && typeof manifest[0] === 'object')
        manifest[0].paths = [`../${m.source.replace('/', '-')}.bin`];
    } else if (m.kind === 'shard-length') {
      const out = Buffer.alloc(m.length);
      source.shard.copy(out, 0, 0, Math.min(m.length, source.shard.length));
      shard = out;
    } else shard = null;
  }
  let text = JSON.stringify(json);
  if (truncatedAt !== null) text = text.slice(0, truncatedAt);
  await fs.mkdir(folder, { recursive: true });
  await fs.writeFile(path.join(folder, 'model.json'), text);
  if (shard) await fs.writeFile(path.join(folder, SHARD), shard);
  return { text, shard };
}

function variableCount(): number {
  return Object.keys(tf.engine().state.registeredVariables).length;
}

describe('loadKerasModel on malformed converter output', () => {
  it('loads or fails with a SeqError, reads nothing outside the folder, leaves nothing behind', async () => {
    let cases = 0;
    let loaded = 0;
    const messages = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SOURCES),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async (name, mutations) => {
          const source = sources.get(name) as Source;
          const folder = path.join(temp, `case-${cases++}`);
          const { text, shard } = await writeCase(folder, source, mutations);
          const tensors = tf.memory().numTensors;
          const variables = variableCount();
          try {
            const model = await loadKerasModel(fileSystem(folder));
            loaded++;
            // A model that loads read its weights from this folder's shard, as the manifest said.
            const json = JSON.parse(text);
            expect(json.weightsManifest?.[0]?.paths).toEqual([SHARD]);
            expect(shard?.length).toBe(source.shard.length);
            model.dispose();
          } catch (error) {
            if (!(error instanceof SeqError)) {
              throw new Error(
                `${name} with ${JSON.stringify(mutations)} threw ${(error as Error)?.stack ?? error}`,
              );
            }
            messages.add(/`([^`]+)`/.exec(error.message)?.[1]?.replace(/\[\d+\]/g, '[i]') ?? '');
          } finally {
            await fs.rm(folder, { recursive: true, force: true });
          }
          expect(tf.memory().numTensors).toBe(tensors);
          expect(variableCount()).toBe(variables);
        },
      ),
      // A fixed seed keeps the suite deterministic; FUZZ_SEED and FUZZ_RUNS explore further.
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 400),
        seed: Number(process.env.FUZZ_SEED ?? 20261129),
      },
    );
    // The fuzzing reached both outcomes.
    expect(loaded).toBeGreaterThan(0);
    expect(loaded).toBeLessThan(cases);
    // ... and many different checks, each naming the argument it refused.
    expect(messages.size).toBeGreaterThan(10);
    expect(messages.has('')).toBe(false);
  }, 120_000);

  const mixed = () => structuredClone(sources.get('keras3/mixed')?.json) as Json;
  const layers = (json: Json) => json.modelTopology.model_config.config.layers;
  it.each<[string, (json: Json) => string | Buffer | null, RegExp]>([
    ['truncated JSON', (json) => JSON.stringify(json).slice(0, 500), /model\.json/],
    [
      'a weight path out of the folder',
      (json) => {
        json.weightsManifest[0].paths = ['../keras3-mixed.bin'];
        return null;
      },
      /weightsManifest\.paths.*leaves/,
    ],
    [
      'an absolute weight path',
      (json) => {
        json.weightsManifest[0].paths = [path.join(temp, 'keras3-mixed.bin')];
        return null;
      },
      /weightsManifest\.paths.*absolute/,
    ],
    ['a short shard', () => sources.get('keras3/mixed')?.shard.subarray(0, 100) as Buffer, /bytes/],
    [
      'a huge weight shape',
      (json) => {
        json.weightsManifest[0].weights[0].shape = [1e9, 1e9];
        return null;
      },
      /weightsManifest/,
    ],
    [
      'a huge layer (a 2.7 GB kernel the file does not hold)',
      (json) => {
        layers(json)[4].config.units = 2 ** 27;
        return null;
      },
      /weightsManifest.*of shape \[5, 134217728\]/,
    ],
    [
      'a layer that reads a missing layer',
      (json) => {
        layers(json)[2].inbound_nodes = [[['nope', 0, 0, {}]]];
        return null;
      },
      /a tensor \[layer, node, tensor\]/,
    ],
    [
      'two layers that read each other',
      (json) => {
        const all = layers(json);
        const ref = (name: string) => ({
          class_name: '__keras_tensor__',
          config: { keras_history: [name, 0, 0] },
        });
        all[2].inbound_nodes = [{ args: [ref(all[3].name)], kwargs: {} }];
        all[3].inbound_nodes = [{ args: [ref(all[2].name)], kwargs: {} }];
        return null;
      },
      /cycle/,
    ],
  ])('%s: a SeqError naming what is wrong', async (_, change, message) => {
    const json = mixed();
    const changed = change(json);
    const folder = path.join(temp, 'named');
    await fs.rm(folder, { recursive: true, force: true });
    await fs.mkdir(folder);
    await fs.writeFile(
      path.join(folder, 'model.json'),
      typeof changed === 'string' ? changed : JSON.stringify(json),
    );
    await fs.writeFile(
      path.join(folder, SHARD),
      Buffer.isBuffer(changed) ? changed : (sources.get('keras3/mixed')?.shard as Buffer),
    );
    const tensors = tf.memory().numTensors;
    const variables = variableCount();
    const started = performance.now();
    const error = await loadKerasModel(fileSystem(folder)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeqError);
    expect((error as Error).message).toMatch(message);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(variableCount()).toBe(variables);
  });

  it('a load that fails frees only its own variables, not those of a load running beside it', async () => {
    const source = sources.get('keras3/mixed') as Source;
    const good = path.join(temp, 'concurrent-good');
    const bad = path.join(temp, 'concurrent-bad');
    const json = structuredClone(source.json) as Json;
    await writeCase(good, source, []);
    json.modelTopology.model_config.config.layers[4].config.activation = 'no-such-activation';
    await fs.mkdir(bad, { recursive: true });
    await fs.writeFile(path.join(bad, 'model.json'), JSON.stringify(json));
    await fs.writeFile(path.join(bad, SHARD), source.shard);
    const tensors = tf.memory().numTensors;
    const [failed, loaded] = await Promise.allSettled([
      loadKerasModel(fileSystem(bad)),
      loadKerasModel(fileSystem(good)),
    ]);
    expect(failed.status).toBe('rejected');
    expect((failed as PromiseRejectedResult).reason).toBeInstanceOf(SeqError);
    expect(loaded.status).toBe('fulfilled');
    const model = (loaded as PromiseFulfilledResult<tf.LayersModel>).value;
    const x = tf.zeros([2, 6], 'int32');
    const y = model.predict(x) as tf.Tensor;
    expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([x, y]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('checks what any IO handler returns: weight specs, their dtypes and the bytes', async () => {
    const source = sources.get('keras3/mixed') as Source;
    const { modelTopology, weightsManifest } = source.json as Json;
    const weightSpecs = weightsManifest[0].weights;
    const data = source.shard.buffer.slice(
      source.shard.byteOffset,
      source.shard.byteOffset + source.shard.byteLength,
    ) as ArrayBuffer;
    const handler = (artifacts: Record<string, unknown>): tf.io.IOHandler => ({
      load: async () => ({ modelTopology, weightSpecs, weightData: data, ...artifacts }) as never,
    });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ modelTopology: 'a string' }, /modelTopology/],
      [{ modelTopology: [] }, /modelTopology/],
      [{ weightSpecs: 'x' }, /weightSpecs/],
      [
        { weightSpecs: [{ ...weightSpecs[0], dtype: 'float64' }, ...weightSpecs.slice(1)] },
        /dtype/,
      ],
      [{ weightSpecs: [{ ...weightSpecs[0], shape: [-1, 8] }, ...weightSpecs.slice(1)] }, /shape/],
      [
        {
          weightSpecs: [
            { ...weightSpecs[0], quantization: { dtype: 'uint8' } },
            ...weightSpecs.slice(1),
          ],
        },
        /finite scale and min/,
      ],
      [
        {
          weightSpecs: [
            { ...weightSpecs[0], quantization: { dtype: 'uint8', scale: '1', min: 0 } },
            ...weightSpecs.slice(1),
          ],
        },
        /finite scale and min/,
      ],
      [
        { weightSpecs: [{ ...weightSpecs[0], dtype: 'int32' }, ...weightSpecs.slice(1)] },
        /of dtype float32; received .* of dtype int32/,
      ],
      [{ weightData: data.slice(0, 64) }, /weightData.*bytes/],
      [{ weightData: undefined }, /weightData/],
    ];
    const tensors = tf.memory().numTensors;
    for (const [artifacts, message] of cases) {
      const error = await loadKerasModel(handler(artifacts)).catch((e: unknown) => e);
      expect(error, JSON.stringify(Object.keys(artifacts))).toBeInstanceOf(SeqError);
      expect((error as Error).message).toMatch(message);
    }
    expect(tf.memory().numTensors).toBe(tensors);
    const model = await loadKerasModel(handler({}));
    model.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
