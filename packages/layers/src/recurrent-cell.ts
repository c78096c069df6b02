import { assertNumberInRange, assertPositiveInteger, assertRank, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { type ActivationIdentifier, getActivation } from './activation.js';
import type { SequenceRun } from './fused-lstm.js';
import {
  getInitializer,
  type Initializer,
  type InitializerIdentifier,
  serializeInitializer,
} from './initializer.js';
import { rejectUnsupportedArgs } from './unsupported-args.js';

/** Arguments every seq recurrent cell takes, with Keras' names and defaults. */
export interface RecurrentCellArgs {
  /** Size of the output and of each state. */
  units: number;
  /** Activation of the candidate state and output. @defaultValue `'tanh'` */
  activation?: ActivationIdentifier | null;
  /** Whether to use biases. @defaultValue `true` */
  useBias?: boolean;
  /** Initializer of the input kernel. @defaultValue `'glorotUniform'` */
  kernelInitializer?: InitializerIdentifier;
  /** Initializer of the recurrent kernel. @defaultValue `'orthogonal'` */
  recurrentInitializer?: InitializerIdentifier;
  /** Initializer of the bias. @defaultValue `'zeros'` */
  biasInitializer?: InitializerIdentifier;
  /** Fraction of the inputs dropped in training (one mask for all time steps). @defaultValue `0` */
  dropout?: number;
  /** Fraction of the recurrent state dropped in training (one mask for all time steps). @defaultValue `0` */
  recurrentDropout?: number;
  /** Layer name. */
  name?: string;
  /** Whether the weights train. @defaultValue `true` */
  trainable?: boolean;
}

/** What one recurrent step returns: the output and the new states (each `[batch, units]`). */
export interface StepResult {
  /** `[batch, units]`. */
  output: tf.Tensor;
  /** The new states, in the cell's order (LSTM: `[h, c]`). */
  states: tf.Tensor[];
}

/**
 * One recurrent time step: from the projected input `[batch, projected]` and the previous states to
 * the output and the new states; `recurrentMask` (`[batch, units]`, or `null`) drops out the
 * previous output in training.
 */
export type StepFunction = (
  projected: tf.Tensor,
  states: tf.Tensor[],
  recurrentMask: tf.Tensor | null,
) => StepResult;

/**
 * The base of seq's recurrent cells. A cell computes one time step; a sequence layer ({@link RNN},
 * {@link LSTM}, {@link GRU}, {@link SimpleRNN}) runs it over time. Cells split their work in two so
 * that sequence layers can be fast (as cuDNN does): {@link RecurrentCell.projectInputs} applies the
 * input kernel to every time step in one matMul, and {@link RecurrentCell.recurrentStep} does the
 * per-step rest (the recurrent matMul and the gates).
 *
 * Cells also work in tfjs' own `tf.layers.rnn({cell})` (through `call([x, ...states])`), and as a
 * one-step API: {@link RecurrentCell.step} and {@link RecurrentCell.getInitialState}.
 *
 * @example
 * ```ts
 * const cell: RecurrentCell = gruCell({ units: 16 });
 * const layer = rnn({ cell, returnSequences: true }); // [batch, time, features] -> [batch, time, 16]
 * ```
 */
export abstract class RecurrentCell extends tf.layers.Layer {
  /** Size of the output and of each state. */
  readonly units: number;
  /** Fraction of the inputs dropped in training. */
  readonly dropout: number;
  /** Fraction of the recurrent state dropped in training. */
  readonly recurrentDropout: number;
  /** Whether biases are used. */
  readonly useBias: boolean;
  /** The activation's name. */
  protected readonly activationName: string;
  /** The activation. */
  protected readonly activationFn: (x: tf.Tensor) => tf.Tensor;
  /** Initializers, kept for the config. */
  protected readonly kernelInitializer: Initializer;
  /** Initializer of the recurrent kernel. */
  protected readonly recurrentInitializer: Initializer;
  /** Initializer of the bias. */
  protected readonly biasInitializer: Initializer;
  /** tfjs' RNN reads and resets these; seq's cells draw their dropout masks per call instead. */
  dropoutMask: tf.Tensor | tf.Tensor[] | null = null;
  /** See {@link RecurrentCell.dropoutMask}. */
  recurrentDropoutMask: tf.Tensor | tf.Tensor[] | null = null;

  /** Sizes of the states (`[units]`, or `[units, units]` for an LSTM). */
  abstract get stateSize(): number[];

  /** The layer name for error messages: the class without the `seq.` prefix. */
  protected get owner(): string {
    return this.getClassName().replace(/^seq\./, '');
  }

  constructor(owner: string, args: RecurrentCellArgs, defaultName: string) {
    if (args === null || typeof args !== 'object') {
      throw new SeqError({
        owner,
        argument: 'args',
        expected: 'an object with `units`',
        received: args,
      });
    }
    rejectUnsupportedArgs(owner, args);
    const units = assertPositiveInteger(owner, 'units', args.units);
    const dropout = assertNumberInRange(owner, 'dropout', args.dropout ?? 0, {
      min: 0,
      max: 1,
      maxInclusive: false,
    });
    const recurrentDropout = assertNumberInRange(
      owner,
      'recurrentDropout',
      args.recurrentDropout ?? 0,
      { min: 0, max: 1, maxInclusive: false },
    );
    const activation = getActivation(
      owner,
      'activation',
      args.activation === undefined ? 'tanh' : args.activation,
    );
    const kernelInitializer = getInitializer(
      owner,
      'kernelInitializer',
      args.kernelInitializer ?? 'glorotUniform',
    );
    const recurrentInitializer = getInitializer(
      owner,
      'recurrentInitializer',
      args.recurrentInitializer ?? 'orthogonal',
    );
    const biasInitializer = getInitializer(
      owner,
      'biasInitializer',
      args.biasInitializer ?? 'zeros',
    );
    if (args.useBias !== undefined && typeof args.useBias !== 'boolean') {
      throw new SeqError({
        owner,
        argument: 'useBias',
        expected: 'a boolean',
        received: args.useBias,
      });
    }
    super({ name: args.name ?? defaultName, trainable: args.trainable ?? true });
    this.units = units;
    this.dropout = dropout;
    this.recurrentDropout = recurrentDropout;
    this.useBias = args.useBias ?? true;
    this.activationName = activation.name;
    this.activationFn = activation.fn;
    this.kernelInitializer = kernelInitializer;
    this.recurrentInitializer = recurrentInitializer;
    this.biasInitializer = biasInitializer;
  }

  /**
   * Applies the input kernel (and the input-side bias) to every time step at once.
   * @param x - `[batch, time, features]`.
   * @returns `[batch, time, projected]`, what {@link RecurrentCell.recurrentStep} takes one step of.
   */
  abstract projectInputs(x: tf.Tensor): tf.Tensor;

  /**
   * Prepares one sequence's worth of steps: reads (and splits) the weights once, and returns the
   * function that does one time step from the projected input, so that nothing is re-read or
   * re-allocated per step. Call it inside a `tf.tidy`.
   */
  abstract stepFunction(): StepFunction;

  /**
   * One time step from the projected input (see {@link RecurrentCell.stepFunction}).
   * @param projected - `[batch, projected]`, one time step of {@link RecurrentCell.projectInputs}.
   * @param states - The previous states, each `[batch, units]`.
   * @param recurrentMask - A dropout mask `[batch, units]` for the previous output, in training.
   */
  recurrentStep(
    projected: tf.Tensor,
    states: tf.Tensor[],
    recurrentMask?: tf.Tensor | null,
  ): StepResult {
    return this.stepFunction()(projected, states, recurrentMask ?? null);
  }

  /**
   * Runs the whole recurrence as one op with a hand-written backward pass, when the cell has one
   * for its settings; `null` means "use the step-by-step loop" (which autodiff differentiates).
   * @param projected - `[batch, time, projected]`, from {@link RecurrentCell.projectInputs}.
   * @param states - The initial states.
   * @param mask - `[batch, time]` (1 = real step), or `null`.
   * @param recurrentMask - `[batch, units]` dropout mask, or `null`.
   * @param sequence - Whether every step's output is wanted (else only the last one's).
   * @internal
   */
  runSequence(
    _projected: tf.Tensor,
    _states: tf.Tensor[],
    _mask: tf.Tensor | null,
    _recurrentMask: tf.Tensor | null,
    _sequence: boolean,
  ): SequenceRun | null {
    return null;
  }

  /**
   * One time step from a raw input: the one-step inference API (a decoder generating one token at
   * a time calls this with the states it returned last time). Shares the cell's weights.
   *
   * @param x - `[batch, features]`, one time step.
   * @param states - The previous states (from {@link RecurrentCell.getInitialState} at the start).
   * @returns the output `[batch, units]` and the new states: new tensors, owned by the caller (the
   *   output is never the same tensor as a state, so old states can be disposed freely).
   * @throws {@link @seq/core!index.SeqError} when the cell is not built, or shapes do not match.
   */
  step(x: tf.Tensor, states: tf.Tensor[]): StepResult {
    this.checkStep(x, states);
    return tf.tidy(() => {
      const projected = tf.squeeze(this.projectInputs(tf.expandDims(x, 1)), [1]); // [B, 1, P] -> [B, P]
      const result = this.recurrentStep(projected, states);
      // The output is often one of the states (h): hand it out as its own tensor, so that a caller
      // disposing old states never disposes an output it kept.
      return {
        output: tf.clone(result.output),
        states: result.states,
      } as unknown as tf.TensorContainer;
    }) as unknown as StepResult;
  }

  /** Zero states for a batch: one `[batchSize, size]` tensor per state. */
  getInitialState(batchSize: number): tf.Tensor[] {
    assertPositiveInteger(this.owner, 'batchSize', batchSize);
    return this.stateSize.map((size) => tf.zeros([batchSize, size]));
  }

  /** tfjs' cell protocol: `call([x, ...states])` returns `[output, ...newStates]`. */
  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: tf.serialization.ConfigDict = {},
  ): tf.Tensor[] {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      let x = list[0] as tf.Tensor;
      const states = list.slice(1);
      const training = kwargs.training === true;
      if (training && this.dropout > 0) x = tf.dropout(x, this.dropout);
      const recurrentMask =
        training && this.recurrentDropout > 0
          ? tf.dropout(tf.onesLike(states[0] as tf.Tensor), this.recurrentDropout)
          : null;
      const projected = tf.squeeze(this.projectInputs(tf.expandDims(x, 1)), [1]);
      const { output, states: next } = this.recurrentStep(projected, states, recurrentMask);
      return [output, ...next];
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0] ?? null, this.units];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activationName,
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      recurrentInitializer: serializeInitializer(this.recurrentInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
    };
  }

  /** `x W + b` over every time step in one matMul: `[batch, time, features]` -> `[batch, time, out]`. */
  protected timeDistributedDense(
    x: tf.Tensor,
    kernel: tf.Tensor,
    bias: tf.Tensor | null,
  ): tf.Tensor {
    const [batch, time, features] = x.shape as [number, number, number];
    const out = kernel.shape[1] as number;
    let y = tf.matMul(tf.reshape(x, [batch * time, features]), kernel); // [B * T, F] x [F, G] -> [B * T, G]
    if (bias) y = tf.add(y, bias);
    return tf.reshape(y, [batch, time, out]); // [B, T, G]
  }

  /** The input feature count a cell was built for, from `[batch, ..., features]`. */
  protected featuresOf(inputShape: tf.Shape | tf.Shape[]): number {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[shape.length - 1];
    if (features == null) {
      throw new SeqError({
        owner: this.owner,
        argument: 'inputShape',
        expected: 'a known number of features (last axis)',
        received: shape,
      });
    }
    return features;
  }

  private checkStep(x: tf.Tensor, states: tf.Tensor[]): void {
    if (!this.built) {
      throw new SeqError({
        owner: this.owner,
        argument: 'this',
        expected: 'a built cell (call the layer once, or build it, before step)',
        receivedDescription: 'an unbuilt cell',
      });
    }
    assertRank(this.owner, 'x', x, 2, '[batch, features]');
    if (!Array.isArray(states) || states.length !== this.stateSize.length) {
      throw new SeqError({
        owner: this.owner,
        argument: 'states',
        expected: `${this.stateSize.length} state tensor(s) [batch, units]`,
        received: states,
      });
    }
    states.forEach((s, i) => {
      if (
        !(s instanceof tf.Tensor) ||
        s.rank !== 2 ||
        s.shape[0] !== x.shape[0] ||
        s.shape[1] !== this.stateSize[i]
      ) {
        throw new SeqError({
          owner: this.owner,
          argument: `states[${i}]`,
          expected: `a tensor of shape [${x.shape[0]}, ${this.stateSize[i]}]`,
          received: s,
        });
      }
    });
  }
}
