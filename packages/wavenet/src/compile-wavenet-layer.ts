import { SeqError } from '@seq/core';
import type * as tf from '@tensorflow/tfjs';
import { ACTIVATIONS, transposeTaps } from './step-math.js';

const OWNER = 'WaveNetGenerator';

/** Where an op reads a value: the output `output` of op `op` (`-1`: the model's input). */
export interface Ref {
  op: number;
  output: number;
}

/**
 * One layer of a WaveNet, compiled for one time step at a time. A dilated causal convolution keeps
 * a ring buffer of its last `(kernelSize - 1) * dilation` inputs per row ("a queue of past
 * activations per layer", Paine et al. 2016), so a step costs the same whatever the dilation.
 */
export type Op =
  | { kind: 'input'; index: number; size: number }
  | { kind: 'embedding'; input: Ref; table: Float32Array; size: number; classes: number }
  | {
      kind: 'conv';
      input: Ref;
      /** `[kernelSize, out, in]`, row-major (each tap's matrix transposed for `accumulate`). */
      kernel: Float32Array;
      bias: Float32Array | null;
      kernelSize: number;
      dilation: number;
      inSize: number;
      size: number;
      activation: string;
      /** Index of this op's ring buffer, or -1 for a 1x1 convolution. */
      queue: number;
    }
  | {
      kind: 'block';
      input: Ref;
      conditioning: Ref | null;
      /** Filter and gate kernels side by side, each tap transposed: `[kernelSize, 2 * filters, channels]`. */
      kernel: Float32Array;
      bias: Float32Array;
      /** Conditioning kernels side by side, transposed: `[2 * filters, conditioningChannels]`, or null. */
      conditioningKernel: Float32Array | null;
      /** Residual and skip projections side by side, transposed: `[channels + skip, filters]`. */
      projection: Float32Array;
      projectionBias: Float32Array;
      kernelSize: number;
      dilation: number;
      channels: number;
      filters: number;
      skip: number;
      queue: number;
    }
  | { kind: 'add'; inputs: Ref[]; size: number }
  | { kind: 'activation'; input: Ref; activation: string; size: number };

function weightData(layer: tf.layers.Layer): Float32Array[] {
  return layer.getWeights().map((w) => w.dataSync() as Float32Array);
}

function activationOf(layer: tf.layers.Layer, name: unknown): string {
  const key = typeof name === 'string' ? name : 'linear';
  if (key === 'softmax' || key in ACTIVATIONS) return key;
  throw new SeqError({
    owner: OWNER,
    argument: 'model',
    expected: `layers with an activation of ${[...Object.keys(ACTIVATIONS), 'softmax'].join(', ')}`,
    received: key,
    receivedDescription: `layer "${layer.name}" with activation "${key}"`,
  });
}

/**
 * Compiles one layer of a WaveNet for step-by-step execution: copies its weights into the layouts
 * {@link Op} runs, and reserves a ring buffer (through `addQueue`) for a dilated convolution.
 * @returns the op, and the input steps the layer adds to the receptive field.
 * @internal
 */
