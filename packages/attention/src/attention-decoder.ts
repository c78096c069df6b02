import {
  assertNonNegativeInteger,
  assertPositiveInteger,
  assertRank,
  registerSerializable,
  SeqError,
  uniqueLayerName,
} from '@seq/core';
import type { RecurrentCell } from '@seq/layers';
import * as tf from '@tensorflow/tfjs';
import type { BaseAttention } from './base-attention.js';

/** Arguments of {@link AttentionDecoder}. */
export interface AttentionDecoderArgs {
  /** The recurrent cell of the decoder (`lstmCell`, `gruCell`... from `@seq/layers`). */
  cell: RecurrentCell;
  /** How the decoder scores the encoder outputs: `attention(...)`, `additiveAttention(...)`, `bahdanauAttention(...)`. */
  attention: BaseAttention;
  /**
   * Size of Luong's attention layer, `tanh(W_c [h; context])`, which is the decoder's output; `null`
   * outputs the context itself.
   * @defaultValue the cell's units
   */
  attentionLayerSize?: number | null;
  /**
   * Seed of the initializer of Luong's attention layer (glorot-uniform), for reproducible weights
   * (seed the cell's and the attention's initializers too); `null` for random ones.
   * @defaultValue `null`
   */
  seed?: number | null;
  /** Layer name. */
  name?: string;
  /** Whether the weights train. @defaultValue `true` */
  trainable?: boolean;
}

/** The state an {@link AttentionDecoder} carries from one step to the next. */
export interface AttentionDecoderState {
  /** The cell's states, `[batch, units]` each. */
  cellStates: tf.Tensor[];
  /** The previous attention output, `[batch, attentionSize]`, fed back with the next input. */
  attention: tf.Tensor;
}

/** What one decoder step returns. */
export interface AttentionDecoderStep {
  /** The attention output, `[batch, attentionSize]`. */
  output: tf.Tensor;
  /** The state for the next step. */
  state: AttentionDecoderState;
  /** Where this step looked, `[batch, Tv]` (sums to 1 over the unmasked encoder steps). */
  alignment: tf.Tensor;
}

/** Call options of {@link AttentionDecoder}. */
export interface AttentionDecoderCallOptions {
  /** The encoder outputs' padding mask `[batch, Tv]` (1 = real step); also taken from Keras-style masks. */
  memoryMask?: tf.Tensor;
  /** Whether to return `[outputs, alignments]`, alignments `[batch, Td, Tv]` (for heatmaps). @defaultValue `false` */
  returnAlignments?: boolean;
  /** The cell's initial states (e.g. the encoder's final states). @defaultValue zeros */
  initialState?: tf.Tensor[];
}

/**
 * A recurrent decoder that attends over the encoder outputs at every step (Luong et al. 2015,
 * Bahdanau et al. 2015; the idea of TF Addons' `AttentionWrapper`): the step's input is concatenated
 * with the previous attention output ("input feeding"), the cell runs, its output queries the
 * encoder outputs through the attention layer, and Luong's attention layer `tanh(W_c [h; context])`
 * gives the step's output. Trains over a whole target sequence (teacher forcing) with `apply`, and
 * generates one step at a time with {@link AttentionDecoder.step}, with the same weights and numbers.
 *
 * It owns its cell's and its attention's weights (and `attention_layer/kernel`), so they train and
 * save with it. Shapes: decoder inputs `[batch, Td, features]`, encoder outputs `[batch, Tv, dim]`;
 * outputs `[batch, Td, attentionSize]`; alignments `[batch, Td, Tv]`.
 *
 * @example
 * ```ts
 * const decoder = attentionDecoder({ cell: gruCell({ units: 32 }), attention: attention({ scoreMode: 'general' }) });
 * const [outputs, alignments] = decoder.apply([targetsShifted, encoderOutputs], {
 *   initialState: [encoderState],
 *   returnAlignments: true,
 * }) as tf.Tensor[];
 * ```
 */
