import { assertOneOf, assertPositiveInteger, SeqError } from '@seq/core';
import { conv1d } from '@seq/layers';
import * as tf from '@tensorflow/tfjs';
import { WaveNetResidualBlock } from './wavenet-residual-block.js';

/** Géron's simplified WaveNet, for forecasting: what {@link simpleWaveNet} builds. */
export interface SimpleWaveNetConfig {
  /** Features per time step of the input. @defaultValue `1` */
  inputChannels?: number;
  /** Channels of every causal convolution. @defaultValue `20` */
  filters?: number;
  /** Dilation of each causal convolution, in order. @defaultValue `[1, 2, 4, 8, 1, 2, 4, 8]` */
  dilations?: number[];
  /** Taps of each causal convolution. @defaultValue `2` */
  kernelSize?: number;
  /** Outputs per time step (for example 10 for a 10-step forecast at every step). @defaultValue `1` */
  outputUnits?: number;
  /** Seed of the kernel initializers, for reproducible weights. @defaultValue random */
  seed?: number;
}

/** The full WaveNet: what {@link wavenet} builds. */
export interface WaveNetConfig {
  /**
   * `'softmax'`: the input is class ids `[batch, time]` (mu-law codes, `0..classes-1`) and the
   * output a softmax over the classes, `[batch, time, classes]`, the next sample's distribution.
   * `'regression'`: the input is real values `[batch, time, inputChannels]` and the output linear,
   * `[batch, time, outputUnits]`.
   * @defaultValue `'softmax'`
   */
  head?: 'softmax' | 'regression';
  /** Classes of a `'softmax'` WaveNet (256 for 8-bit mu-law). @defaultValue `256` */
  classes?: number;
  /** Input features of a `'regression'` WaveNet. @defaultValue `1` */
  inputChannels?: number;
  /** Outputs per step of a `'regression'` WaveNet. @defaultValue `1` */
  outputUnits?: number;
  /** Channels of the residual stream. @defaultValue `32` */
  residualChannels?: number;
  /** Channels of each block's gated activation. @defaultValue `32` */
  filters?: number;
  /** Channels of the skip connections, summed into the head. @defaultValue `64` */
  skipChannels?: number;
  /** Channels of the head's hidden 1x1 convolution. @defaultValue `skipChannels` */
  headChannels?: number;
  /** Dilations of one stack of blocks. @defaultValue `[1, 2, 4, ..., 512]` (10 blocks) */
  dilations?: number[];
  /** Times the stack of dilations repeats. @defaultValue `1` */
  stacks?: number;
  /** Taps of each block's dilated convolutions. @defaultValue `2` */
  kernelSize?: number;
  /** Width of a global conditioning input `[batch, conditioningChannels]`, or `null`. @defaultValue `null` */
  conditioningChannels?: number | null;
  /** Seed of the initializers, for reproducible weights. @defaultValue random */
  seed?: number;
  /** Prefix of the layer names. @defaultValue `'wavenet'` */
  name?: string;
}

/** What {@link receptiveField} needs: the dilations, their repeats and the kernel size. */
export interface ReceptiveFieldConfig {
  /** Dilations of one stack. */
  dilations?: number[];
  /** Times the stack repeats. @defaultValue `1` */
  stacks?: number;
  /** Taps of each convolution. @defaultValue `2` */
  kernelSize?: number;
}

const POWERS_OF_TWO = (count: number) => Array.from({ length: count }, (_, i) => 2 ** i);

function checkDilations(owner: string, dilations: unknown): number[] {
  if (!Array.isArray(dilations) || dilations.length === 0) {
    throw new SeqError({
      owner,
      argument: 'dilations',
      expected: 'a non-empty array of positive integers',
      received: dilations,
    });
  }
  dilations.forEach((d, i) => {
    assertPositiveInteger(owner, `dilations[${i}]`, d);
  });
  return dilations as number[];
}

/**
 * The number of input steps one output step sees: `1 + stacks * sum((kernelSize - 1) * d)` over
 * the dilations `d`. A WaveNet of dilations `1, 2, ..., 512` and kernel 2 sees 1,024 steps.
 *
 * @throws {@link @seq/core!index.SeqError} for invalid dilations, stacks or kernel size.
 * @example
 * ```ts
 * receptiveField({ dilations: [1, 2, 4, 8], stacks: 2 }); // 31
 * ```
 */
