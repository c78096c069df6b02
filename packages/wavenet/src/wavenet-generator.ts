import {
  assertBoolean,
  assertNumberInRange,
  assertPositiveInteger,
  SeededRandom,
  SeqError,
} from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { softmaxInPlace } from './step-math.js';
import { assertSoftmaxWaveNet, WaveNetProgram, type WaveNetRowState } from './wavenet-program.js';

const OWNER = 'WaveNetGenerator';

/** Options of {@link WaveNetGenerator}. */
export interface WaveNetGeneratorOptions {
  /** Rows generated side by side. @defaultValue `1`, or the number of conditioning rows */
  batchSize?: number;
  /** The global conditioning of each row, `[batch, conditioningChannels]`, for a conditioned model. */
  conditioning?: ArrayLike<number>[] | tf.Tensor2D;
}

/** Options of {@link WaveNetGenerator.generate}. */
export interface WaveNetGenerateOptions {
  /** Samples to generate per row (after the prompt). */
  length: number;
  /**
   * Class ids each row starts from (fed first, not returned); rows may differ in length.
   * @defaultValue the last sample of the previous `generate` call (so calls continue one another),
   *   or class `classes / 2` (mu-law silence) at the start
   */
  prompt?: ArrayLike<number>[];
  /** Divides the logits before sampling: below 1 is more conservative. @defaultValue `1` */
  temperature?: number;
  /** Take the most likely class instead of sampling. @defaultValue `false` */
  greedy?: boolean;
  /** Seed of the sampling. @defaultValue random */
  seed?: number | string;
}

/**
 * Fast WaveNet generation (Paine et al. 2016, "Fast Wavenet Generation Algorithm"): each dilated
 * layer keeps a queue of its past inputs, so a new sample costs one step of every layer,
 * O(number of layers), instead of a full pass over the receptive field. The outputs equal the full
 * pass's (`model.predict` on the whole sequence) step for step.
 *
 * It runs the model's layers in plain JavaScript on a copy of the weights taken when it is
 * created (make a new generator after training further), for models built by {@link wavenet} or
 * {@link simpleWaveNet}: embedding or 1x1 input, seq `Conv1D` (causal or 1x1),
 * {@link WaveNetResidualBlock}, `Add` and `Activation` layers.
 *
 * @throws {@link @seq/core!index.SeqError} for a model with other layers, or bad options.
 * @example
 * ```ts
 * const model = wavenet({ dilations: [1, 2, 4, 8], residualChannels: 8, skipChannels: 8, filters: 8 });
 * const generator = new WaveNetGenerator(model);
 * const [codes] = generator.generate({ length: 100, temperature: 0.9, seed: 1 }); // Int32Array(100)
 * const audio = muLawDecode(codes);
 * ```
 */
export class WaveNetGenerator {
  /** Rows generated side by side. */
  readonly batchSize: number;
  /** Input steps one output step sees. */
  readonly receptiveField: number;
  private readonly program: WaveNetProgram;
  private readonly conditioning: Float32Array[] | null;
  private rows: WaveNetRowState[];
  /** Per row, the last generated sample, not yet fed (the next generate() starts with it). */
  private pending: Array<number | null>;

  constructor(model: tf.LayersModel, options: WaveNetGeneratorOptions = {}) {
    this.program = new WaveNetProgram(model);
    if (typeof options !== 'object' || options === null) {
      throw new SeqError({
        owner: OWNER,
        argument: 'options',
        expected: 'an object',
        received: options,
      });
    }
    const conditioning = readConditioning(options.conditioning, this.program.conditioningSize);
    this.batchSize = assertPositiveInteger(
      OWNER,
      'batchSize',
      options.batchSize ?? conditioning?.length ?? 1,
    );
    if (conditioning && conditioning.length !== this.batchSize) {
      throw new SeqError({
        owner: OWNER,
        argument: 'conditioning',
        expected: `one row per batch row (${this.batchSize})`,
        received: conditioning.length,
        receivedDescription: `${conditioning.length} rows`,
      });
    }
    this.conditioning = conditioning;
    this.receptiveField = this.program.receptiveField;
    this.rows = Array.from({ length: this.batchSize }, () => this.program.newRowState());
    this.pending = this.rows.map(() => null);
  }

  /** Values of the model's output per step: classes for a softmax model. */
  get outputSize(): number {
    return this.program.outputSize;
  }

  /** Steps taken since creation or the last {@link reset}. */
  get time(): number {
    return this.rows[0]?.time ?? 0;
  }

  /** Forgets every past input (as if the sequence started now, after zero padding). */
  reset(): void {
    this.rows = Array.from({ length: this.batchSize }, () => this.program.newRowState());
    this.pending = this.rows.map(() => null);
  }

  /**
   * Feeds one time step to every row and returns each row's output for it: the next sample's
   * probabilities for a softmax model, the output values otherwise (what the full model gives at
   * this step).
   *
   * @param inputs - One class id per row (a softmax model), or one array of input features per row.
   * @throws {@link @seq/core!index.SeqError} for a wrong number of rows, a class id out of range or
   *   a wrong number of features.
   */
  step(inputs: ArrayLike<number> | ArrayLike<number>[]): Float32Array[] {
    const rows = this.readInputs(inputs);
    this.pending = this.rows.map(() => null); // the caller feeds the inputs now
    return rows.map((input, b) => {
      const out = Float32Array.from(
        this.program.step(this.rows[b] as WaveNetRowState, input, this.conditioning?.[b] ?? null),
      );
      if (this.program.softmaxOutput) softmaxInPlace(out);
      return out;
    });
  }