export class AttentionDecoder extends tf.layers.Layer {
  /** The name the layer is saved and loaded under. */
  static className = 'seq.AttentionDecoder';
  /** The decoder's cell. */
  readonly cell: RecurrentCell;
  /** The attention over the encoder outputs. */
  readonly attention: BaseAttention;
  /** Luong's attention layer size, or `null` to output the context. */
  readonly attentionLayerSize: number | null;
  /** Seed of Luong's attention layer's initializer, or `null`. */
  readonly seed: number | null;
  private attentionKernel: tf.LayerVariable | null = null;
  private attentionSize = 0;
  private returnAlignmentsNext = false;

  /** @throws {@link @seq/core!index.SeqError} for a missing cell or attention, or a bad size. */
  constructor(args: AttentionDecoderArgs) {
    const owner = 'AttentionDecoder';
    if (
      !args?.cell ||
      typeof (args.cell as { stepFunction?: unknown }).stepFunction !== 'function'
    ) {
      throw new SeqError({
        owner,
        argument: 'cell',
        expected: 'a seq recurrent cell (lstmCell, gruCell...)',
        received: args?.cell,
      });
    }
    if (
      !args.attention ||
      typeof (args.attention as unknown as { shapesOf?: unknown }).shapesOf !== 'function'
    ) {
      throw new SeqError({
        owner,
        argument: 'attention',
        expected: 'a seq attention layer (attention, additiveAttention, bahdanauAttention)',
        received: args.attention,
      });
    }
    const size = args.attentionLayerSize === undefined ? args.cell.units : args.attentionLayerSize;
    if (size !== null) assertPositiveInteger(owner, 'attentionLayerSize', size);
    const seed = args.seed == null ? null : assertNonNegativeInteger(owner, 'seed', args.seed);
    super({
      name: args.name ?? uniqueLayerName('attention_decoder'),
      trainable: args.trainable ?? true,
    });
    this.cell = args.cell;
    this.attention = args.attention;
    this.attentionLayerSize = size;
    this.seed = seed;
    this.supportsMasking = true;
  }

  /** The cell's, the attention's and the decoder's own trainable weights. */
  override get trainableWeights(): tf.LayerVariable[] {
    return this.trainable
      ? [
          ...this.cell.trainableWeights,
          ...this.attention.trainableWeights,
          ...super.trainableWeights,
        ]
      : [];
  }

  /** Frozen weights (all of them when the layer is not trainable). */
  override get nonTrainableWeights(): tf.LayerVariable[] {
    const all = [
      ...this.cell.weights,
      ...this.attention.weights,
      ...super.trainableWeights,
      ...super.nonTrainableWeights,
    ];
    return this.trainable
      ? [
          ...this.cell.nonTrainableWeights,
          ...this.attention.nonTrainableWeights,
          ...super.nonTrainableWeights,
        ]
      : all;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shapes = inputShape as tf.Shape[];
    const [decoder, memory] = shapes;
    if (
      !Array.isArray(decoder) ||
      !Array.isArray(memory) ||
      decoder.length !== 3 ||
      memory.length !== 3
    ) {
      throw new SeqError({
        owner: 'AttentionDecoder',
        argument: 'inputs',
        expected: '[decoderInputs [batch, Td, features], encoderOutputs [batch, Tv, dim]]',
        received: inputShape,
      });
    }
    const features = decoder[2] as number;
    const dim = memory[2] as number;
    this.attentionSize = this.attentionLayerSize ?? dim;
    if (!this.cell.built) this.cell.build([null, features + this.attentionSize]);
    if (!this.attention.built)
      this.attention.build([
        [null, 1, this.cell.units],
        [null, memory[1] ?? null, dim],
      ]);
    this.attention.built = true;
    if (this.attentionLayerSize !== null) {
      this.attentionKernel = this.addWeight(
        'attention_layer/kernel',
        [this.cell.units + dim, this.attentionLayerSize],
        'float32',
        tf.initializers.glorotUniform(this.seed === null ? {} : { seed: this.seed }),
      );
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const [decoder, memory] = inputShape as tf.Shape[];
    const size = this.attentionLayerSize ?? memory?.[2] ?? null;
    const outputs = [decoder?.[0] ?? null, decoder?.[1] ?? null, size];
    return this.returnAlignmentsNext
      ? [outputs, [decoder?.[0] ?? null, decoder?.[1] ?? null, memory?.[1] ?? null]]
      : outputs;
  }

  override computeMask(): tf.Tensor | tf.Tensor[] {
    return (this.returnAlignmentsNext ? [null, null] : null) as unknown as tf.Tensor;
  }

  /** `apply` remembers `returnAlignments` (so that symbolic calls know their outputs) and wires initial states in. */
  override apply(
    inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[],
    kwargs: Parameters<tf.layers.Layer['apply']>[1] = {},
  ): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] {
    this.returnAlignmentsNext = kwargs?.returnAlignments === true;
    try {
      const initial = kwargs?.initialState as unknown as tf.Tensor[] | undefined;
      if (initial == null) return super.apply(inputs, kwargs);
      const { initialState: _, ...rest } = kwargs;
      return super.apply([...(inputs as tf.Tensor[]), ...initial], rest);
    } finally {
      this.returnAlignmentsNext = false;
    }
  }

