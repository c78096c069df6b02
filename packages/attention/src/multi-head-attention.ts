import {
  assertBoolean,
  assertNumberInRange,
  assertPositiveInteger,
  assertRank,
  registerSerializable,
  SeqError,
  uniqueLayerName,
} from '@seq/core';
import {
  getInitializer,
  type Initializer,
  type InitializerIdentifier,
  serializeInitializer,
} from '@seq/layers';
import * as tf from '@tensorflow/tfjs';
import {
  type AttentionCache,
  applyCachedMultiHeadAttention,
  applyMultiHeadAttention,
  type CachedAttentionOptions,
  type CachedAttentionResult,
  type MultiHeadAttentionWeights,
} from './apply-multi-head-attention.js';
import { causalMask, combineMasks } from './masks.js';

/** Arguments of {@link MultiHeadAttention}, with Keras' names and defaults. */
export interface MultiHeadAttentionArgs {
  /** Number of attention heads. */
  numHeads: number;
  /** Size of each head for queries and keys. */
  keyDim: number;
  /** Size of each head for values. @defaultValue `keyDim` */
  valueDim?: number | null;
  /** Fraction of attention weights dropped in training. @defaultValue `0` */
  dropout?: number;
  /** Whether the projections have biases. @defaultValue `true` */
  useBias?: boolean;
  /** Size of the output's last axis. @defaultValue the query's last axis */
  outputShape?: number | [number] | null;
  /** Initializer of the kernels: a name, a saved `{className, config}` or an object. @defaultValue glorotUniform */
  kernelInitializer?: InitializerIdentifier;
  /** Initializer of the biases. @defaultValue zeros */
  biasInitializer?: InitializerIdentifier;
  /** Layer name. */
  name?: string;
  /** Whether the weights train. @defaultValue `true` */
  trainable?: boolean;
}

/** Call options of {@link MultiHeadAttention} (the second argument of `apply`). */
export interface MultiHeadAttentionCallOptions {
  /** `[batch, Tq, Tv]`, 1 where a query may attend to a key. */
  attentionMask?: tf.Tensor;
  /** Whether query `i` may only attend to keys `j <= i`. @defaultValue `false` */
  useCausalMask?: boolean;
  /** Whether to return `[output, scores]`, scores `[batch, heads, Tq, Tv]` after the softmax. @defaultValue `false` */
  returnAttentionScores?: boolean;
  /** Whether dropout is active. */
  training?: boolean;
}

const OWNER = 'MultiHeadAttention';

/**
 * Keras' `MultiHeadAttention` (Vaswani et al. 2017), trainable in tfjs: query, key and value
 * projections per head, scaled dot-product attention, and an output projection, with Keras'
 * arguments and weights in Keras' order and layout: `query/kernel [queryDim, heads, keyDim]`,
 * `query/bias [heads, keyDim]`, `key/kernel`, `key/bias`, `value/kernel [valueInDim, heads, valueDim]`,
 * `value/bias`, `attention_output/kernel [heads, valueDim, outDim]`, `attention_output/bias [outDim]`.
 * It owns every weight itself (tfjs does not track nested layers' weights), and uses matMul and
 * reshapes rather than `tf.einsum`, which has no gradient.
 *
 * Call forms: `apply([query, value])` or `apply([query, value, key])`, with the options of
 * {@link MultiHeadAttentionCallOptions}. Shapes: query `[batch, Tq, queryDim]`, value and key
 * `[batch, Tv, dim]`; output `[batch, Tq, outDim]`.
 *
 * @example
 * ```ts
 * const mha = multiHeadAttention({ numHeads: 2, keyDim: 16 });
 * const y = mha.apply([x, x], { useCausalMask: true }) as tf.Tensor; // self-attention, [batch, T, dim]
 * ```
 */
export class MultiHeadAttention extends tf.layers.Layer {
  /** The name the layer is saved and loaded under. */
  static className = 'seq.MultiHeadAttention';
  /** Number of heads. */
  readonly numHeads: number;
  /** Query and key size per head. */
  readonly keyDim: number;
  /** Value size per head. */
  readonly valueDim: number;
  /** Attention dropout rate. */
  readonly dropout: number;
  /** Whether projections have biases. */
  readonly useBias: boolean;
  /** Output size, or `null` for the query's. */
  readonly outputDim: number | null;
  private readonly kernelInitializer: Initializer;
  private readonly biasInitializer: Initializer;
  private returnScoresNext = false;
  private readonly w: Record<string, tf.LayerVariable> = {};