export function receptiveField(
  config: ReceptiveFieldConfig | SimpleWaveNetConfig | WaveNetConfig,
): number {
  const owner = 'receptiveField';
  const dilations = checkDilations(owner, config.dilations ?? POWERS_OF_TWO(10));
  const stacks = assertPositiveInteger(
    owner,
    'stacks',
    (config as ReceptiveFieldConfig).stacks ?? 1,
  );
  const kernelSize = assertPositiveInteger(owner, 'kernelSize', config.kernelSize ?? 2);
  return 1 + stacks * dilations.reduce((sum, d) => sum + (kernelSize - 1) * d, 0);
}

/**
 * Géron's simplified WaveNet (Hands-On Machine Learning, 15.10): causal `Conv1D` layers with ReLU
 * and growing dilations, then a 1x1 convolution, for forecasting. Every output step sees only the
 * past.
 *
 * Shapes: input `[batch, time, inputChannels]`, output `[batch, time, outputUnits]`.
 *
 * @throws {@link @seq/core!index.SeqError} for invalid options.
 * @example
 * ```ts
 * const model = simpleWaveNet({ outputUnits: 10 }); // 10-step forecasts at every step
 * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
 * ```
 */
export function simpleWaveNet(config: SimpleWaveNetConfig = {}): tf.Sequential {
  const owner = 'simpleWaveNet';
  const inputChannels = assertPositiveInteger(owner, 'inputChannels', config.inputChannels ?? 1);
  const filters = assertPositiveInteger(owner, 'filters', config.filters ?? 20);
  const dilations = checkDilations(owner, config.dilations ?? [1, 2, 4, 8, 1, 2, 4, 8]);
  const kernelSize = assertPositiveInteger(owner, 'kernelSize', config.kernelSize ?? 2);
  const outputUnits = assertPositiveInteger(owner, 'outputUnits', config.outputUnits ?? 1);
  const init = (i: number) =>
    tf.initializers.glorotUniform({
      seed: config.seed === undefined ? undefined : config.seed + i,
    });
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: [null, inputChannels] }));
  dilations.forEach((d, i) => {
    model.add(
      conv1d({
        filters,
        kernelSize,
        padding: 'causal',
        dilationRate: d,
        activation: 'relu',
        kernelInitializer: init(i),
      }),
    );
  });
  model.add(
    conv1d({ filters: outputUnits, kernelSize: 1, kernelInitializer: init(dilations.length) }),
  );
  return model;
}

/**
 * The full WaveNet (van den Oord et al. 2016): an input projection (an embedding of the class ids,
 * or a 1x1 convolution of real inputs) to the residual stream, a stack of
 * {@link WaveNetResidualBlock}s with growing dilations, the sum of their skip outputs, then
 * ReLU → 1x1 convolution → ReLU → 1x1 convolution, and a softmax over mu-law classes or a linear
 * regression output. {@link WaveNetGenerator} generates from it one sample at a time in
 * O(number of layers).
 *
 * Shapes: input `[batch, time]` class ids (`'softmax'`) or `[batch, time, inputChannels]`
 * (`'regression'`), plus `[batch, conditioningChannels]` with conditioning; output
 * `[batch, time, classes]` (probabilities of the next sample at each step) or
 * `[batch, time, outputUnits]`.
 *
 * @throws {@link @seq/core!index.SeqError} for invalid options.
 * @example
 * ```ts
 * const model = wavenet({ dilations: [1, 2, 4, 8, 16, 32, 64, 128], residualChannels: 16 });
 * receptiveField({ dilations: [1, 2, 4, 8, 16, 32, 64, 128] }); // 256
 * ```
 */
