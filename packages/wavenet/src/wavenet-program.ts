import { SeqError } from '@seq/core';
import type * as tf from '@tensorflow/tfjs';
import { compileLayer, type Op, type Ref } from './compile-wavenet-layer.js';
import { ACTIVATIONS, type Activation, accumulate, softmaxInPlace } from './step-math.js';

const OWNER = 'WaveNetGenerator';

/** The per-row state of a compiled WaveNet: one ring buffer per dilated layer, and the step count. */
export interface WaveNetRowState {
  /** One `Float32Array` of `(kernelSize - 1) * dilation * channels` values per dilated layer. */
  queues: Float32Array[];
  /** Steps taken so far (the ring buffers' write position). */
  time: number;
}

/**
 * A WaveNet compiled for incremental generation: the layers of a model built by `wavenet` or
 * `simpleWaveNet` (embedding, seq `Conv1D` with causal padding or kernel 1, `WaveNetResidualBlock`,
 * `Add`, `Activation`), their weights copied once, run one time step at a time in plain
 * JavaScript.
 * @internal
 */
export class WaveNetProgram {
  readonly ops: Op[] = [];
  /** Size of each ring buffer, per row. */
  readonly queueSizes: number[] = [];
  /** Whether the model takes class ids (an embedding first). */
  readonly classInput: boolean;
  /** Features per step of a real-valued input. */
  readonly inputSize: number;
  /** Width of the conditioning input, or 0. */
  readonly conditioningSize: number;
  /** Values per step of the output. */
  readonly outputSize: number;
  /** Whether the output is a softmax (the program returns its logits separately). */
  readonly softmaxOutput: boolean;
  /** Input steps one output sees. */
  readonly receptiveField: number;
  private readonly output: Ref;

  constructor(model: tf.LayersModel) {
    if (
      model == null ||
      typeof model !== 'object' ||
      !Array.isArray((model as tf.LayersModel).layers)
    ) {
      throw new SeqError({
        owner: OWNER,
        argument: 'model',
        expected: 'a tf.LayersModel built by wavenet() or simpleWaveNet()',
        received: model,
      });
    }
    if (model.outputs.length !== 1) {
      throw new SeqError({
        owner: OWNER,
        argument: 'model',
        expected: 'a model with one output',
        received: model.outputs.length,
        receivedDescription: `${model.outputs.length} outputs`,
      });
    }
    const inputLayers = model.inputs.map((t) => t.sourceLayer);
    const ids = new Map<tf.layers.Layer, number>();
    const refOf = (layer: tf.layers.Layer, output: number): Ref => {
      const at = inputLayers.indexOf(layer);
      if (at >= 0) {
        let op = ids.get(layer);
        if (op === undefined) {
          const shape = model.inputs[at]?.shape ?? [];
          op =
            this.ops.push({
              kind: 'input',
              index: at,
              size: (shape[shape.length - 1] as number | null) ?? 1,
            }) - 1;
          ids.set(layer, op);
        }
        return { op, output: 0 };
      }
      const op = ids.get(layer);
      if (op === undefined) {
        throw new SeqError({
          owner: OWNER,
          argument: 'model',
          expected: 'layers in topological order',
          received: layer.name,
        });
      }
      return { op, output };
    };
    const sizeOf = (ref: Ref): number => {
      const op = this.ops[ref.op] as Op;
      if (op.kind === 'block') return ref.output === 0 ? op.channels : op.skip;
      return op.size;
    };
    let receptive = 1;
    for (const layer of model.layers) {
      if (inputLayers.includes(layer)) continue;
      const node = layer.inboundNodes[0];
      if (!node) continue;
      const inputs = node.inboundLayers.map((l, i) =>
        refOf(l as tf.layers.Layer, node.tensorIndices[i] ?? 0),
      );
      const { op, span } = compileLayer(
        layer,
        inputs,
        sizeOf,
        (size) => this.queueSizes.push(size) - 1,
      );
      receptive += span;
      ids.set(layer, this.ops.push(op) - 1);
    }
    const outputLayer = model.outputs[0]?.sourceLayer as tf.layers.Layer;
    this.output = refOf(outputLayer, 0);
    const last = this.ops[this.output.op] as Op;
    this.softmaxOutput = last.kind === 'conv' && last.activation === 'softmax';
    this.outputSize = sizeOf(this.output);
    this.classInput = this.ops.some((op) => op.kind === 'embedding');
    const inputOp = this.ops.find((op) => op.kind === 'input' && op.index === 0) as
      | { size: number }
      | undefined;
    this.inputSize = this.classInput ? 1 : (inputOp?.size ?? 1);
    const conditioningOp = this.ops.find((op) => op.kind === 'input' && op.index === 1) as
      | { size: number }
      | undefined;
    this.conditioningSize = conditioningOp?.size ?? 0;
    this.receptiveField = receptive;
    for (const op of this.ops) {
      if (op.kind === 'conv' && op.activation === 'softmax' && op !== last) {
        throw new SeqError({
          owner: OWNER,
          argument: 'model',
          expected: 'a softmax only on the output layer',
          received: 'softmax',
        });
      }
    }
  }

  /** A fresh row state: zeros in every ring buffer, as causal padding. */
  newRowState(): WaveNetRowState {
    return { queues: this.queueSizes.map((n) => new Float32Array(n)), time: 0 };
  }

