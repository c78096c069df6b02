import {
  type AttentionCache,
  applyCachedMultiHeadAttention,
  applyMultiHeadAttention,
  type CachedAttentionOptions,
  type CachedAttentionResult,
  type MultiHeadAttentionWeights,
} from '@seq/attention';
import {
  assertBoolean,
  assertNumberInRange,
  assertPositiveInteger,
  SeqError,
  uniqueLayerName,
} from '@seq/core';
import { getActivation, layerNorm } from '@seq/layers';
import * as tf from '@tensorflow/tfjs';
import { checkSeed, seededGlorotUniform } from './seeded-initializer.js';

/** Arguments of the Transformer blocks, with keras-hub's names and defaults. */
export interface TransformerBlockArgs {
  /** Hidden size of the feed-forward network. */
  intermediateDim: number;
  /** Attention heads; each has size `hidden / numHeads`. */
  numHeads: number;
  /** Dropout after attention and after the feed-forward network, and on attention weights. @defaultValue `0` */
  dropout?: number;
  /** Activation of the feed-forward network. @defaultValue `'relu'` */
  activation?: string;
  /** Layer normalisation epsilon. @defaultValue `1e-5` */
  layerNormEpsilon?: number;
  /** Whether to normalise before each sub-block (pre-norm) rather than after the residual (post-norm). @defaultValue `false` */
  normalizeFirst?: boolean;
  /**
   * Seed of the kernel initializers (glorot-uniform; kernel `i` uses `seed + i`), for reproducible
   * weights; `null` for random ones. Not a keras-hub argument.
   * @defaultValue `null`
   */
  seed?: number | null;
  /** Layer name. */
  name?: string;
  /** Whether the weights train. @defaultValue `true` */
  trainable?: boolean;
}

/**
 * What the Transformer encoder and decoder blocks share: keras-hub's arguments, and weights created
 * under keras-hub's sub-layer names (`self_attention_layer/query/kernel`,
 * `feedforward_layer_norm/gamma`...) so that keras-hub weights map one to one.
 *
 * @example
 * ```ts
 * const blocks: TransformerBlock[] = [
 *   new TransformerEncoder({ intermediateDim: 256, numHeads: 4 }),
 *   new TransformerDecoder({ intermediateDim: 256, numHeads: 4 }),
 * ];
 * console.log(blocks.map((b) => b.numHeads)); // [4, 4]
 * ```
 */
export abstract class TransformerBlock extends tf.layers.Layer {
  /** Hidden size of the feed-forward network. */
  readonly intermediateDim: number;
  /** Attention heads. */
  readonly numHeads: number;
  /** Dropout rate. */
  readonly dropout: number;
  /** Feed-forward activation's name. */
  readonly activation: string;
  /** Layer normalisation epsilon. */
  readonly layerNormEpsilon: number;
  /** Pre-norm (`true`) or post-norm (`false`). */
  readonly normalizeFirst: boolean;
  /** Seed of the kernel initializers, or `null`. */
  readonly seed: number | null;
  private readonly activationFn: (x: tf.Tensor) => tf.Tensor;
  private readonly vars: Record<string, tf.LayerVariable> = {};
  private kernels = 0;

  constructor(owner: string, args: TransformerBlockArgs, defaultName: string) {
    if (args === null || typeof args !== 'object') {
      throw new SeqError({
        owner,
        argument: 'args',
        expected: 'an object with `intermediateDim` and `numHeads`',
        received: args,
      });
    }
    const intermediateDim = assertPositiveInteger(owner, 'intermediateDim', args.intermediateDim);
    const numHeads = assertPositiveInteger(owner, 'numHeads', args.numHeads);
    const dropout = assertNumberInRange(owner, 'dropout', args.dropout ?? 0, {
      min: 0,
      max: 1,
      maxInclusive: false,
    });
    const activation = getActivation(owner, 'activation', args.activation ?? 'relu');
    const layerNormEpsilon = assertNumberInRange(
      owner,
      'layerNormEpsilon',
      args.layerNormEpsilon ?? 1e-5,
      { min: 0, minInclusive: false },
    );
    const normalizeFirst = assertBoolean(owner, 'normalizeFirst', args.normalizeFirst ?? false);
    const seed = checkSeed(owner, args.seed);
    super({ name: args.name ?? uniqueLayerName(defaultName), trainable: args.trainable ?? true });
    this.intermediateDim = intermediateDim;
    this.numHeads = numHeads;
    this.dropout = dropout;
    this.activation = activation.name;
    this.activationFn = activation.fn;
    this.layerNormEpsilon = layerNormEpsilon;
    this.normalizeFirst = normalizeFirst;
    this.seed = seed;
    this.supportsMasking = true;
  }

  /** The input's mask passes through (a block keeps the sequence's length and padding). */
  override computeMask(
    _inputs: tf.Tensor | tf.Tensor[],
    mask?: tf.Tensor | tf.Tensor[],
  ): tf.Tensor {
    return ((Array.isArray(mask) ? mask[0] : mask) ?? null) as unknown as tf.Tensor;
  }

  /** The hidden size, checked to split evenly over the heads. */
  protected hiddenOf(shape: tf.Shape, argument: string): number {
    const hidden = shape[shape.length - 1];
    if (shape.length !== 3 || hidden == null || hidden % this.numHeads !== 0) {
      throw new SeqError({
        owner: this.getClassName().replace(/^seq\./, ''),
        argument,
        expected: `a shape [batch, time, hidden] with hidden divisible by numHeads (${this.numHeads})`,
        received: shape,
      });
    }
    return hidden;
  }