export function wavenet(config: WaveNetConfig = {}): tf.LayersModel {
  const owner = 'wavenet';
  const head = assertOneOf(owner, 'head', config.head ?? 'softmax', [
    'softmax',
    'regression',
  ] as const);
  const classes = assertPositiveInteger(owner, 'classes', config.classes ?? 256);
  const inputChannels = assertPositiveInteger(owner, 'inputChannels', config.inputChannels ?? 1);
  const outputUnits = assertPositiveInteger(owner, 'outputUnits', config.outputUnits ?? 1);
  const residualChannels = assertPositiveInteger(
    owner,
    'residualChannels',
    config.residualChannels ?? 32,
  );
  const filters = assertPositiveInteger(owner, 'filters', config.filters ?? 32);
  const skipChannels = assertPositiveInteger(owner, 'skipChannels', config.skipChannels ?? 64);
  const headChannels = assertPositiveInteger(
    owner,
    'headChannels',
    config.headChannels ?? skipChannels,
  );
  const dilations = checkDilations(owner, config.dilations ?? POWERS_OF_TWO(10));
  const stacks = assertPositiveInteger(owner, 'stacks', config.stacks ?? 1);
  const kernelSize = assertPositiveInteger(owner, 'kernelSize', config.kernelSize ?? 2);
  const conditioningChannels =
    config.conditioningChannels == null
      ? null
      : assertPositiveInteger(owner, 'conditioningChannels', config.conditioningChannels);
  const prefix = config.name ?? 'wavenet';
  if (typeof prefix !== 'string' || prefix === '') {
    throw new SeqError({
      owner,
      argument: 'name',
      expected: 'a non-empty string',
      received: prefix,
    });
  }
  let seed = config.seed;
  const nextSeed = () => (seed === undefined ? undefined : seed++);
  const init = () => tf.initializers.glorotUniform({ seed: nextSeed() });

  const input =
    head === 'softmax'
      ? tf.input({ shape: [null], dtype: 'int32', name: `${prefix}_input` })
      : tf.input({ shape: [null, inputChannels], name: `${prefix}_input` });
  const conditioning =
    conditioningChannels === null
      ? null
      : tf.input({ shape: [conditioningChannels], name: `${prefix}_conditioning` });
  let x = (
    head === 'softmax'
      ? tf.layers
          .embedding({
            inputDim: classes,
            outputDim: residualChannels,
            embeddingsInitializer: tf.initializers.randomUniform({
              minval: -0.05,
              maxval: 0.05,
              seed: nextSeed(),
            }),
            name: `${prefix}_embedding`,
          })
          .apply(input)
      : conv1d({
          filters: residualChannels,
          kernelSize: 1,
          kernelInitializer: init(),
          name: `${prefix}_input_projection`,
        }).apply(input)
  ) as tf.SymbolicTensor; // [B, T, R]
  const skips: tf.SymbolicTensor[] = [];
  let index = 0;
  for (let s = 0; s < stacks; s++) {
    for (const d of dilations) {
      const block = new WaveNetResidualBlock({
        filters,
        dilationRate: d,
        kernelSize,
        skipChannels,
        conditioningChannels,
        kernelInitializer: init(),
        name: `${prefix}_block_${index++}`,
      });
      const [residual, skip] = block.apply(
        conditioning ? [x, conditioning] : x,
      ) as tf.SymbolicTensor[];
      x = residual as tf.SymbolicTensor; // [B, T, R]
      skips.push(skip as tf.SymbolicTensor); // [B, T, S]
    }
  }
  const summed = (
    skips.length === 1 ? skips[0] : tf.layers.add({ name: `${prefix}_skip_sum` }).apply(skips)
  ) as tf.SymbolicTensor;
  const relu = tf.layers
    .activation({ activation: 'relu', name: `${prefix}_head_relu` })
    .apply(summed);
  const hidden = conv1d({
    filters: headChannels,
    kernelSize: 1,
    activation: 'relu',
    kernelInitializer: init(),
    name: `${prefix}_head_hidden`,
  }).apply(relu);
  const output = conv1d({
    filters: head === 'softmax' ? classes : outputUnits,
    kernelSize: 1,
    activation: head === 'softmax' ? 'softmax' : 'linear',
    kernelInitializer: init(),
    name: `${prefix}_head_output`,
  }).apply(hidden) as tf.SymbolicTensor; // [B, T, classes or outputUnits]
  return tf.model({
    inputs: conditioning ? [input, conditioning] : input,
    outputs: output,
    name: prefix,
  });
}