  /** Zero states for a batch: the cell's zero states and a zero attention output. */
  getInitialState(batchSize: number): AttentionDecoderState {
    assertPositiveInteger('AttentionDecoder', 'batchSize', batchSize);
    return {
      cellStates: this.cell.getInitialState(batchSize),
      attention: tf.zeros([batchSize, this.attentionSize]),
    };
  }

  /** One step from `x` `[batch, features]`, inside a tidy. */
  private stepRaw(
    x: tf.Tensor,
    state: AttentionDecoderState,
    memory: tf.Tensor,
    memoryMask: tf.Tensor | null,
  ): AttentionDecoderStep {
    const cellInput = tf.concat([x, state.attention], 1); // [B, F + A]: input feeding
    const projected = tf.squeeze(this.cell.projectInputs(tf.expandDims(cellInput, 1)), [1]); // [B, P]
    const { output: h, states } = this.cell.stepFunction()(projected, state.cellStates, null); // [B, U]
    const [context, weights] = this.attention.call([tf.expandDims(h, 1), memory], {
      mask: [null, memoryMask] as never,
      returnAttentionScores: true,
    }) as tf.Tensor[]; // [B, 1, dim], [B, 1, Tv]
    const contextFlat = tf.squeeze(context as tf.Tensor, [1]); // [B, dim]
    const output = this.attentionKernel
      ? tf.tanh(tf.matMul(tf.concat([h, contextFlat], 1), this.attentionKernel.read()))
      : contextFlat; // [B, A]
    return {
      output,
      state: { cellStates: states, attention: output },
      alignment: tf.squeeze(weights as tf.Tensor, [1]),
    };
  }

