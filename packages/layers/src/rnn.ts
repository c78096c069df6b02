import {
  assertBoolean,
  assertRank,
  formatShape,
  registerSerializable,
  SeqError,
  uniqueLayerName,
} from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import type { RecurrentCell, StepResult } from './recurrent-cell.js';

/** Arguments of {@link RNN} (and of every seq sequence layer), with Keras' names and defaults. */
export interface RNNOptions {
  /** Whether to return the output of every step, `[batch, time, units]`, or only the last, `[batch, units]`. @defaultValue `false` */
  returnSequences?: boolean;
  /** Whether to return the final states too: `[output, ...states]`. @defaultValue `false` */
  returnState?: boolean;
  /** Whether to process the sequence backwards (and return the outputs in that order). @defaultValue `false` */
  goBackwards?: boolean;
  /**
   * Whether the final states of a batch are the initial states of the next (sample `i` continues
   * sample `i`); needs a fixed batch size (`batchInputShape`). Reset with {@link RNN.resetStates}.
   * @defaultValue `false`
   */
  stateful?: boolean;
  /** Accepted for Keras configs; seq always runs a loop (the fast path), which gives the same numbers. @defaultValue `false` */
  unroll?: boolean;
  /** Shape of the input without the batch axis, for a first layer: `[time, features]`. */
  inputShape?: Array<number | null>;
  /** Batch size and input shape, for a first (stateful) layer: `[batch, time, features]`. */
  batchInputShape?: Array<number | null>;
  /** Layer name. */
  name?: string;
  /** Whether the weights train. @defaultValue `true` */
  trainable?: boolean;
}

/** Arguments of {@link RNN}: a seq cell and the sequence options. */
export interface RNNArgs extends RNNOptions {
  /** The cell run at every step: {@link LSTMCell}, {@link GRUCell}, {@link SimpleRNNCell}, a layer-normalised cell... */
  cell: RecurrentCell;
}

const asList = (x: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(x) ? x : [x]);

/**
 * Runs a seq recurrent cell over a sequence, Keras' `RNN`: masking (a masked step carries the states
 * and repeats the previous output), `returnSequences`, `returnState`, `goBackwards`, `stateful`,
 * initial states (`apply([x, ...states])` or the `initialState` call option), and input and
 * recurrent dropout with one mask for every time step.
 *
 * The fast path: the input kernel is applied to all time steps in one matMul before the loop, and
 * each step does only the recurrent matMul and the gates, with the weights read once per call.
 *
 * Shapes: input `[batch, time, features]` (mask `[batch, time]`); output `[batch, units]`, or
 * `[batch, time, units]` with `returnSequences`; states `[batch, units]` each.
 *
 * @example
 * ```ts
 * const layer = rnn({ cell: gruCell({ units: 16 }), returnSequences: true });
 * const y = layer.apply(tf.ones([2, 10, 3])) as tf.Tensor; // [2, 10, 16]
 * ```
 */
export class RNN extends tf.layers.Layer {
  /** The name the layer is saved and loaded under. */
  static className = 'seq.RNN';
  /** The cell run at every step. */
  readonly cell: RecurrentCell;
  /** See {@link RNNOptions.returnSequences}. */
  readonly returnSequences: boolean;
  /** See {@link RNNOptions.returnState}. */
  readonly returnState: boolean;
  /** See {@link RNNOptions.goBackwards}. */
  readonly goBackwards: boolean;
  private readonly isStateful: boolean;
  /** See {@link RNNOptions.unroll}. */
  readonly unroll: boolean;
  private statefulStates: tf.Tensor[] | null = null;
  /** The fixed batch size of a stateful layer, known once built. */
  private statefulBatch: number | null = null;
  /**
   * Forces the step-by-step loop (differentiated by autodiff) instead of a cell's fused sequence op;
   * for tests that compare the two.
   * @internal
   */
  disableFusedPath = false;

