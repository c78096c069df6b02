import { assertPositiveInteger, assertRank, registerSerializable, SeqError } from '@seq/core';
import {
  conv1dDilated,
  getInitializer,
  type InitializerIdentifier,
  serializeInitializer,
} from '@seq/layers';
import * as tf from '@tensorflow/tfjs';

const OWNER = 'WaveNetResidualBlock';

/** Arguments of {@link WaveNetResidualBlock}. */
export interface WaveNetResidualBlockArgs {
  /** Channels of the filter and gate convolutions (the gated activation `z`). */
  filters: number;
  /** Spacing between the kernel's taps: 1, 2, 4, ... in a WaveNet stack. @defaultValue `1` */
  dilationRate?: number;
  /** Taps of the dilated causal convolutions. @defaultValue `2` */
  kernelSize?: number;
  /** Channels of the skip output. */
  skipChannels: number;
  /**
   * Channels of the input and the residual output; taken from the input when omitted (a value
   * that disagrees with the input is an error).
   * @defaultValue the input's channels
   */
  residualChannels?: number;
  /**
   * Width of the global conditioning input (a speaker, a series id...), `null` for none. With it,
   * the layer takes `[x, h]`, `h` of shape `[batch, conditioningChannels]`.
   * @defaultValue `null`
   */
  conditioningChannels?: number | null;
  /** Initializer of every kernel. @defaultValue `'glorotUniform'` */
  kernelInitializer?: InitializerIdentifier;
  /** Initializer of every bias. @defaultValue `'zeros'` */
  biasInitializer?: InitializerIdentifier;
  /** Shape of the input without the batch axis, for a first layer: `[time, residualChannels]`. */
  inputShape?: Array<number | null>;
  /** Layer name. */
  name?: string;
  /** Whether the weights train. @defaultValue `true` */
  trainable?: boolean;
}

/**
 * One residual block of WaveNet (van den Oord et al. 2016, "WaveNet: A Generative Model for Raw
 * Audio", figure 4): a gated activation over two dilated causal convolutions,
 * `z = tanh(conv_f(x) + V_f h) * sigmoid(conv_g(x) + V_g h)`, then a 1x1 residual projection added
 * to the input, `residual = x + conv_r(z)`, and a 1x1 skip projection, `skip = conv_s(z)`. `h` is the
 * optional global conditioning.
 *
 * Weights, in this order: filter kernel `[kernelSize, residualChannels, filters]`, filter bias
 * `[filters]`, gate kernel, gate bias, residual kernel `[1, filters, residualChannels]`, residual
 * bias, skip kernel `[1, filters, skipChannels]`, skip bias, then with conditioning the filter and
 * gate conditioning kernels `[conditioningChannels, filters]`.
 *
 * Shapes: input `[batch, time, residualChannels]` (and `[batch, conditioningChannels]`); outputs
 * `[residual, skip]`, `[batch, time, residualChannels]` and `[batch, time, skipChannels]`. Output
 * step `t` depends on input steps `t - (kernelSize - 1) * dilationRate ... t` only.
 *
 * @throws {@link @seq/core!index.SeqError} for invalid arguments or inputs.
 * @example
 * ```ts
 * const block = new WaveNetResidualBlock({ filters: 32, dilationRate: 4, skipChannels: 64 });
 * const [residual, skip] = block.apply(tf.zeros([1, 100, 16])) as tf.Tensor[]; // [1, 100, 16], [1, 100, 64]
 * ```
 */
export class WaveNetResidualBlock extends tf.layers.Layer {
  /** The name the layer is saved and loaded under. */
  static className = 'seq.WaveNetResidualBlock';
  /** Channels of the gated activation. */
  readonly filters: number;
  /** Spacing between kernel taps. */
  readonly dilationRate: number;
  /** Taps of the dilated convolutions. */
  readonly kernelSize: number;
  /** Channels of the skip output. */
  readonly skipChannels: number;
  /** Width of the conditioning input, or `null`. */
  readonly conditioningChannels: number | null;
  private residualChannelsArg: number | null;
  private readonly kernelInitializer: ReturnType<typeof getInitializer>;
  private readonly biasInitializer: ReturnType<typeof getInitializer>;
  private filterKernel: tf.LayerVariable | null = null;
  private filterBias: tf.LayerVariable | null = null;
  private gateKernel: tf.LayerVariable | null = null;
  private gateBias: tf.LayerVariable | null = null;
  private residualKernel: tf.LayerVariable | null = null;
  private residualBias: tf.LayerVariable | null = null;
  private skipKernel: tf.LayerVariable | null = null;
  private skipBias: tf.LayerVariable | null = null;
  private filterConditioning: tf.LayerVariable | null = null;
  private gateConditioning: tf.LayerVariable | null = null;