  /** @throws {@link @seq/core!index.SeqError} for invalid arguments, before building anything. */
  constructor(args: MultiHeadAttentionArgs) {
    if (args === null || typeof args !== 'object') {
      throw new SeqError({
        owner: OWNER,
        argument: 'args',
        expected: 'an object with `numHeads` and `keyDim`',
        received: args,
      });
    }
    const numHeads = assertPositiveInteger(OWNER, 'numHeads', args.numHeads);
    const keyDim = assertPositiveInteger(OWNER, 'keyDim', args.keyDim);
    const valueDim = assertPositiveInteger(OWNER, 'valueDim', args.valueDim ?? keyDim);
    const dropout = assertNumberInRange(OWNER, 'dropout', args.dropout ?? 0, {
      min: 0,
      max: 1,
      maxInclusive: false,
    });
    const useBias = assertBoolean(OWNER, 'useBias', args.useBias ?? true);
    const out = Array.isArray(args.outputShape) ? args.outputShape[0] : args.outputShape;
    const outputDim = out == null ? null : assertPositiveInteger(OWNER, 'outputShape', out);
    super({
      name: args.name ?? uniqueLayerName('multi_head_attention'),
      trainable: args.trainable ?? true,
    });
    this.numHeads = numHeads;
    this.keyDim = keyDim;
    this.valueDim = valueDim;
    this.dropout = dropout;
    this.useBias = useBias;
    this.outputDim = outputDim;
    this.kernelInitializer = getInitializer(
      OWNER,
      'kernelInitializer',
      args.kernelInitializer ?? 'glorotUniform',
    );
    this.biasInitializer = getInitializer(
      OWNER,
      'biasInitializer',
      args.biasInitializer ?? 'zeros',
    );
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as tf.Shape[];
    if (shapes.length < 2 || shapes.length > 3) {
      throw new SeqError({
        owner: OWNER,
        argument: 'inputs',
        expected: '[query, value] or [query, value, key]',
        receivedDescription: `${shapes.length} input(s)`,
      });
    }
    const [q, v, k = v] = shapes as [tf.Shape, tf.Shape, tf.Shape?];
    const dim = (s: tf.Shape | undefined, name: string) => {
      const d = s?.[s.length - 1];
      if (d == null || s?.length !== 3) {
        throw new SeqError({
          owner: OWNER,
          argument: name,
          expected: 'a shape [batch, time, features] with known features',
          received: s,
        });
      }
      return d;
    };
    const [qDim, vDim, kDim] = [dim(q, 'query'), dim(v, 'value'), dim(k, 'key')];
    const h = this.numHeads;
    const out = this.outputDim ?? qDim;
    const add = (name: string, shape: number[], bias: boolean) => {
      this.w[name] = this.addWeight(
        name,
        shape,
        'float32',
        bias ? this.biasInitializer : this.kernelInitializer,
      );
    };
    add('query/kernel', [qDim, h, this.keyDim], false);
    if (this.useBias) add('query/bias', [h, this.keyDim], true);
    add('key/kernel', [kDim, h, this.keyDim], false);
    if (this.useBias) add('key/bias', [h, this.keyDim], true);
    add('value/kernel', [vDim, h, this.valueDim], false);
    if (this.useBias) add('value/bias', [h, this.valueDim], true);
    add('attention_output/kernel', [h, this.valueDim, out], false);
    if (this.useBias) add('attention_output/bias', [out], true);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as tf.Shape[];
    const q = shapes[0] as tf.Shape;
    const v = (shapes[1] ?? q) as tf.Shape;
    const output = [q[0] ?? null, q[1] ?? null, this.outputDim ?? q[2] ?? null];
    return this.returnScoresNext
      ? [output, [q[0] ?? null, this.numHeads, q[1] ?? null, v[1] ?? null]]
      : output;
  }