export function compileLayer(
  layer: tf.layers.Layer,
  inputs: Ref[],
  sizeOf: (ref: Ref) => number,
  addQueue: (size: number) => number,
): { op: Op; span: number } {
  const first = inputs[0] as Ref;
  const className = layer.getClassName();
  const config = layer.getConfig();
  let op: Op;
  let span = 0;
  if (className === 'Embedding') {
    const [table] = weightData(layer);
    const size = config.outputDim as number;
    op = {
      kind: 'embedding',
      input: first,
      table: table as Float32Array,
      size,
      classes: config.inputDim as number,
    };
  } else if (className === 'seq.Conv1D') {
    const [kernel, bias] = weightData(layer);
    const kernelSize = (config.kernelSize as number[])[0] as number;
    const dilation = (config.dilationRate as number[])[0] as number;
    const strides = (config.strides as number[])[0] as number;
    if (strides !== 1 || (kernelSize > 1 && config.padding !== 'causal')) {
      throw new SeqError({
        owner: OWNER,
        argument: 'model',
        expected: 'Conv1D layers with causal padding (or kernel size 1) and stride 1',
        received: layer.name,
        receivedDescription: `layer "${layer.name}" (padding "${config.padding}", kernelSize ${kernelSize}, strides ${strides})`,
      });
    }
    const inSize = sizeOf(first);
    span = (kernelSize - 1) * dilation;
    op = {
      kind: 'conv',
      input: first,
      kernel: transposeTaps(kernel as Float32Array, kernelSize, inSize, config.filters as number),
      bias: config.useBias ? (bias as Float32Array) : null,
      kernelSize,
      dilation,
      inSize,
      size: config.filters as number,
      activation: activationOf(layer, config.activation),
      queue: span > 0 ? addQueue(span * inSize) : -1,
    };
  } else if (className === 'seq.WaveNetResidualBlock') {
    const w = weightData(layer) as Float32Array[];
    const kernelSize = config.kernelSize as number;
    const dilation = config.dilationRate as number;
    const filters = config.filters as number;
    const skip = config.skipChannels as number;
    const channels = sizeOf(first);
    const [fk, fb, gk, gb, rk, rb, sk, sb, fc, gc] = w as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array?,
      Float32Array?,
    ];
    const kernel = new Float32Array(kernelSize * channels * 2 * filters);
    for (let row = 0; row < kernelSize * channels; row++) {
      kernel.set(fk.subarray(row * filters, (row + 1) * filters), row * 2 * filters);
      kernel.set(gk.subarray(row * filters, (row + 1) * filters), row * 2 * filters + filters);
    }
    const bias = new Float32Array(2 * filters);
    bias.set(fb);
    bias.set(gb, filters);
    let conditioningKernel: Float32Array | null = null;
    if (fc && gc) {
      const h = fc.length / filters;
      conditioningKernel = new Float32Array(h * 2 * filters);
      for (let row = 0; row < h; row++) {
        conditioningKernel.set(fc.subarray(row * filters, (row + 1) * filters), row * 2 * filters);
        conditioningKernel.set(
          gc.subarray(row * filters, (row + 1) * filters),
          row * 2 * filters + filters,
        );
      }
    }
    const projection = new Float32Array(filters * (channels + skip));
    for (let f = 0; f < filters; f++) {
      projection.set(rk.subarray(f * channels, (f + 1) * channels), f * (channels + skip));
      projection.set(sk.subarray(f * skip, (f + 1) * skip), f * (channels + skip) + channels);
    }
    const projectionBias = new Float32Array(channels + skip);
    projectionBias.set(rb);
    projectionBias.set(sb, channels);
    span = (kernelSize - 1) * dilation;
    op = {
      kind: 'block',
      input: first,
      conditioning: inputs[1] ?? null,
      kernel: transposeTaps(kernel, kernelSize, channels, 2 * filters),
      bias,
      conditioningKernel: conditioningKernel
        ? transposeTaps(
            conditioningKernel,
            1,
            conditioningKernel.length / (2 * filters),
            2 * filters,
          )
        : null,
      projection: transposeTaps(projection, 1, filters, channels + skip),
      projectionBias,
      kernelSize,
      dilation,
      channels,
      filters,
      skip,
      queue: span > 0 ? addQueue(span * channels) : -1,
    };
  } else if (className === 'Add') {
    op = { kind: 'add', inputs, size: sizeOf(first) };
  } else if (className === 'Activation') {
    op = {
      kind: 'activation',
      input: first,
      activation: activationOf(layer, config.activation),
      size: sizeOf(first),
    };
  } else {
    throw new SeqError({
      owner: OWNER,
      argument: 'model',
      expected:
        'a WaveNet of Embedding, seq Conv1D (causal or 1x1), WaveNetResidualBlock, Add and Activation layers, as wavenet() and simpleWaveNet() build',
      received: className,
      receivedDescription: `layer "${layer.name}" of class ${className}`,
    });
  }
  return { op, span };
}