  /** @throws {@link @seq/core!index.SeqError} for any invalid argument, before building anything. */
  constructor(args: WaveNetResidualBlockArgs) {
    if (args === null || typeof args !== 'object') {
      throw new SeqError({
        owner: OWNER,
        argument: 'args',
        expected: 'an object with `filters` and `skipChannels`',
        received: args,
      });
    }
    const filters = assertPositiveInteger(OWNER, 'filters', args.filters);
    const dilationRate = assertPositiveInteger(OWNER, 'dilationRate', args.dilationRate ?? 1);
    const kernelSize = assertPositiveInteger(OWNER, 'kernelSize', args.kernelSize ?? 2);
    const skipChannels = assertPositiveInteger(OWNER, 'skipChannels', args.skipChannels);
    const residualChannels =
      args.residualChannels == null
        ? null
        : assertPositiveInteger(OWNER, 'residualChannels', args.residualChannels);
    const conditioningChannels =
      args.conditioningChannels == null
        ? null
        : assertPositiveInteger(OWNER, 'conditioningChannels', args.conditioningChannels);
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
    super({ name: args.name, trainable: args.trainable, inputShape: args.inputShape });
    this.filters = filters;
    this.dilationRate = dilationRate;
    this.kernelSize = kernelSize;
    this.skipChannels = skipChannels;
    this.residualChannelsArg = residualChannels;
    this.conditioningChannels = conditioningChannels;
    this.kernelInitializer = kernelInitializer;
    this.biasInitializer = biasInitializer;
  }

  /** Input steps one output step sees: `(kernelSize - 1) * dilationRate + 1`. */
  get receptiveField(): number {
    return (this.kernelSize - 1) * this.dilationRate + 1;
  }

  /** Channels of the input and the residual output (known once built or given). */
  get residualChannels(): number | null {
    return this.residualChannelsArg;
  }