  constructor(args: RNNArgs, defaultName = 'rnn') {
    const owner =
      defaultName === 'rnn'
        ? 'RNN'
        : (args?.cell?.getClassName().replace(/^seq\.|Cell$/g, '') ?? 'RNN');
    if (
      args === null ||
      typeof args !== 'object' ||
      !args.cell ||
      typeof (args.cell as { stepFunction?: unknown }).stepFunction !== 'function'
    ) {
      throw new SeqError({
        owner,
        argument: 'cell',
        expected: 'a seq recurrent cell (lstmCell, gruCell, simpleRNNCell, layerNorm...Cell)',
        received: args?.cell,
      });
    }
    const flags = {
      returnSequences: assertBoolean(owner, 'returnSequences', args.returnSequences ?? false),
      returnState: assertBoolean(owner, 'returnState', args.returnState ?? false),
      goBackwards: assertBoolean(owner, 'goBackwards', args.goBackwards ?? false),
      stateful: assertBoolean(owner, 'stateful', args.stateful ?? false),
      unroll: assertBoolean(owner, 'unroll', args.unroll ?? false),
    };
    const {
      cell: _cell,
      returnSequences: _a,
      returnState: _b,
      goBackwards: _c,
      stateful: _d,
      unroll: _e,
      ...layerArgs
    } = args;
    super({
      ...layerArgs,
      name: args.name ?? uniqueLayerName(defaultName),
    } as ConstructorParameters<typeof tf.layers.Layer>[0]);
    this.cell = args.cell;
    this.returnSequences = flags.returnSequences;
    this.returnState = flags.returnState;
    this.goBackwards = flags.goBackwards;
    this.isStateful = flags.stateful;
    this.unroll = flags.unroll;
    this.supportsMasking = true;
  }

  /** See {@link RNNOptions.stateful}. */
  override get stateful(): boolean {
    return this.isStateful;
  }

  /** The cell's trainable weights: a sequence layer owns its cell's weights. */
  override get trainableWeights(): tf.LayerVariable[] {
    return this.trainable ? this.cell.trainableWeights : [];
  }

