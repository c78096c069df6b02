import {
  assertNonNegativeInteger,
  assertNumberInRange,
  assertPositiveInteger,
  SeqError,
} from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import type { LogitsProcessor } from './logits-processor.js';
import { minLengthProcessor } from './min-length-processor.js';
import { noRepeatNgramProcessor } from './no-repeat-ngram-processor.js';
import { repetitionPenaltyProcessor } from './repetition-penalty-processor.js';

/** Why a row stopped growing. */
export type FinishReason = 'eos' | 'stop-sequence' | 'max-length' | 'aborted';

/** Options shared by {@link greedySearch}, {@link beamSearch} and {@link sample}. */
export interface GenerationOptions {
  /** The most tokens to generate per row (an end token counts), prompt not included. */
  maxLength: number;
  /** End tokens are banned until a row has generated this many tokens. @defaultValue `0` */
  minLength?: number;
  /** The end-of-sequence token id, or several: a row stops after generating one. */
  eosTokenId?: number | readonly number[];
  /** Token sequences that stop a row once its generated tokens end with one (it is kept). */
  stopSequences?: ReadonlyArray<ReadonlyArray<number>>;
  /** CTRL's repetition penalty (see {@link repetitionPenaltyProcessor}); 1 = none. @defaultValue `1` */
  repetitionPenalty?: number;
  /** Bans repeating any n-gram of this size (see {@link noRepeatNgramProcessor}); 0 = off. @defaultValue `0` */
  noRepeatNgramSize?: number;
  /** Your own processors, run first, before the built-in ones. @defaultValue `[]` */
  logitsProcessors?: readonly LogitsProcessor[];
  /** Stops decoding after the current step when aborted; unfinished rows end with `'aborted'`. */
  signal?: AbortSignal;
}

/** What {@link greedySearch} and {@link sample} return, one entry per prompt. */
export interface GenerationResult {
  /** The generated tokens of each row, prompt excluded, end token or stop sequence included. */
  tokens: number[][];
  /**
   * Each row's summed log-probabilities of its generated tokens, under the distribution each was
   * chosen from (after the logits processors; the model's own when there are none).
   */
  logProbs: number[];
  /** Why each row stopped. */
  finishReasons: FinishReason[];
}

/** The checked, normalised form of the prompts and the shared options. */
export interface GenerationSettings {
  prompts: number[][];
  maxLength: number;
  eos: Set<number>;
  stopSequences: number[][];
  processors: LogitsProcessor[];
  signal: AbortSignal | undefined;
}

/** Prompts as `[batch, promptLength]` ids: an int tensor or arrays (which may differ in length). */
export type Prompts = tf.Tensor | ReadonlyArray<ReadonlyArray<number>>;

function normalizePrompts(owner: string, prompts: Prompts): number[][] {
  let rows: unknown;
  if (prompts instanceof tf.Tensor) {
    if (prompts.rank !== 2 || prompts.dtype !== 'int32') {
      throw new SeqError({
        owner,
        argument: 'prompts',
        expected: 'an int32 tensor [batch, promptLength] or arrays of token ids',
        received: prompts,
      });
    }
    rows = prompts.arraySync();
  } else {
    rows = prompts;
  }
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new SeqError({
      owner,
      argument: 'prompts',
      expected: 'a non-empty batch [batch, promptLength] of token ids',
      received: rows,
    });
  }
  return rows.map((row: unknown, i) => {
    if (!Array.isArray(row) || row.length === 0) {
      throw new SeqError({
        owner,
        argument: `prompts[${i}]`,
        expected: 'an array of at least one token id (a start token at least)',
        received: row,
      });
    }
    for (const id of row) assertNonNegativeInteger(owner, `prompts[${i}]`, id);
    return [...(row as number[])];
  });
}

function tokenList(owner: string, argument: string, value: unknown): number[] {
  const list = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(list)) {
    throw new SeqError({
      owner,
      argument,
      expected: 'a token id or an array of token ids',
      received: value,
    });
  }
  for (const id of list) assertNonNegativeInteger(owner, argument, id);
  return [...list];
}