  private shapes(inputShape: tf.Shape | tf.Shape[]): { x: tf.Shape; h: tf.Shape | null } {
    const nested = Array.isArray(inputShape[0]);
    const shapes = (nested ? inputShape : [inputShape]) as tf.Shape[];
    const expected = this.conditioningChannels === null ? 1 : 2;
    if (shapes.length !== expected) {
      throw new SeqError({
        owner: OWNER,
        argument: 'inputs',
        expected:
          expected === 1
            ? 'one input x [batch, time, channels] (no conditioningChannels were given)'
            : '[x, h]: x [batch, time, channels] and h [batch, conditioningChannels]',
        received: shapes.length,
        receivedDescription: `${shapes.length} inputs`,
      });
    }
    return { x: shapes[0] as tf.Shape, h: (shapes[1] as tf.Shape | undefined) ?? null };
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const { x, h } = this.shapes(inputShape);
    const channels = x[2];
    if (x.length !== 3 || channels == null) {
      throw new SeqError({
        owner: OWNER,
        argument: 'inputShape',
        expected: 'a known number of channels ([batch, time, channels])',
        received: x,
      });
    }
    if (this.residualChannelsArg !== null && this.residualChannelsArg !== channels) {
      throw new SeqError({
        owner: OWNER,
        argument: 'residualChannels',
        expected: `the input's channels (${channels}), since the residual output is added to the input`,
        received: this.residualChannelsArg,
      });
    }
    if (h !== null && (h.length !== 2 || h[1] !== this.conditioningChannels)) {
      throw new SeqError({
        owner: OWNER,
        argument: 'inputShape',
        expected: `a conditioning input of shape [batch, ${this.conditioningChannels}]`,
        received: h,
      });
    }
    this.residualChannelsArg = channels;
    const k = this.kernelInitializer;
    const b = this.biasInitializer;
    const f = this.filters;
    this.filterKernel = this.addWeight(
      'filter_kernel',
      [this.kernelSize, channels, f],
      'float32',
      k,
    );
    this.filterBias = this.addWeight('filter_bias', [f], 'float32', b);
    this.gateKernel = this.addWeight('gate_kernel', [this.kernelSize, channels, f], 'float32', k);
    this.gateBias = this.addWeight('gate_bias', [f], 'float32', b);
    this.residualKernel = this.addWeight('residual_kernel', [1, f, channels], 'float32', k);
    this.residualBias = this.addWeight('residual_bias', [channels], 'float32', b);
    this.skipKernel = this.addWeight('skip_kernel', [1, f, this.skipChannels], 'float32', k);
    this.skipBias = this.addWeight('skip_bias', [this.skipChannels], 'float32', b);
    if (this.conditioningChannels !== null) {
      const c = this.conditioningChannels;
      this.filterConditioning = this.addWeight('filter_conditioning_kernel', [c, f], 'float32', k);
      this.gateConditioning = this.addWeight('gate_conditioning_kernel', [c, f], 'float32', k);
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
    const { x } = this.shapes(inputShape);
    return [
      [x[0] ?? null, x[1] ?? null, x[2] ?? null],
      [x[0] ?? null, x[1] ?? null, this.skipChannels],
    ];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const x = list[0] as tf.Tensor;
      assertRank(OWNER, 'inputs', x, 3, '[batch, time, channels]');
      const [batch, time, channels] = x.shape as [number, number, number];
      const read = (v: tf.LayerVariable | null) => (v as tf.LayerVariable).read();
      const f = this.filters;
      // Filter and gate in one convolution: [K, C, F] ++ [K, C, F] -> [K, C, 2F].
      const kernel = tf.concat([read(this.filterKernel), read(this.gateKernel)], 2);
      let pre = tf.add(
        conv1dDilated(x, kernel, { padding: 'causal', dilation: this.dilationRate }), // [B, T, 2F]
        tf.concat([read(this.filterBias), read(this.gateBias)]),
      );
      if (this.conditioningChannels !== null) {
        const h = list[1] as tf.Tensor;
        assertRank(OWNER, 'conditioning', h, 2, '[batch, conditioningChannels]');
        const v = tf.concat([read(this.filterConditioning), read(this.gateConditioning)], 1); // [H, 2F]
        pre = tf.add(pre, tf.expandDims(tf.matMul(h, v), 1)); // [B, T, 2F] + [B, 1, 2F]
      }
      const [filter, gate] = tf.split(pre, [f, f], 2); // [B, T, F] each
      const z = tf.mul(tf.tanh(filter as tf.Tensor), tf.sigmoid(gate as tf.Tensor)); // [B, T, F]
      // Residual and skip 1x1 projections in one matMul: [F, C] ++ [F, S] -> [F, C + S].
      const projection = tf.concat(
        [
          tf.reshape(read(this.residualKernel), [f, channels]),
          tf.reshape(read(this.skipKernel), [f, this.skipChannels]),
        ],
        1,
      );
      const flat = tf.matMul(tf.reshape(z, [batch * time, f]), projection); // [B * T, C + S]
      const projected = tf.add(
        tf.reshape(flat, [batch, time, channels + this.skipChannels]), // [B, T, C + S]
        tf.concat([read(this.residualBias), read(this.skipBias)]),
      );
      const [residual, skip] = tf.split(projected, [channels, this.skipChannels], 2);
      return [tf.add(x, residual as tf.Tensor), skip as tf.Tensor];
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      dilationRate: this.dilationRate,
      kernelSize: this.kernelSize,
      skipChannels: this.skipChannels,
      residualChannels: this.residualChannelsArg,
      conditioningChannels: this.conditioningChannels,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
    };
  }
}
registerSerializable(WaveNetResidualBlock);

/**
 * Creates a {@link WaveNetResidualBlock}.
 * @example
 * ```ts
 * const block = wavenetResidualBlock({ filters: 32, dilationRate: 8, skipChannels: 64 });
 * ```
 */
export function wavenetResidualBlock(args: WaveNetResidualBlockArgs): WaveNetResidualBlock {
  return new WaveNetResidualBlock(args);
}