  /** `apply` remembers `returnAttentionScores` so that symbolic calls know their outputs' shapes. */
  override apply(
    inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[],
    kwargs: Parameters<tf.layers.Layer['apply']>[1] = {},
  ): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] {
    this.returnScoresNext = kwargs?.returnAttentionScores === true;
    try {
      return super.apply(inputs, kwargs);
    } finally {
      this.returnScoresNext = false;
    }
  }

  /** The weights, read, in the form {@link applyMultiHeadAttention} takes. */
  private readWeights(): MultiHeadAttentionWeights {
    const read = (name: string) => this.w[name]?.read() ?? null;
    return {
      queryKernel: read('query/kernel') as tf.Tensor,
      queryBias: read('query/bias'),
      keyKernel: read('key/kernel') as tf.Tensor,
      keyBias: read('key/bias'),
      valueKernel: read('value/kernel') as tf.Tensor,
      valueBias: read('value/bias'),
      outputKernel: read('attention_output/kernel') as tf.Tensor,
      outputBias: read('attention_output/bias'),
    };
  }

  /**
   * Attention for incremental decoding with this layer's weights (see
   * {@link applyCachedMultiHeadAttention}): the new steps' keys and values are appended to the cache
   * and the new queries attend over everything cached (causally by default).
   *
   * @param query - `[batch, Tn, queryDim]`.
   * @param input - `[batch, Tn, dim]` to project into new keys and values, or `null` to attend over the cache alone.
   * @param cache - The cache so far, or `null` at the first step.
   * @throws {@link @seq/core!index.SeqError} when the layer is not built.
   * @example
   * ```ts
   * let cache = null;
   * for (const x of steps) ({ output, cache } = mha.callWithCache(x, x, cache));
   * ```
   */
  callWithCache(
    query: tf.Tensor,
    input: tf.Tensor | null,
    cache: AttentionCache | null,
    options: CachedAttentionOptions = {},
  ): CachedAttentionResult {
    if (!this.built) {
      throw new SeqError({
        owner: OWNER,
        argument: 'this',
        expected: 'a built layer (call it once first)',
        receivedDescription: 'an unbuilt layer',
      });
    }
    return applyCachedMultiHeadAttention(this.readWeights(), query, input, cache, options);
  }

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: tf.serialization.ConfigDict = {},
  ): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const [query, value, key = value] = list as [tf.Tensor, tf.Tensor, tf.Tensor?];
      if (!value) {
        throw new SeqError({
          owner: OWNER,
          argument: 'inputs',
          expected: '[query, value] or [query, value, key]',
          received: inputs,
        });
      }
      assertRank(OWNER, 'query', query, 3, '[batch, Tq, dim]');
      assertRank(OWNER, 'value', value, 3, '[batch, Tv, dim]');
      const tq = query.shape[1] as number;
      const tv = value.shape[1] as number;
      const options = kwargs as unknown as MultiHeadAttentionCallOptions & {
        mask?: tf.Tensor | Array<tf.Tensor | null>;
      };
      if (options.attentionMask) {
        assertRank(OWNER, 'attentionMask', options.attentionMask, 3, '[batch, Tq, Tv]');
        if (options.attentionMask.shape[1] !== tq || options.attentionMask.shape[2] !== tv) {
          throw new SeqError({
            owner: OWNER,
            argument: 'attentionMask',
            expected: `a tensor of shape [batch, ${tq}, ${tv}] ([batch, Tq, Tv])`,
            received: options.attentionMask,
          });
        }
      }
      // Masks from Keras-style masking layers: query mask [B, Tq], value mask [B, Tv].
      const masks = Array.isArray(options.mask) ? options.mask : [];
      const queryMask = masks[0] ? tf.expandDims(tf.cast(masks[0], 'float32'), 2) : null; // [B, Tq, 1]
      const valueMask = masks[1] ? tf.expandDims(tf.cast(masks[1], 'float32'), 1) : null; // [B, 1, Tv]
      const combined = combineMasks(
        options.attentionMask,
        options.useCausalMask ? causalMask(tq, tv) : null,
        queryMask,
        valueMask,
      ); // [B or 1, Tq, Tv]
      const { output, scores: weights } = applyMultiHeadAttention(
        this.readWeights(),
        query,
        value,
        key,
        {
          mask: combined, // [B or 1, Tq, Tv]
          dropout: this.dropout,
          training: options.training === true,
        },
      ); // [B, Tq, out], [B, H, Tq, Tv]
      return options.returnAttentionScores ? [output, weights] : output;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropout,
      useBias: this.useBias,
      outputShape: this.outputDim,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
    };
  }
}
registerSerializable(MultiHeadAttention);

/**
 * Creates a {@link MultiHeadAttention} layer.
 * @example
 * ```ts
 * const mha = multiHeadAttention({ numHeads: 4, keyDim: 32, dropout: 0.1 });
 * ```
 */
export function multiHeadAttention(args: MultiHeadAttentionArgs): MultiHeadAttention {
  return new MultiHeadAttention(args);
}