/** Checks the prompts and shared options (before any model call) and builds the processors. */
export function resolveGeneration(
  owner: string,
  prompts: Prompts,
  options: GenerationOptions,
  vocabularySize?: number,
): GenerationSettings {
  if (options === null || typeof options !== 'object') {
    throw new SeqError({
      owner,
      argument: 'options',
      expected: 'an object with at least maxLength',
      received: options,
    });
  }
  const maxLength = assertPositiveInteger(owner, 'maxLength', options.maxLength);
  const minLength = assertNonNegativeInteger(owner, 'minLength', options.minLength ?? 0);
  if (minLength > maxLength) {
    throw new SeqError({
      owner,
      argument: 'minLength',
      expected: `at most maxLength (${maxLength})`,
      received: minLength,
    });
  }
  const eos =
    options.eosTokenId === undefined ? [] : tokenList(owner, 'eosTokenId', options.eosTokenId);
  if (minLength > 0 && eos.length === 0) {
    throw new SeqError({
      owner,
      argument: 'minLength',
      expected: '0 when no eosTokenId is given (it bans the end tokens until that length)',
      received: minLength,
    });
  }
  const stops = options.stopSequences ?? [];
  if (!Array.isArray(stops)) {
    throw new SeqError({
      owner,
      argument: 'stopSequences',
      expected: 'an array of token id arrays',
      received: stops,
    });
  }
  const stopSequences = stops.map((s, i) => {
    const list = tokenList(owner, `stopSequences[${i}]`, s);
    if (list.length === 0 || typeof s === 'number') {
      throw new SeqError({
        owner,
        argument: `stopSequences[${i}]`,
        expected: 'a non-empty array of token ids',
        received: s,
      });
    }
    return list;
  });
  const repetitionPenalty = assertNumberInRange(
    owner,
    'repetitionPenalty',
    options.repetitionPenalty ?? 1,
    { min: 0, minInclusive: false },
  );
  const ngram = assertNonNegativeInteger(
    owner,
    'noRepeatNgramSize',
    options.noRepeatNgramSize ?? 0,
  );
  const custom = options.logitsProcessors ?? [];
  if (!Array.isArray(custom) || custom.some((p) => typeof p !== 'function')) {
    throw new SeqError({
      owner,
      argument: 'logitsProcessors',
      expected: 'an array of functions (logits, context) => void',
      received: custom,
    });
  }
  const signal = options.signal;
  if (
    signal !== undefined &&
    !(typeof signal === 'object' && signal !== null && 'aborted' in signal)
  ) {
    throw new SeqError({ owner, argument: 'signal', expected: 'an AbortSignal', received: signal });
  }
  const processors: LogitsProcessor[] = [...custom];
  if (repetitionPenalty !== 1) processors.push(repetitionPenaltyProcessor(repetitionPenalty));
  if (ngram > 0) processors.push(noRepeatNgramProcessor(ngram));
  if (minLength > 0) processors.push(minLengthProcessor(eos, minLength));
  const rows = normalizePrompts(owner, prompts);
  if (vocabularySize !== undefined) {
    const check = (argument: string, id: number) => {
      if (id >= vocabularySize) {
        throw new SeqError({
          owner,
          argument,
          expected: `an id in the vocabulary [0, ${vocabularySize})`,
          received: id,
        });
      }
    };
    for (const id of eos) check('eosTokenId', id);
    rows.forEach((row, i) => {
      for (const id of row) check(`prompts[${i}]`, id);
    });
  }
  return {
    prompts: rows,
    maxLength,
    eos: new Set(eos),
    stopSequences,
    processors,
    signal,
  };
}

/** Why a row whose generated tokens are `generated` stops now, or `null` if it goes on. */
export function finishReasonOf(
  settings: GenerationSettings,
  generated: readonly number[],
): FinishReason | null {
  const last = generated[generated.length - 1] as number;
  if (settings.eos.has(last)) return 'eos';
  for (const stop of settings.stopSequences) {
    if (stop.length > generated.length) continue;
    const offset = generated.length - stop.length;
    if (stop.every((id, i) => generated[offset + i] === id)) return 'stop-sequence';
  }
  return generated.length >= settings.maxLength ? 'max-length' : null;
}

/**
 * Reads a step's logits `[rows, vocabulary]` as float64 rows and disposes them; checks the rank,
 * the rows and, at the first step, that the end tokens are in the vocabulary.
 */
export async function readLogits(
  owner: string,
  logits: tf.Tensor,
  rows: number,
  settings: GenerationSettings,
): Promise<Float64Array[]> {
  try {
    if (!(logits instanceof tf.Tensor) || logits.rank !== 2 || logits.shape[0] !== rows) {
      throw new SeqError({
        owner,
        argument: 'logits',
        expected: `a tensor [batch, vocabulary] with batch = ${rows} (returned by the step function)`,
        received: logits,
      });
    }
    const vocabulary = logits.shape[1] as number;
    for (const id of settings.eos) {
      if (id >= vocabulary) {
        throw new SeqError({
          owner,
          argument: 'eosTokenId',
          expected: `an id in the vocabulary [0, ${vocabulary})`,
          received: id,
        });
      }
    }
    const data = await logits.data();
    return Array.from({ length: rows }, (_, r) =>
      Float64Array.from(data.subarray(r * vocabulary, (r + 1) * vocabulary) as Float32Array),
    );
  } finally {
    if (logits instanceof tf.Tensor) logits.dispose();
  }
}
