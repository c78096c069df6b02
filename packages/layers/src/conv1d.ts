import {
  assertBoolean,
  assertOneOf,
  assertPositiveInteger,
  assertRank,
  registerSerializable,
  SeqError,
  uniqueLayerName,
} from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { type ActivationIdentifier, getActivation } from './activation.js';
import { type Conv1DPadding, conv1dDilated, conv1dGeometry } from './conv1d-dilated.js';
import { getInitializer, type InitializerIdentifier, serializeInitializer } from './initializer.js';
import { rejectUnsupportedArgs } from './unsupported-args.js';

/** Arguments of {@link Conv1D}, with Keras' names and defaults. */
export interface Conv1DArgs {
  /** Output channels. */
  filters: number;
  /** Taps of the kernel; a number or `[number]`. */
  kernelSize: number | [number];
  /** Step between outputs. @defaultValue `1` */
  strides?: number | [number];
  /** `'valid'`, `'same'` or `'causal'`. @defaultValue `'valid'` */
  padding?: Conv1DPadding;
  /** Spacing between kernel taps. @defaultValue `1` */
  dilationRate?: number | [number];
  /** Only `'channelsLast'` (`[batch, time, channels]`). @defaultValue `'channelsLast'` */
  dataFormat?: 'channelsLast';
  /** Activation applied to the output. @defaultValue `'linear'` */
  activation?: ActivationIdentifier | null;
  /** Whether to add a bias. @defaultValue `true` */
  useBias?: boolean;
  /** Initializer of the kernel. @defaultValue `'glorotUniform'` */
  kernelInitializer?: InitializerIdentifier;
  /** Initializer of the bias. @defaultValue `'zeros'` */
  biasInitializer?: InitializerIdentifier;
  /** Shape of the input without the batch axis, for a first layer: `[time, channels]`. */
  inputShape?: Array<number | null>;
  /** Batch size and input shape, for a first layer: `[batch, time, channels]`. */
  batchInputShape?: Array<number | null>;
  /** Layer name. */
  name?: string;
  /** Whether the weights train. @defaultValue `true` */
  trainable?: boolean;
  /** The dtype of the weights. @defaultValue `'float32'` */
  dtype?: 'float32';
}

const OWNER = 'Conv1D';

function single(argument: string, value: unknown, fallback: number): number {
  const v = Array.isArray(value) && value.length === 1 ? value[0] : (value ?? fallback);
  return assertPositiveInteger(OWNER, argument, v);
}

/**
 * A 1D convolution over `[batch, time, channels]` with `'valid'`, `'same'` or `'causal'` padding and
 * any `dilationRate`, which trains on every backend (tfjs' own `conv1d` throws for `'causal'` and has
 * no gradient for dilation > 1). Keras' `Conv1D`: same arguments, config keys and weight layout
 * (`kernel [kernelSize, inChannels, filters]`, `bias [filters]`), so Keras weights give Keras' numbers.
 *
 * Paper: van den Oord et al. 2016, "WaveNet" (causal dilated convolutions).
 *
 * Shapes: input `[batch, time, inChannels]`, output `[batch, outTime, filters]` (`outTime = time` for
 * `'causal'`, and for `'same'` with stride 1).
 *
 * @example
 * ```ts
 * const model = tf.sequential({
 *   layers: [
 *     conv1d({ filters: 16, kernelSize: 2, padding: 'causal', dilationRate: 1, inputShape: [null, 1] }),
 *     conv1d({ filters: 16, kernelSize: 2, padding: 'causal', dilationRate: 2 }),
 *     conv1d({ filters: 1, kernelSize: 1 }),
 *   ],
 * });
 * ```
 */
