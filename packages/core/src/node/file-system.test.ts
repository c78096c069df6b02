import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileSystem } from './file-system.js';
import { fileSystemRouter } from './file-system-router.js';
import './index.js';

let dir = '';
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(tmpdir(), 'seq-fs-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(dir, { recursive: true, force: true });
});

function makeModel(seed: number): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 4,
        inputShape: [3],
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      }),
      tf.layers.dense({
        units: 2,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      }),
    ],
  });
  return model;
}

async function predict(model: tf.LayersModel): Promise<number[]> {
  const x = tf.tensor2d([[0.1, -0.2, 0.3]]);
  const y = model.predict(x) as tf.Tensor;
  const values = Array.from(await y.data());
  tf.dispose([x, y]);
  return values;
}

async function readJSON(file: string): Promise<tf.io.ModelJSON> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as tf.io.ModelJSON;
}

describe('fileSystem', () => {
  it('saves a model and loads it back with the same outputs, through file:// URLs too', async () => {
    const model = makeModel(1);
    await model.save(fileSystem(path.join(dir, 'a')));
    const loaded = await tf.loadLayersModel(fileSystem(path.join(dir, 'a', 'model.json')));
    expect(await predict(loaded)).toEqual(await predict(model));

    await model.save(`file://${path.join(dir, 'b')}`);
    const viaUrl = await tf.loadLayersModel(`file://${path.join(dir, 'b', 'model.json')}`);
    expect(await predict(viaUrl)).toEqual(await predict(model));
    // A folder works as the load target as well.
    const viaDir = await tf.loadLayersModel(fileSystem(path.join(dir, 'b')));
    expect(await predict(viaDir)).toEqual(await predict(model));
    for (const m of [model, loaded, viaUrl, viaDir]) m.dispose();
  });

  it('keeps the optimizer config and user metadata', async () => {
    const model = makeModel(2);
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    model.setUserDefinedMetadata({ vocabulary: ['a', 'b'] });
    await model.fit(tf.ones([4, 3]), tf.zeros([4, 2]), { epochs: 1, verbose: 0 });
    await model.save(fileSystem(dir), { includeOptimizer: true });
    const json = await readJSON(path.join(dir, 'model.json'));
    expect(json.trainingConfig?.loss).toBe('mean_squared_error');
    expect(json.userDefinedMetadata).toEqual({ vocabulary: ['a', 'b'] });
    const loaded = await tf.loadLayersModel(fileSystem(dir));
    expect(loaded.getUserDefinedMetadata()).toEqual({ vocabulary: ['a', 'b'] });
    expect(loaded.optimizer).toBeDefined();
    expect((await loaded.optimizer.getWeights()).length).toBe(
      (await model.optimizer.getWeights()).length,
    );
    model.dispose();
    loaded.dispose();
  });

  it('leaves no tensors behind when saving and loading', async () => {
    const model = makeModel(3);
    const before = tf.memory().numTensors;
    await model.save(fileSystem(dir));
    expect(tf.memory().numTensors).toBe(before);
    const loaded = await tf.loadLayersModel(fileSystem(dir));
    expect(tf.memory().numTensors).toBe(before + loaded.weights.length);
    model.dispose();
    loaded.dispose();
  });

  it('replaces a previous save, leaving only the new model files', async () => {
    const first = makeModel(4);
    const second = makeModel(40);
    await first.save(fileSystem(dir));
    await second.save(fileSystem(dir));
    const files = await fs.readdir(dir);
    expect(files.sort()).toEqual(
      [
        'model.json',
        (await readJSON(path.join(dir, 'model.json'))).weightsManifest[0]?.paths[0],
      ].sort(),
    );
    const loaded = await tf.loadLayersModel(fileSystem(dir));
    expect(await predict(loaded)).toEqual(await predict(second));
    for (const m of [first, second, loaded]) m.dispose();
  });

  it.each([
    ['writing the weights', 'open', 0],
    ['writing the manifest', 'open', 1],
    ['renaming the manifest into place', 'rename', 0],
  ] as const)(
    'a save interrupted while %s leaves the previous model loadable and no debris',
    async (_, op, nth) => {
      const good = makeModel(5);
      const other = makeModel(50);
      await good.save(fileSystem(dir));
      const filesBefore = (await fs.readdir(dir)).sort();
      const real = fs[op].bind(fs) as (...args: unknown[]) => Promise<unknown>;
      let calls = 0;
      vi.spyOn(fs, op).mockImplementation((async (...args: unknown[]) => {
        if (calls++ === nth)
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        return real(...args);
      }) as never);
      await expect(other.save(fileSystem(dir))).rejects.toThrow('ENOSPC');
      vi.restoreAllMocks();
      expect((await fs.readdir(dir)).sort()).toEqual(filesBefore);
      const loaded = await tf.loadLayersModel(fileSystem(dir));
      expect(await predict(loaded)).toEqual(await predict(good));
      for (const m of [good, other, loaded]) m.dispose();
    },
  );

  describe('refuses unsafe or broken model files before building anything', () => {
    async function saveThenEdit(edit: (json: tf.io.ModelJSON) => void): Promise<void> {
      const model = makeModel(6);
      await model.save(fileSystem(dir));
      model.dispose();
      const file = path.join(dir, 'model.json');
      const json = await readJSON(file);
      edit(json);
      await fs.writeFile(file, JSON.stringify(json));
    }

    it.each([
      ['../outside.bin', '"../outside.bin", which leaves'],
      ['sub/../../outside.bin', '"sub/../../outside.bin", which leaves'],
      ['/etc/passwd', '"/etc/passwd", an absolute path or URL'],
      ['C:\\Windows\\x.bin', '"C:\\\\Windows\\\\x.bin", an absolute path or URL'],
      ['file:///etc/passwd', '"file:///etc/passwd", an absolute path or URL'],
      ['', 'received "".'],
    ])('a weights path %s', async (bad, received) => {
      await saveThenEdit((json) => {
        (json.weightsManifest[0] as { paths: string[] }).paths = [bad];
      });
      const before = tf.memory().numTensors;
      const error = await tf.loadLayersModel(fileSystem(dir)).catch((e: unknown) => e);
      expect((error as Error).message).toContain(
        'fileSystem: `weightsManifest.paths` must be a relative path inside the model folder; received ',
      );
      expect((error as Error).message).toContain(received);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('a weights path that is a link pointing outside the folder', async () => {
      const outside = await fs.mkdtemp(path.join(tmpdir(), 'seq-outside-'));
      await saveThenEdit((json) => {
        (json.weightsManifest[0] as { paths: string[] }).paths = ['link.bin'];
      });
      await fs.writeFile(path.join(outside, 'secret.bin'), new Uint8Array(100));
      await fs.symlink(path.join(outside, 'secret.bin'), path.join(dir, 'link.bin'));
      await expect(tf.loadLayersModel(fileSystem(dir))).rejects.toThrow(
        /received "link\.bin", a link to .*secret\.bin\./,
      );
      await fs.rm(outside, { recursive: true, force: true });
    });

    it('a weights file missing', async () => {
      await saveThenEdit((json) => {
        (json.weightsManifest[0] as { paths: string[] }).paths = ['gone.bin'];
      });
      await expect(tf.loadLayersModel(fileSystem(dir))).rejects.toThrow(
        'fileSystem: `weightsManifest.paths` must be a weights file that exists; received "gone.bin", missing in',
      );
    });

    it('a weights file whose size does not match the manifest', async () => {
      await saveThenEdit(() => {});
      const json = await readJSON(path.join(dir, 'model.json'));
      const name = json.weightsManifest[0]?.paths[0] as string;
      const full = path.join(dir, name);
      const size = (await fs.stat(full)).size;
      await fs.truncate(full, size - 4);
      const before = tf.memory().numTensors;
      await expect(tf.loadLayersModel(fileSystem(dir))).rejects.toThrow(
        `fileSystem: \`weightsManifest\` must be weights files of ${size} bytes, as the manifest describes; received "${name}" of ${size - 4} bytes.`,
      );
      expect(tf.memory().numTensors).toBe(before);
    });

    it('a malformed weights manifest', async () => {
      for (const bad of [
        {},
        [null],
        [{ paths: ['a.bin'], weights: [{ name: 'k', dtype: 'float32', shape: 'x' }] }],
      ]) {
        await saveThenEdit((json) => {
          (json as { weightsManifest: unknown }).weightsManifest = bad;
        });
        await expect(tf.loadLayersModel(fileSystem(dir))).rejects.toThrow(
          'fileSystem: `weightsManifest` must be a list of groups of {paths, weights: [{name, shape, dtype}]}; received a malformed weightsManifest in',
        );
      }
    });

    it('a weights file whose name starts with two dots is fine', async () => {
      await saveThenEdit(() => {});
      const file = path.join(dir, 'model.json');
      const json = await readJSON(file);
      await fs.rename(
        path.join(dir, json.weightsManifest[0]?.paths[0] as string),
        path.join(dir, '..w.bin'),
      );
      (json.weightsManifest[0] as { paths: string[] }).paths = ['..w.bin'];
      await fs.writeFile(file, JSON.stringify(json));
      const loaded = await tf.loadLayersModel(fileSystem(dir));
      loaded.dispose();
    });

    it('a manifest that is not JSON, has no topology, or is missing', async () => {
      await fs.writeFile(path.join(dir, 'model.json'), '{"modelTopology": ');
      await expect(tf.loadLayersModel(fileSystem(dir))).rejects.toThrow(
        'fileSystem: `path` must be a model.json file holding valid JSON; received',
      );
      await fs.writeFile(path.join(dir, 'model.json'), 'null');
      await expect(tf.loadLayersModel(fileSystem(dir))).rejects.toThrow(
        'fileSystem: `path` must be a model.json with a modelTopology; received',
      );
      await fs.writeFile(path.join(dir, 'model.json'), '{"weightsManifest": []}');
      await expect(tf.loadLayersModel(fileSystem(dir))).rejects.toThrow(
        'fileSystem: `path` must be a model.json with a modelTopology; received',
      );
      await expect(tf.loadLayersModel(fileSystem(path.join(dir, 'nope')))).rejects.toThrow(
        'fileSystem: `path` must be the path of an existing model.json or its folder; received',
      );
    });
  });

  it('rejects an empty target and a model file name with folders', () => {
    expect(() => fileSystem('')).toThrow(
      'fileSystem: `target` must be a non-empty path; received "".',
    );
    expect(() => fileSystem(dir, { modelFileName: '../x.json' })).toThrow(
      'fileSystem: `options.modelFileName` must be a file name ending in .json, without folders; received "../x.json".',
    );
    expect(() => fileSystem(dir, { modelFileName: 'model.txt' })).toThrow('received "model.txt".');
  });

  it('saves under another manifest name', async () => {
    const model = makeModel(8);
    await model.save(fileSystem(dir, { modelFileName: 'forecaster.json' }));
    const loaded = await tf.loadLayersModel(fileSystem(path.join(dir, 'forecaster.json')));
    expect(await predict(loaded)).toEqual(await predict(model));
    model.dispose();
    loaded.dispose();
  });

  it('refuses a binary topology when saving', async () => {
    await expect(
      fileSystem(dir).save?.({ modelTopology: new ArrayBuffer(4) } as tf.io.ModelArtifacts),
    ).rejects.toThrow(
      'fileSystem: `artifacts.modelTopology` must be a JSON model topology; received a binary topology.',
    );
  });

  it('cleans up what an interrupted save left behind, and nothing else', async () => {
    const model = makeModel(9);
    await model.save(fileSystem(dir));
    await fs.writeFile(path.join(dir, 'weights-0123456789ab.bin'), new Uint8Array(4)); // debris
    await fs.writeFile(path.join(dir, 'model.json.0123456789ab.tmp'), '{'); // debris
    await fs.writeFile(path.join(dir, 'notes.txt'), 'mine'); // the user's
    await model.save(fileSystem(dir));
    const json = await readJSON(path.join(dir, 'model.json'));
    expect((await fs.readdir(dir)).sort()).toEqual(
      ['model.json', 'notes.txt', json.weightsManifest[0]?.paths[0]].sort(),
    );
    model.dispose();
  });

  it('loads a model whose weights are split over several shards and groups', async () => {
    const model = makeModel(10);
    await model.save(fileSystem(dir));
    const file = path.join(dir, 'model.json');
    const json = await readJSON(file);
    const name = json.weightsManifest[0]?.paths[0] as string;
    const bytes = await fs.readFile(path.join(dir, name));
    const specs = json.weightsManifest[0]?.weights ?? [];
    // Group 1: the first weight (kernel 3x4 floats = 48 bytes) in two shards; group 2: the rest.
    await fs.writeFile(path.join(dir, 'g1-a.bin'), bytes.subarray(0, 20));
    await fs.writeFile(path.join(dir, 'g1-b.bin'), bytes.subarray(20, 48));
    await fs.writeFile(path.join(dir, 'g2.bin'), bytes.subarray(48));
    json.weightsManifest = [
      { paths: ['g1-a.bin', 'g1-b.bin'], weights: specs.slice(0, 1) },
      { paths: ['g2.bin'], weights: specs.slice(1) },
    ];
    await fs.writeFile(file, JSON.stringify(json));
    const loaded = await tf.loadLayersModel(fileSystem(dir));
    expect(await predict(loaded)).toEqual(await predict(model));
    model.dispose();
    loaded.dispose();
  });
});

describe('fileSystemRouter', () => {
  it('routes file:// URLs only', () => {
    expect(fileSystemRouter('file:///tmp/x')).not.toBeNull();
    expect(fileSystemRouter('https://example.com/model.json')).toBeNull();
    expect(fileSystemRouter(['file:///a', 'file:///b'])).toBeNull();
  });

  it('steps aside when tfjs-node is loaded, whose own file:// handler then answers', () => {
    tf.registerBackend(
      'tensorflow',
      () => new (tf.findBackendFactory('cpu') as never as new () => tf.KernelBackend)(),
    );
    try {
      expect(fileSystemRouter('file:///tmp/x')).toBeNull();
    } finally {
      tf.removeBackend('tensorflow');
    }
  });
});