  /** The cell's frozen weights (all of them when the layer is not trainable). */
  override get nonTrainableWeights(): tf.LayerVariable[] {
    return this.trainable ? this.cell.nonTrainableWeights : this.cell.weights;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== 3) {
      throw new SeqError({
        owner: this.owner,
        argument: 'inputShape',
        expected: 'a shape of rank 3 ([batch, time, features])',
        received: shape,
      });
    }
    if (this.isStateful) {
      if (shape[0] == null) {
        throw new SeqError({
          owner: this.owner,
          argument: 'batchInputShape',
          expected:
            'a fixed batch size for a stateful layer ([batch, time, features], on the first layer)',
          receivedDescription: formatShape(shape),
        });
      }
      this.statefulBatch = shape[0];
    }
    if (!this.cell.built) this.cell.build([shape[0] ?? null, shape[2] ?? null]);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const batch = shape[0] ?? null;
    const output: tf.Shape = this.returnSequences
      ? [batch, shape[1] ?? null, this.cell.units]
      : [batch, this.cell.units];
    return this.returnState
      ? [output, ...this.cell.stateSize.map((size) => [batch, size])]
      : output;
  }

  override computeMask(
    _inputs: tf.Tensor | tf.Tensor[],
    mask?: tf.Tensor | tf.Tensor[],
  ): tf.Tensor | tf.Tensor[] {
    const m = Array.isArray(mask) ? mask[0] : mask;
    const output = this.returnSequences ? (m ?? null) : null;
    // tfjs types masks as tensors, but takes null for "no mask".
    return (this.returnState
      ? [output, ...this.cell.stateSize.map(() => null)]
      : output) as unknown as tf.Tensor;
  }

  /** The layer name for messages (`LSTM`, `GRU`, `RNN`...). */
  protected get owner(): string {
    return this.getClassName().replace(/^seq\./, '');
  }

  /**
   * As tfjs' RNN: initial states given as the `initialState` option become extra inputs, so that in
   * a functional model (`decoder.apply(x, {initialState: encoderStates})`) they are wired into the
   * graph and their gradients reach the layers that made them.
   */
  override apply(
    inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[],
    kwargs: Parameters<tf.layers.Layer['apply']>[1] = {},
  ): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] {
    const initial = kwargs?.initialState as unknown as
      | tf.Tensor
      | tf.Tensor[]
      | tf.SymbolicTensor
      | tf.SymbolicTensor[]
      | undefined;
    if (initial == null) return super.apply(inputs, kwargs);
    const { initialState: _, ...rest } = kwargs;
    const list = [
      ...(Array.isArray(inputs) ? inputs : [inputs]),
      ...(Array.isArray(initial) ? initial : [initial]),
    ];
    return super.apply(list as tf.Tensor[], rest);
  }

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: tf.serialization.ConfigDict = {},
  ): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const list = asList(inputs);
      let x = list[0] as tf.Tensor;
      assertRank(this.owner, 'inputs', x, 3, '[batch, time, features]');
      const [batch, time] = x.shape as [number, number, number];
      const given =
        list.length > 1
          ? list.slice(1)
          : ((kwargs.initialState as unknown as tf.Tensor[] | undefined) ?? null);
      let states = given ?? this.statefulStates ?? this.cell.getInitialState(batch);
      this.checkStates(states, batch);
      let mask =
        kwargs.mask == null ? null : (asList(kwargs.mask as unknown as tf.Tensor)[0] ?? null);
      if (mask) {
        assertRank(this.owner, 'mask', mask, 2, '[batch, time]');
        mask = tf.cast(mask, 'float32');
      }
      if (this.goBackwards) {
        x = tf.reverse(x, 1);
        if (mask) mask = tf.reverse(mask, 1);
      }
      const training = kwargs.training === true;
      if (training && this.cell.dropout > 0) {
        const keep = tf.dropout(tf.ones([batch, 1, x.shape[2] as number]), this.cell.dropout); // one mask for every step
        x = tf.mul(x, keep);
      }
      const recurrentMask =
        training && this.cell.recurrentDropout > 0
          ? tf.dropout(tf.ones([batch, this.cell.units]), this.cell.recurrentDropout)
          : null;

      const projectedBatchMajor = this.cell.projectInputs(x); // [B, T, P]
      let outputs: tf.Tensor[] | tf.Tensor = [];
      let last: tf.Tensor;
      const fused = this.disableFusedPath
        ? null
        : this.cell.runSequence(
            projectedBatchMajor,
            states,
            mask,
            recurrentMask,
            this.returnSequences,
          );
      if (fused) {
        outputs = fused.outputs; // [B, T, U]
        states = fused.states;
        const steps = fused.outputs.shape[1] as number; // time, or 1 when only the last output was asked for
        last = tf.squeeze(fused.outputs.slice([0, steps - 1, 0], [-1, 1, -1]), [1]);
      } else {
        // Time-major unstacking: slices along the first axis are contiguous (and fast).
        const projected = tf.unstack(tf.transpose(projectedBatchMajor, [1, 0, 2])); // [B, T, P] -> time x [B, P]
        const steps = mask ? tf.unstack(tf.expandDims(tf.transpose(mask), 2)) : null; // [B, T] -> time x [B, 1]
        const step = this.cell.stepFunction();
        const list: tf.Tensor[] = [];
        let previous: tf.Tensor | null = null;
        for (let t = 0; t < time; t++) {
          const result: StepResult = step(projected[t] as tf.Tensor, states, recurrentMask);
          let output = result.output;
          let next = result.states;
          const m = steps?.[t];
          if (m) {
            // Masked steps keep the states and repeat the previous output (zeros before the first).
            const prev = previous ?? tf.zerosLike(output);
            output = tf.add(prev, tf.mul(m, tf.sub(output, prev)));
            next = next.map((s, i) =>
              tf.add(states[i] as tf.Tensor, tf.mul(m, tf.sub(s, states[i] as tf.Tensor))),
            );
          }
          previous = output;
          states = next;
          if (this.returnSequences) list.push(output);
        }
        outputs = list;
        last = previous as tf.Tensor;
      }
      if (this.stateful) {
        tf.dispose(this.statefulStates ?? []);
        this.statefulStates = states.map((s) => tf.keep(tf.clone(s)));
      }
      // The loop gives time x [B, U]; the fused path [B, T, U] already.
      const sequence = () =>
        Array.isArray(outputs) ? tf.transpose(tf.stack(outputs), [1, 0, 2]) : outputs; // [B, T, U]
      const output = this.returnSequences ? sequence() : last; // [B, T, U] or [B, U]
      return this.returnState ? [output, ...states] : output;
    });
  }

  /**
   * One time step with the layer's weights: the one-step inference API (see
   * {@link RecurrentCell.step}). `x` is `[batch, features]`; the states come from
   * {@link RNN.getInitialState} at the start, then from the previous step.
   */
  step(x: tf.Tensor, states: tf.Tensor[]): StepResult {
    return this.cell.step(x, states);
  }

  /** Zero states for a batch, one `[batchSize, units]` tensor per state. */
  getInitialState(batchSize: number): tf.Tensor[] {
    return this.cell.getInitialState(batchSize);
  }

  /**
   * The states a stateful layer carries into its next call, owned by the layer (do not dispose
   * them); one `null` per state before the first call or when not stateful, as tfjs' RNN.
   */
  get states(): Array<tf.Tensor | null> {
    return this.statefulStates ?? this.cell.stateSize.map(() => null);
  }

  /**
   * Resets a stateful layer's states to zeros, or to the given states.
   * @throws {@link @seq/core!index.SeqError} when the layer is not stateful or the states do not fit.
   */
  override resetStates(states?: tf.Tensor | tf.Tensor[]): void {
    if (!this.stateful) {
      throw new SeqError({
        owner: this.owner,
        argument: 'this',
        expected: 'a stateful layer (stateful: true)',
        receivedDescription: 'a layer that is not stateful',
      });
    }
    const batch = this.statefulBatch ?? (this.batchInputShape?.[0] as number);
    if (states !== undefined) this.checkStates(asList(states), batch);
    const next =
      states === undefined
        ? this.cell.getInitialState(batch)
        : asList(states).map((s) => s.clone());
    tf.dispose(this.statefulStates ?? []);
    this.statefulStates = next.map((s) => tf.keep(s));
  }

  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    tf.dispose(this.statefulStates ?? []);
    this.statefulStates = null;
    return super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
      unroll: this.unroll,
      cell: { className: this.cell.getClassName(), config: this.cell.getConfig() },
    };
  }

  /** Rebuilds an RNN from its config, the serialized cell included. */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { cell, ...rest } = config as {
      cell?: { className?: string; config?: tf.serialization.ConfigDict };
    };
    const entry = cell?.className
      ? tf.serialization.SerializationMap.getMap().classNameMap[cell.className]
      : undefined;
    if (!entry) {
      throw new SeqError({
        owner: 'RNN',
        argument: 'config.cell',
        expected: 'a registered seq cell ({className, config})',
        received: cell?.className ?? cell,
      });
    }
    const cellInstance = entry[1](entry[0], cell?.config ?? {}) as RecurrentCell;
    return new cls({ ...rest, cell: cellInstance } as never);
  }

  private checkStates(states: tf.Tensor[], batch: number): void {
    const sizes = this.cell.stateSize;
    const ok =
      Array.isArray(states) &&
      states.length === sizes.length &&
      states.every(
        (s, i) =>
          s instanceof tf.Tensor && s.rank === 2 && s.shape[0] === batch && s.shape[1] === sizes[i],
      );
    if (!ok) {
      throw new SeqError({
        owner: this.owner,
        argument: 'initialState',
        expected: `${sizes.length} state tensor(s) of shape ${sizes.map((n) => `[${batch}, ${n}]`).join(', ')}`,
        receivedDescription: Array.isArray(states)
          ? states
              .map((s) => (s instanceof tf.Tensor ? `[${s.shape.join(', ')}]` : String(s)))
              .join(', ') || 'none'
          : String(states),
      });
    }
  }
}

registerSerializable(RNN);

/**
 * Creates a generic {@link RNN} over a seq cell, as `tf.layers.rnn` does.
 * @example
 * ```ts
 * const layer = rnn({ cell: layerNormSimpleRNNCell({ units: 32 }), returnSequences: true });
 * ```
 */
export function rnn(args: RNNArgs): RNN {
  return new RNN(args);
}
