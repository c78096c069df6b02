import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { collectTensors } from './expect-no-leaked-tensors.js';
import { expectTensorsClose } from './expect-tensors-close.js';

type Shape = Array<number | null>;

/** What {@link runLayerContract} checks a layer against. */
export interface LayerContractOptions {
  /** Makes a fresh, unbuilt layer; called several times. */
  create: () => tf.layers.Layer;
  /** Makes the input (or inputs) of one call, batch first: `[batch, time, features]`. */
  input: () => tf.Tensor | tf.Tensor[];
  /** Keyword arguments of the call (`{training: false}`, masks...). */
  callKwargs?: Record<string, unknown>;
  /** The number of weights once built. */
  expectedWeights: number;
  /** The weights' names relative to the layer, in order: `['kernel', 'recurrent_kernel', 'bias']`. */
  expectedWeightNames?: string[];
  /** The output shape (or shapes), batch first, as the call returns it. */
  expectedOutputShape?: Shape | Shape[];
  /**
   * Whether one training step must change every trainable weight.
   * @defaultValue `true` when the layer has trainable weights
   */
  trains?: boolean;
  /** Tolerance when outputs are compared after a config round trip or a reload. @defaultValue `1e-5` */
  atol?: number;
  /**
   * Weights (names relative to the layer) that provably get no gradient and so may stay unchanged
   * in the training step, e.g. `MultiHeadAttention`'s `key/bias`, which shifts all the scores of a
   * query by the same amount (softmax ignores it). Say why where you use it.
   * @defaultValue none
   */
  weightsWithoutGradient?: string[];
}

function asList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

async function stage<T>(label: string, name: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`layer contract of ${label}: ${name}: ${message}`, { cause: error });
  }
}

function relativeName(layer: tf.layers.Layer, weight: tf.LayerVariable): string {
  const prefix = `${layer.name}/`;
  return weight.originalName.startsWith(prefix)
    ? weight.originalName.slice(prefix.length)
    : weight.originalName;
}

/** Writes seeded random values into every weight directly (not through `setWeights`, which is under test). */
function randomizeWeights(layer: tf.layers.Layer): void {
  layer.weights.forEach((w, i) => {
    const value = tf.randomUniform(w.shape as number[], -0.5, 0.5, 'float32', 11 + i);
    w.write(value);
    value.dispose();
  });
}