export class Conv1D extends tf.layers.Layer {
  /** The name the layer is saved and loaded under. */
  static className = 'seq.Conv1D';
  /** Output channels. */
  readonly filters: number;
  /** Taps of the kernel. */
  readonly kernelSize: number;
  /** Step between outputs. */
  readonly strides: number;
  /** `'valid'`, `'same'` or `'causal'`. */
  readonly padding: Conv1DPadding;
  /** Spacing between kernel taps. */
  readonly dilationRate: number;
  /** Whether a bias is added. */
  readonly useBias: boolean;
  private readonly activationName: string;
  private readonly activationFn: (x: tf.Tensor) => tf.Tensor;
  private readonly kernelInitializer: ReturnType<typeof getInitializer>;
  private readonly biasInitializer: ReturnType<typeof getInitializer>;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  /** @throws {@link @seq/core!index.SeqError} for any invalid argument, before building anything. */
  constructor(args: Conv1DArgs) {
    if (args === null || typeof args !== 'object') {
      throw new SeqError({
        owner: OWNER,
        argument: 'args',
        expected: 'an object with `filters` and `kernelSize`',
        received: args,
      });
    }
    rejectUnsupportedArgs(OWNER, args);
    const filters = assertPositiveInteger(OWNER, 'filters', args.filters);
    const kernelSize = single('kernelSize', args.kernelSize, Number.NaN);
    const strides = single('strides', args.strides, 1);
    const dilationRate = single('dilationRate', args.dilationRate, 1);
    const padding = assertOneOf(OWNER, 'padding', args.padding ?? 'valid', [
      'valid',
      'same',
      'causal',
    ] as const);
    assertOneOf(OWNER, 'dataFormat', args.dataFormat ?? 'channelsLast', ['channelsLast'] as const);
    if (strides > 1 && dilationRate > 1) {
      throw new SeqError({
        owner: OWNER,
        argument: 'strides',
        expected: '1 when dilationRate > 1 (as in Keras)',
        received: strides,
      });
    }
    const activation = getActivation(OWNER, 'activation', args.activation);
    const useBias = assertBoolean(OWNER, 'useBias', args.useBias ?? true);
    const kernelInitializer = getInitializer(
      OWNER,
      'kernelInitializer',
      args.kernelInitializer ?? 'glorotUniform',
    );
    const biasInitializer = getInitializer(
      OWNER,
      'biasInitializer',
      args.biasInitializer ?? 'zeros',
    );
    super({ ...args, name: args.name ?? uniqueLayerName('conv1d') } as ConstructorParameters<
      typeof tf.layers.Layer
    >[0]);
    this.filters = filters;
    this.kernelSize = kernelSize;
    this.strides = strides;
    this.dilationRate = dilationRate;
    this.padding = padding;
    this.useBias = useBias;
    this.activationName = activation.name;
    this.activationFn = activation.fn;
    this.kernelInitializer = kernelInitializer;
    this.biasInitializer = biasInitializer;
    this.inputSpec = [{ ndim: 3 }];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[2];
    if (channels == null) {
      throw new SeqError({
        owner: OWNER,
        argument: 'inputShape',
        expected: 'a known number of channels ([batch, time, channels])',
        received: shape,
      });
    }
    this.kernel = this.addWeight(
      'kernel',
      [this.kernelSize, channels, this.filters],
      'float32',
      this.kernelInitializer,
    );
    if (this.useBias)
      this.bias = this.addWeight('bias', [this.filters], 'float32', this.biasInitializer);
    this.inputSpec = [{ ndim: 3, axes: { [-1]: channels } }];
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const length = shape[1];
    const out =
      length == null
        ? null
        : conv1dGeometry(length, this.kernelSize, {
            stride: this.strides,
            dilation: this.dilationRate,
            padding: this.padding,
          }).outLength;
    return [shape[0] ?? null, out, this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      assertRank(OWNER, 'inputs', x, 3, '[batch, time, channels]');
      let y: tf.Tensor = conv1dDilated(x, (this.kernel as tf.LayerVariable).read(), {
        stride: this.strides,
        dilation: this.dilationRate,
        padding: this.padding,
      }); // [B, outT, F]
      if (this.bias) y = tf.add(y, this.bias.read());
      return this.activationFn(y);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: [this.kernelSize],
      strides: [this.strides],
      padding: this.padding,
      dataFormat: 'channelsLast',
      dilationRate: [this.dilationRate],
      activation: this.activationName,
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
    };
  }
}
registerSerializable(Conv1D);

/**
 * Creates a {@link Conv1D} layer, as `tf.layers.conv1d` does.
 * @example
 * ```ts
 * const layer = conv1d({ filters: 32, kernelSize: 2, padding: 'causal', dilationRate: 4 });
 * ```
 */
export function conv1d(args: Conv1DArgs): Conv1D {
  return new Conv1D(args);
}