  /**
   * One decoding step with the decoder's weights: the one-step API for generation. Start from
   * {@link AttentionDecoder.getInitialState} (or the encoder's states as `cellStates`).
   *
   * @param x - `[batch, features]`, this step's input (the previous token's embedding, say).
   * @param memory - The encoder outputs, `[batch, Tv, dim]`.
   * @param memoryMask - `[batch, Tv]`, 1 = real encoder step.
   * @returns the output `[batch, attentionSize]`, the next state and the alignment `[batch, Tv]` (new tensors, the caller's).
   * @throws {@link @seq/core!index.SeqError} when the decoder is not built or shapes do not match.
   */
  step(
    x: tf.Tensor,
    state: AttentionDecoderState,
    memory: tf.Tensor,
    memoryMask: tf.Tensor | null = null,
  ): AttentionDecoderStep {
    if (!this.built) {
      throw new SeqError({
        owner: 'AttentionDecoder',
        argument: 'this',
        expected: 'a built decoder (call it once, or build it, before step)',
        receivedDescription: 'an unbuilt decoder',
      });
    }
    assertRank('AttentionDecoder', 'x', x, 2, '[batch, features]');
    assertRank('AttentionDecoder', 'memory', memory, 3, '[batch, Tv, dim]');
    const result = tf.tidy(() => {
      const r = this.stepRaw(x, state, memory, memoryMask);
      return {
        output: tf.clone(r.output),
        cellStates: r.state.cellStates,
        attention: r.state.attention,
        alignment: r.alignment,
      } as unknown as tf.TensorContainer;
    }) as unknown as {
      output: tf.Tensor;
      cellStates: tf.Tensor[];
      attention: tf.Tensor;
      alignment: tf.Tensor;
    };
    return {
      output: result.output,
      state: { cellStates: result.cellStates, attention: result.attention },
      alignment: result.alignment,
    };
  }

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: tf.serialization.ConfigDict = {},
  ): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const list = inputs as tf.Tensor[];
      const [decoderInputs, memory, ...initial] = list as [tf.Tensor, tf.Tensor, ...tf.Tensor[]];
      assertRank('AttentionDecoder', 'decoderInputs', decoderInputs, 3, '[batch, Td, features]');
      assertRank('AttentionDecoder', 'encoderOutputs', memory, 3, '[batch, Tv, dim]');
      const options = kwargs as unknown as AttentionDecoderCallOptions & {
        mask?: Array<tf.Tensor | null>;
      };
      const memoryMask =
        options.memoryMask ?? (Array.isArray(options.mask) ? (options.mask[1] ?? null) : null);
      const batch = decoderInputs.shape[0] as number;
      let state = this.getInitialState(batch);
      if (initial.length > 0) state = { cellStates: initial, attention: state.attention };
      const outputs: tf.Tensor[] = [];
      const alignments: tf.Tensor[] = [];
      for (const x of tf.unstack(decoderInputs, 1)) {
        const r = this.stepRaw(x, state, memory, memoryMask);
        outputs.push(r.output);
        alignments.push(r.alignment);
        state = r.state;
      }
      const sequence = tf.stack(outputs, 1); // [B, Td, A]
      return options.returnAlignments ? [sequence, tf.stack(alignments, 1)] : sequence; // alignments [B, Td, Tv]
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      cell: { className: this.cell.getClassName(), config: this.cell.getConfig() },
      attention: { className: this.attention.getClassName(), config: this.attention.getConfig() },
      attentionLayerSize: this.attentionLayerSize,
      seed: this.seed,
    };
  }

  /** Rebuilds the decoder, its cell and its attention from a config. */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const make = (argument: string, entry: unknown) => {
      const e = entry as { className?: string; config?: tf.serialization.ConfigDict } | undefined;
      const found = e?.className
        ? tf.serialization.SerializationMap.getMap().classNameMap[e.className]
        : undefined;
      if (!found) {
        throw new SeqError({
          owner: 'AttentionDecoder',
          argument,
          expected: 'a registered seq class ({className, config})',
          received: e?.className ?? entry,
        });
      }
      return found[1](found[0], e?.config ?? {});
    };
    const { cell, attention, ...rest } = config;
    return new cls({
      ...rest,
      cell: make('config.cell', cell),
      attention: make('config.attention', attention),
    } as never);
  }
}
registerSerializable(AttentionDecoder);

/**
 * Creates an {@link AttentionDecoder}.
 * @example
 * ```ts
 * const decoder = attentionDecoder({ cell: lstmCell({ units: 64 }), attention: bahdanauAttention({ units: 32 }) });
 * ```
 */
export function attentionDecoder(args: AttentionDecoderArgs): AttentionDecoder {
  return new AttentionDecoder(args);
}