/** Throws unless `value` is made of JSON values only (`undefined` allowed: JSON drops it). */
function assertPlainJSON(value: unknown, where: string): void {
  if (
    value === null ||
    value === undefined ||
    typeof value === 'string' ||
    typeof value === 'boolean'
  )
    return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`config is plain JSON: ${where} is ${value}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      assertPlainJSON(v, `${where}[${i}]`);
    });
    return;
  }
  const proto = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    const kind =
      typeof value === 'object'
        ? `an instance of ${(value as object).constructor?.name}`
        : typeof value;
    throw new Error(`config is plain JSON: ${where} is ${kind}`);
  }
  for (const [k, v] of Object.entries(value as object)) assertPlainJSON(v, `${where}.${k}`);
}

function call(
  layer: tf.layers.Layer,
  inputs: tf.Tensor[],
  kwargs: Record<string, unknown>,
): tf.Tensor[] {
  const out = layer.apply(inputs.length === 1 ? (inputs[0] as tf.Tensor) : inputs, kwargs);
  return asList(out as tf.Tensor | tf.Tensor[]);
}

/**
 * The contract every seq layer meets, checked in one call (after Keras' `run_layer_test`):
 * 1. it builds on the given input and returns outputs of the expected shape, which agrees with
 *    `computeOutputShape`;
 * 2. it has the expected number of weights, with the expected, unique names;
 * 3. `getConfig` is plain JSON, and `fromConfig(getConfig())` gives a layer with the same config
 *    and, with the same weights, the same outputs;
 * 4. a model using it saves through `tf.io` and loads again (its class is registered), with the
 *    same outputs;
 * 5. one training step changes every trainable weight;
 * 6. no call leaks tensors, and once everything is disposed the tensor count is back where it was.
 *
 * Failures name the layer and the stage: "layer contract of seq.GRU: config round trip: ...".
 *
 * @example
 * ```ts
 * await runLayerContract({
 *   create: () => tf.layers.dense({ units: 3 }),
 *   input: () => tf.ones([2, 4]),
 *   expectedWeights: 2,
 *   expectedWeightNames: ['kernel', 'bias'],
 *   expectedOutputShape: [2, 3],
 * });
 * ```
 */
export async function runLayerContract(options: LayerContractOptions): Promise<void> {
  const { callKwargs = {}, atol = 1e-5 } = options;
  const startTensors = tf.memory().numTensors;
  const layer = options.create();
  const label = layer.getClassName();
  const inputs = asList(options.input());
  const disposables: Array<{ dispose(): unknown }> = [];
  let outputs: tf.Tensor[] = [];

  try {
    outputs = await stage(label, 'build and call', () => {
      const out = call(layer, inputs, callKwargs);
      const shapes = out.map((t) => t.shape);
      if (options.expectedOutputShape !== undefined) {
        const expected = (
          Array.isArray(options.expectedOutputShape[0])
            ? options.expectedOutputShape
            : [options.expectedOutputShape]
        ) as Shape[];
        expect(shapes, 'output shape').toEqual(expected);
      }
      const computed = layer.computeOutputShape(
        inputs.length === 1 ? (inputs[0] as tf.Tensor).shape : inputs.map((t) => t.shape),
      );
      const computedList = (Array.isArray(computed[0]) ? computed : [computed]) as Shape[];
      expect(
        shapes.map((s, i) => s.map((d, j) => (computedList[i]?.[j] == null ? null : d))),
        'computeOutputShape',
      ).toEqual(computedList);
      return out;
    });

    await stage(label, 'no leaked tensors in a call', () => {
      const before = tf.memory().numTensors;
      const again = call(layer, inputs, callKwargs);
      const leaked = tf.memory().numTensors - before - collectTensors(again).size;
      tf.dispose(again);
      expect(leaked, 'tensors left behind by one call').toBe(0);
    });

    await stage(label, 'weights', () => {
      expect(layer.weights.length, 'number of weights').toBe(options.expectedWeights);
      const names = layer.weights.map((w) => relativeName(layer, w));
      if (options.expectedWeightNames)
        expect(names, 'weight names').toEqual(options.expectedWeightNames);
      expect(new Set(layer.weights.map((w) => w.originalName)).size, 'unique weight names').toBe(
        names.length,
      );
    });

    // Random weights from here on: with their initial values (zeros, ones), a layer that loses its
    // weights in a round trip could still give equal outputs.
    randomizeWeights(layer);

    await stage(label, 'config round trip', () => {
      const config = layer.getConfig();
      const snapshot = JSON.parse(JSON.stringify(config)) as tf.serialization.ConfigDict;
      assertPlainJSON(config, 'config');
      const cls =
        layer.constructor as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>;
      // fromConfig may add keys to the config it is given (tfjs adds `customObjects`): give it a copy.
      const clone = cls.fromConfig(cls, JSON.parse(JSON.stringify(config)));
      disposables.push(clone);
      expect(clone.getConfig(), 'fromConfig(getConfig()).getConfig()').toEqual(snapshot);
      tf.dispose(call(clone, inputs, callKwargs));
      clone.setWeights(layer.getWeights());
      const cloned = call(clone, inputs, callKwargs);
      const reference = call(layer, inputs, callKwargs);
      reference.forEach((o, i) => {
        expectTensorsClose(cloned[i] as tf.Tensor, o, { atol, label: `output ${i}` });
      });
      tf.dispose(reference);
      tf.dispose(cloned);
    });

    const model = await stage(label, 'model', () => {
      const symbolic = inputs.map((t) =>
        tf.input({ shape: t.shape.slice(1), dtype: t.dtype as 'float32' }),
      );
      const inner = options.create();
      const out = inner.apply(
        symbolic.length === 1 ? (symbolic[0] as tf.SymbolicTensor) : symbolic,
        callKwargs,
      ) as tf.SymbolicTensor | tf.SymbolicTensor[];
      const m = tf.model({ inputs: symbolic, outputs: out });
      disposables.push(m);
      randomizeWeights(inner);
      return m;
    });

    await stage(label, 'save and load through tf.io', async () => {
      let artifacts: tf.io.ModelArtifacts | undefined;
      await model.save(
        tf.io.withSaveHandler(async (a) => {
          artifacts = a;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
      const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts));
      disposables.push(loaded);
      expect(
        loaded.weights.map((w) => w.originalName),
        'weight names after loading',
      ).toEqual(model.weights.map((w) => w.originalName));
      const a = asList(model.predict(inputs) as tf.Tensor | tf.Tensor[]);
      const b = asList(loaded.predict(inputs) as tf.Tensor | tf.Tensor[]);
      a.forEach((t, i) => {
        expectTensorsClose(b[i] as tf.Tensor, t, { atol, label: `output ${i} after loading` });
      });
      tf.dispose([...a, ...b]);
    });

    const trains = options.trains ?? layer.trainableWeights.length > 0;
    if (trains) {
      await stage(label, 'one training step', async () => {
        expect(model.trainableWeights.length, 'trainable weights').toBeGreaterThan(0);
        const targets = tf.tidy(() =>
          asList(model.predict(inputs) as tf.Tensor | tf.Tensor[]).map((t) =>
            tf.randomNormal(t.shape, 0, 1, 'float32', 7),
          ),
        );
        const optimizer = tf.train.sgd(0.1);
        disposables.push(optimizer);
        model.compile({ optimizer, loss: 'meanSquaredError' });
        const before = model.trainableWeights.map((w) => w.read().dataSync().slice());
        await model.trainOnBatch(inputs, targets);
        const exempt = new Set(options.weightsWithoutGradient ?? []);
        const unchanged = model.trainableWeights
          .filter((w, i) => {
            if (exempt.has(w.originalName.split('/').slice(1).join('/'))) return false;
            const now = w.read().dataSync();
            const was = before[i] as ArrayLike<number>;
            return Array.from(now).every((v, j) => v === was[j]);
          })
          .map((w) => w.originalName);
        expect(unchanged, 'trainable weights a training step left unchanged').toEqual([]);
        const count = tf.memory().numTensors;
        await model.trainOnBatch(inputs, targets);
        expect(tf.memory().numTensors - count, 'tensors left behind by a training step').toBe(0);
        tf.dispose(targets);
      });
    }
  } finally {
    tf.dispose([...inputs, ...outputs]);
    for (const d of [...disposables, layer]) {
      try {
        d.dispose();
      } catch {
        /* not built: it holds no weights */
      }
    }
  }
  await stage(label, 'no leaked tensors overall', () => {
    expect(tf.memory().numTensors - startTensors, 'tensors left once everything is disposed').toBe(
      0,
    );
  });
}