  /**
   * Generates class ids (mu-law codes) from a softmax WaveNet, one sample at a time, each fed back
   * as the next input: sampled from the softmax (with `temperature`), or the most likely class
   * (`greedy`). Continues from the current state: a second call without a prompt carries on
   * exactly where the first stopped (call {@link reset} to start over).
   *
   * @returns One `Int32Array` of `length` class ids per row.
   * @throws {@link @seq/core!index.SeqError} for a regression WaveNet or bad options.
   */
  generate(options: WaveNetGenerateOptions): Int32Array[] {
    const owner = `${OWNER}.generate`;
    assertSoftmaxWaveNet(owner, this.program);
    if (typeof options !== 'object' || options === null) {
      throw new SeqError({
        owner,
        argument: 'options',
        expected: 'an object with `length`',
        received: options,
      });
    }
    const length = assertPositiveInteger(owner, 'length', options.length);
    const temperature = assertNumberInRange(owner, 'temperature', options.temperature ?? 1, {
      min: 0,
      minInclusive: false,
    });
    const greedy = assertBoolean(owner, 'greedy', options.greedy ?? false);
    const random = new SeededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 31));
    const classes = this.program.outputSize;
    const prompts = options.prompt ?? this.rows.map(() => []);
    if (!Array.isArray(prompts) || prompts.length !== this.batchSize) {
      throw new SeqError({
        owner,
        argument: 'prompt',
        expected: `one array of class ids per row (${this.batchSize})`,
        received: prompts,
      });
    }
    const rows = prompts.map((prompt, b) => {
      const ids = Array.from(prompt as ArrayLike<number>);
      ids.forEach((id, i) => {
        checkClass(owner, `prompt[${b}][${i}]`, id, classes);
      });
      // No prompt: continue from the last sample of the previous generate(), else from silence.
      if (ids.length === 0) ids.push(this.pending[b] ?? Math.floor(classes / 2));
      return ids;
    }); // every prompt is checked before any row is stepped
    return rows.map((ids, b) => {
      const row = this.rows[b] as WaveNetRowState;
      const h = this.conditioning?.[b] ?? null;
      let logits: Float32Array = new Float32Array(classes);
      for (const id of ids) logits = this.program.step(row, [id], h);
      const out = new Int32Array(length);
      for (let i = 0; i < length; i++) {
        const next = greedy ? argmax(logits) : sampleLogits(logits, temperature, random);
        out[i] = next;
        if (i + 1 < length) logits = this.program.step(row, [next], h);
      }
      // The last sample is not fed yet: the next generate() starts with it.
      this.pending[b] = out[length - 1] as number;
      return out;
    });
  }

  private readInputs(inputs: ArrayLike<number> | ArrayLike<number>[]): ArrayLike<number>[] {
    const owner = `${OWNER}.step`;
    const list = inputs as ArrayLike<unknown>;
    if (list == null || typeof list.length !== 'number' || list.length !== this.batchSize) {
      throw new SeqError({
        owner,
        argument: 'inputs',
        expected: `one input per row (${this.batchSize})`,
        received: inputs,
      });
    }
    const rows: ArrayLike<number>[] = [];
    for (let b = 0; b < this.batchSize; b++) {
      const item = list[b];
      if (this.program.classInput) {
        checkClass(owner, `inputs[${b}]`, item, this.program.outputSize, this.classCount());
        rows.push([item as number]);
      } else {
        const features = typeof item === 'number' ? [item] : (item as ArrayLike<number>);
        if (features == null || features.length !== this.program.inputSize) {
          throw new SeqError({
            owner,
            argument: `inputs[${b}]`,
            expected: `${this.program.inputSize} input features`,
            received: item,
          });
        }
        rows.push(features);
      }
    }
    return rows;
  }

  private classCount(): number {
    const embedding = this.program.ops.find((op) => op.kind === 'embedding') as
      | { classes: number }
      | undefined;
    return embedding?.classes ?? this.program.outputSize;
  }
}

function checkClass(
  owner: string,
  argument: string,
  id: unknown,
  _classes: number,
  count = _classes,
): void {
  if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= count) {
    throw new SeqError({ owner, argument, expected: `a class id in [0, ${count})`, received: id });
  }
}

function readConditioning(value: unknown, size: number): Float32Array[] | null {
  if (size === 0) {
    if (value != null) {
      throw new SeqError({
        owner: OWNER,
        argument: 'conditioning',
        expected: 'undefined for a model without a conditioning input',
        received: value,
      });
    }
    return null;
  }
  const rows =
    value instanceof tf.Tensor
      ? (value.arraySync() as number[][])
      : Array.isArray(value)
        ? (value as ArrayLike<number>[])
        : null;
  if (rows === null || rows.length === 0 || !rows.every((r) => r != null && r.length === size)) {
    throw new SeqError({
      owner: OWNER,
      argument: 'conditioning',
      expected: `rows of ${size} values ([batch, ${size}]), for this conditioned model`,
      received: value,
    });
  }
  return rows.map((r) => Float32Array.from(r));
}

function argmax(v: Float32Array): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if ((v[i] as number) > (v[best] as number)) best = i;
  return best;
}

/** Samples a class from `softmax(logits / temperature)`. */
export function sampleLogits(
  logits: Float32Array,
  temperature: number,
  random: SeededRandom,
): number {
  const p = Float32Array.from(logits, (v) => v / temperature);
  softmaxInPlace(p);
  return random.categorical(p);
}