  /**
   * Runs one time step of one row: `input` is a class id (as a one-element array) or the step's
   * features, `conditioning` the row's conditioning vector (or null). Updates `state` in place and
   * returns the output: logits before the softmax for a softmax model, else the output values.
   */
  step(
    state: WaveNetRowState,
    input: ArrayLike<number>,
    conditioning: ArrayLike<number> | null,
  ): Float32Array {
    const values: Float32Array[][] = [];
    for (let i = 0; i < this.ops.length; i++) {
      const op = this.ops[i] as Op;
      const read = (ref: Ref) => (values[ref.op] as Float32Array[])[ref.output] as Float32Array;
      switch (op.kind) {
        case 'input':
          values.push([Float32Array.from(op.index === 0 ? input : (conditioning ?? []))]);
          break;
        case 'embedding': {
          const id = (read(op.input)[0] as number) | 0;
          values.push([op.table.subarray(id * op.size, (id + 1) * op.size)]);
          break;
        }
        case 'conv': {
          const y = this.convolve(
            state,
            op.queue,
            read(op.input),
            op.kernel,
            op.kernelSize,
            op.dilation,
            op.inSize,
            op.size,
          );
          if (op.bias)
            for (let o = 0; o < op.size; o++) y[o] = (y[o] as number) + (op.bias[o] as number);
          const fn = ACTIVATIONS[op.activation];
          if (fn && op.activation !== 'linear')
            for (let o = 0; o < op.size; o++) y[o] = fn(y[o] as number);
          values.push([y]);
          break;
        }
        case 'block': {
          const x = read(op.input);
          const f = op.filters;
          const pre = this.convolve(
            state,
            op.queue,
            x,
            op.kernel,
            op.kernelSize,
            op.dilation,
            op.channels,
            2 * f,
          );
          for (let o = 0; o < 2 * f; o++) pre[o] = (pre[o] as number) + (op.bias[o] as number);
          if (op.conditioningKernel && op.conditioning) {
            const h = read(op.conditioning);
            accumulate(pre, h, op.conditioningKernel, h.length, 2 * f);
          }
          const z = new Float32Array(f);
          for (let o = 0; o < f; o++) {
            z[o] = Math.tanh(pre[o] as number) / (1 + Math.exp(-(pre[f + o] as number)));
          }
          const width = op.channels + op.skip;
          const out = Float32Array.from(op.projectionBias);
          accumulate(out, z, op.projection, f, width);
          const residual = out.subarray(0, op.channels);
          for (let c = 0; c < op.channels; c++)
            residual[c] = (residual[c] as number) + (x[c] as number);
          values.push([residual, out.subarray(op.channels)]);
          break;
        }
        case 'add': {
          const sum = new Float32Array(op.size);
          for (const ref of op.inputs) {
            const v = read(ref);
            for (let o = 0; o < op.size; o++) sum[o] = (sum[o] as number) + (v[o] as number);
          }
          values.push([sum]);
          break;
        }
        case 'activation': {
          const v = Float32Array.from(read(op.input));
          if (op.activation === 'softmax') softmaxInPlace(v);
          else {
            const fn = ACTIVATIONS[op.activation] as Activation;
            for (let o = 0; o < op.size; o++) v[o] = fn(v[o] as number);
          }
          values.push([v]);
          break;
        }
      }
    }
    state.time++;
    return (values[this.output.op] as Float32Array[])[this.output.output] as Float32Array;
  }

  /**
   * A dilated causal convolution at the current step: the kernel's last tap reads `x`, tap `j`
   * reads the input `(kernelSize - 1 - j) * dilation` steps back from the ring buffer; then `x` is
   * written into the buffer.
   */
  private convolve(
    state: WaveNetRowState,
    queue: number,
    x: Float32Array,
    kernel: Float32Array,
    kernelSize: number,
    dilation: number,
    inSize: number,
    outSize: number,
  ): Float32Array {
    const y = new Float32Array(outSize);
    const last = kernelSize - 1;
    accumulate(
      y,
      x,
      kernel.subarray(last * inSize * outSize, kernelSize * inSize * outSize),
      inSize,
      outSize,
    );
    if (queue < 0) return y;
    const buffer = state.queues[queue] as Float32Array;
    const span = last * dilation;
    for (let j = 0; j < last; j++) {
      const back = (last - j) * dilation;
      const slot = (((state.time - back) % span) + span) % span;
      accumulate(
        y,
        buffer.subarray(slot * inSize, (slot + 1) * inSize),
        kernel.subarray(j * inSize * outSize, (j + 1) * inSize * outSize),
        inSize,
        outSize,
      );
    }
    buffer.set(x, (state.time % span) * inSize);
    return y;
  }
}

/**
 * Checks that a compiled WaveNet generates class ids: class ids in (an embedding), a softmax
 * `Conv1D` out, as many classes out as in (each sample is fed back).
 * @internal
 */
export function assertSoftmaxWaveNet(owner: string, program: WaveNetProgram): void {
  const embedding = program.ops.find((op) => op.kind === 'embedding') as
    | { classes: number }
    | undefined;
  const inputClasses = embedding?.classes ?? 0;
  if (program.classInput && program.softmaxOutput && inputClasses === program.outputSize) return;
  throw new SeqError({
    owner,
    argument: 'model',
    expected:
      'a softmax WaveNet as wavenet() builds: class ids in, as many classes out through a softmax Conv1D',
    received: null,
    receivedDescription: !program.classInput
      ? 'a model with real-valued inputs (step it with WaveNetGenerator.step)'
      : !program.softmaxOutput
        ? 'a model whose output is not a softmax Conv1D'
        : `a model of ${inputClasses} input classes and ${program.outputSize} outputs`,
  });
}