  private add(name: string, shape: number[], init: ReturnType<typeof tf.initializers.zeros>): void {
    this.vars[name] = this.addWeight(name, shape, 'float32', init);
  }

  /** Multi-head attention weights under `prefix`, in Keras' order and layout. */
  protected addAttentionWeights(prefix: string, queryDim: number, valueDim: number): void {
    const h = this.numHeads;
    const size = queryDim / h;
    const kernel = () => seededGlorotUniform(this.seed, this.kernels++);
    const zeros = tf.initializers.zeros();
    this.add(`${prefix}/query/kernel`, [queryDim, h, size], kernel());
    this.add(`${prefix}/query/bias`, [h, size], zeros);
    this.add(`${prefix}/key/kernel`, [valueDim, h, size], kernel());
    this.add(`${prefix}/key/bias`, [h, size], zeros);
    this.add(`${prefix}/value/kernel`, [valueDim, h, size], kernel());
    this.add(`${prefix}/value/bias`, [h, size], zeros);
    this.add(`${prefix}/attention_output/kernel`, [h, size, queryDim], kernel());
    this.add(`${prefix}/attention_output/bias`, [queryDim], zeros);
  }

  /** Layer normalisation weights `gamma`, `beta` under `prefix`. */
  protected addNormWeights(prefix: string, dim: number): void {
    this.add(`${prefix}/gamma`, [dim], tf.initializers.ones());
    this.add(`${prefix}/beta`, [dim], tf.initializers.zeros());
  }

  /** Dense weights `kernel`, `bias` under `prefix`. */
  protected addDenseWeights(prefix: string, input: number, output: number): void {
    this.add(`${prefix}/kernel`, [input, output], seededGlorotUniform(this.seed, this.kernels++));
    this.add(`${prefix}/bias`, [output], tf.initializers.zeros());
  }

  private read(name: string): tf.Tensor {
    return (this.vars[name] as tf.LayerVariable).read();
  }

  /** Whether weights under `prefix` exist (a decoder built without an encoder has no cross-attention). */
  protected has(prefix: string): boolean {
    return `${prefix}/query/kernel` in this.vars;
  }

  /** The attention weights under `prefix`. */
  private attentionWeights(prefix: string): MultiHeadAttentionWeights {
    const r = (n: string) => this.read(`${prefix}/${n}`);
    return {
      queryKernel: r('query/kernel'),
      queryBias: r('query/bias'),
      keyKernel: r('key/kernel'),
      keyBias: r('key/bias'),
      valueKernel: r('value/kernel'),
      valueBias: r('value/bias'),
      outputKernel: r('attention_output/kernel'),
      outputBias: r('attention_output/bias'),
    };
  }

  /** Cached multi-head attention with the weights under `prefix` (see `applyCachedMultiHeadAttention`). */
  protected attendCached(
    prefix: string,
    query: tf.Tensor,
    input: tf.Tensor | null,
    cache: AttentionCache | null,
    options: CachedAttentionOptions,
  ): CachedAttentionResult {
    return applyCachedMultiHeadAttention(
      this.attentionWeights(prefix),
      query,
      input,
      cache,
      options,
    );
  }

  /** Multi-head attention with the weights under `prefix`: `[B, Tq, H]` over `[B, Tv, H]`. */
  protected attend(
    prefix: string,
    query: tf.Tensor,
    value: tf.Tensor,
    mask: tf.Tensor | null,
    training: boolean,
  ): tf.Tensor {
    return applyMultiHeadAttention(this.attentionWeights(prefix), query, value, value, {
      mask,
      dropout: this.dropout,
      training,
    }).output;
  }

  /** Layer normalisation with the weights under `prefix`. */
  protected norm(prefix: string, x: tf.Tensor): tf.Tensor {
    return layerNorm(
      x,
      this.read(`${prefix}/gamma`),
      this.read(`${prefix}/beta`),
      this.layerNormEpsilon,
    );
  }

  /** The position-wise feed-forward network: `W2 activation(W1 x + c1) + c2`. */
  protected feedForward(x: tf.Tensor): tf.Tensor {
    const [b, t, hidden] = x.shape as [number, number, number];
    const flat = tf.reshape(x, [b * t, hidden]); // [B T, H]
    const inner = this.activationFn(
      tf.add(
        tf.matMul(flat, this.read('feedforward_intermediate_dense/kernel')),
        this.read('feedforward_intermediate_dense/bias'),
      ),
    ); // [B T, I]
    const out = tf.add(
      tf.matMul(inner, this.read('feedforward_output_dense/kernel')),
      this.read('feedforward_output_dense/bias'),
    ); // [B T, H]
    return tf.reshape(out, [b, t, hidden]);
  }

  /** Dropout in training. */
  protected drop(x: tf.Tensor, training: boolean): tf.Tensor {
    return training && this.dropout > 0 ? tf.dropout(x, this.dropout) : x;
  }

  /** A residual sub-block, post-norm `LN(x + f(x))` or pre-norm `x + f(LN(x))`. */
  protected residual(
    normPrefix: string,
    x: tf.Tensor,
    f: (y: tf.Tensor) => tf.Tensor,
    training: boolean,
  ): tf.Tensor {
    if (this.normalizeFirst) return tf.add(x, this.drop(f(this.norm(normPrefix, x)), training));
    return this.norm(normPrefix, tf.add(x, this.drop(f(x), training)));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      intermediateDim: this.intermediateDim,
      numHeads: this.numHeads,
      dropout: this.dropout,
      activation: this.activation,
      layerNormEpsilon: this.layerNormEpsilon,
      normalizeFirst: this.normalizeFirst,
      seed: this.seed,
    };
  }
}
