import { assertRank, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { assertSoftmaxWaveNet, WaveNetProgram, type WaveNetRowState } from './wavenet-program.js';

const OWNER = 'wavenetStepper';

/** What a {@link wavenetStepper} carries between calls; every tensor is `[batch, ...]`. */
export interface WaveNetStepState {
  /** Each dilated layer's queue of past inputs, flattened: `[batch, (kernelSize - 1) * dilation * channels]`. */
  queues: tf.Tensor2D[];
  /** Steps taken, per row (all equal): `[batch]` int32. */
  time: tf.Tensor1D;
  /** The global conditioning, `[batch, conditioningChannels]`, or `null`. */
  conditioning: tf.Tensor2D | null;
}

/**
 * A step function `next(tokens, state) -> {logits, state}` (the contract of `@seq/decoding`) for
 * a softmax WaveNet: `tokens` are mu-law class ids, `[batch, n]` (the first call's prompt, then one
 * per call), `logits` the next sample's logits `[batch, classes]`.
 */
export type WaveNetStepFunction = ((
  tokens: tf.Tensor,
  state: WaveNetStepState | null,
) => WaveNetStepResult) & {
  /** The number of classes (`@seq/decoding` checks token ids against it). */
  readonly vocabularySize: number;
};

/** What one call of a {@link WaveNetStepFunction} returns. */
export interface WaveNetStepResult {
  /** The next sample's logits, `[batch, classes]` (decoding reads and disposes them). */
  logits: tf.Tensor2D;
  /** The state for the next call. */
  state: WaveNetStepState;
}

/** Options of {@link wavenetStepper}. */
export interface WaveNetStepperOptions {
  /** The global conditioning of each row, `[batch, conditioningChannels]`, for a conditioned model. */
  conditioning?: tf.Tensor2D;
}

/**
 * Adapts a softmax WaveNet to `@seq/decoding`'s step-function contract, with the fast generation
 * algorithm of {@link WaveNetGenerator}: each call costs one step of every layer, whatever the
 * receptive field, so `sample(next, prompts, {temperature})` or `greedySearch` generate audio
 * sample by sample. The queues travel in the state as `[batch, ...]` tensors, so beam search can
 * reorder them.
 *
 * @throws {@link @seq/core!index.SeqError} for a model that is not a softmax WaveNet, or a
 *   conditioning input that does not fit it.
 * @example
 * ```ts
 * import { sample } from '@seq/decoding';
 * const next = wavenetStepper(model);
 * const { tokens } = await sample(next, [[128]], { maxLength: 200, temperature: 0.9, seed: 1 });
 * ```
 */
export function wavenetStepper(
  model: tf.LayersModel,
  options: WaveNetStepperOptions = {},
): WaveNetStepFunction {
  const program = new WaveNetProgram(model);
  assertSoftmaxWaveNet(OWNER, program);
  const conditioning = options.conditioning ?? null;
  if (program.conditioningSize > 0) {
    if (
      !(conditioning instanceof tf.Tensor) ||
      conditioning.rank !== 2 ||
      conditioning.shape[1] !== program.conditioningSize
    ) {
      throw new SeqError({
        owner: OWNER,
        argument: 'options.conditioning',
        expected: `a tensor [batch, ${program.conditioningSize}] for this conditioned model`,
        received: conditioning,
      });
    }
  } else if (conditioning !== null) {
    throw new SeqError({
      owner: OWNER,
      argument: 'options.conditioning',
      expected: 'undefined for a model without a conditioning input',
      received: conditioning,
    });
  }
  const classes = program.outputSize;
  const next = (tokens: tf.Tensor, state: WaveNetStepState | null) => {
    assertRank(OWNER, 'tokens', tokens, 2, '[batch, steps]');
    const [batch, steps] = tokens.shape as [number, number];
    const ids = tokens.arraySync() as number[][];
    ids.forEach((row, b) => {
      row.forEach((id, s) => {
        if (!Number.isInteger(id) || id < 0 || id >= classes) {
          throw new SeqError({
            owner: OWNER,
            argument: `tokens[${b}][${s}]`,
            expected: `a class id in [0, ${classes})`,
            received: id,
          });
        }
      });
    }); // before any state is built, so a bad token leaves nothing behind
    let rows: WaveNetRowState[];
    let h: Float32Array[] | null = null;
    let hTensor: tf.Tensor2D | null;
    if (state === null) {
      rows = Array.from({ length: batch }, () => program.newRowState());
      if (conditioning && conditioning.shape[0] !== batch) {
        throw new SeqError({
          owner: OWNER,
          argument: 'options.conditioning',
          expected: `one row per prompt (${batch})`,
          received: conditioning,
        });
      }
      hTensor = conditioning ? conditioning.clone() : null;
    } else {
      const time = state.time.dataSync();
      const queues = state.queues.map((q) => q.dataSync() as Float32Array);
      rows = Array.from({ length: batch }, (_, b) => ({
        time: time[b] as number,
        queues: queues.map((q, i) => {
          const size = program.queueSizes[i] as number;
          return q.slice(b * size, (b + 1) * size);
        }),
      }));
      hTensor = state.conditioning ? state.conditioning.clone() : null;
    }
    if (hTensor) {
      const flat = hTensor.dataSync();
      const size = program.conditioningSize;
      h = Array.from(
        { length: batch },
        (_, b) => flat.slice(b * size, (b + 1) * size) as Float32Array,
      );
    }
    const logits = new Float32Array(batch * classes);
    rows.forEach((row, b) => {
      let out: Float32Array | null = null;
      for (let s = 0; s < steps; s++) {
        const id = ids[b]?.[s];
        if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= classes) {
          throw new SeqError({
            owner: OWNER,
            argument: `tokens[${b}][${s}]`,
            expected: `a class id in [0, ${classes})`,
            received: id,
          });
        }
        out = program.step(row, [id as number], h?.[b] ?? null);
      }
      if (out) logits.set(out, b * classes);
    });
    const queues = program.queueSizes.map((size, i) => {
      const flat = new Float32Array(batch * size);
      rows.forEach((row, b) => {
        flat.set(row.queues[i] as Float32Array, b * size);
      });
      return tf.tensor2d(flat, [batch, size]);
    });
    return {
      logits: tf.tensor2d(logits, [batch, classes]),
      state: {
        queues,
        time: tf.tensor1d(
          rows.map((r) => r.time),
          'int32',
        ),
        conditioning: hTensor,
      },
    };
  };
  return Object.assign(next, { vocabularySize: classes });
}
