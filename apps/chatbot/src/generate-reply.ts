import type { Tokenizer } from '@seq/data';
import { beamSearch, greedySearch, type LogitsProcessor, sample } from '@seq/decoding';
import { seq2seqStepper } from '@seq/transformer';
import * as tf from '@tensorflow/tfjs';
import { encodeQuestion } from './encode-pairs.js';
import { utf8Processor } from './utf8-processor.js';

/** How replies are decoded. */
export interface ReplyOptions {
  /** Softmax temperature; 0 picks the most likely token (greedy). */
  temperature: number;
  /** Sample among the `topK` most likely tokens (0: all). */
  topK: number;
  /** Sample among the most likely tokens up to probability `topP` (1: all). */
  topP: number;
  /** Beam width; above 1, beam search replaces sampling. */
  beam: number;
  seed: number;
}

/** Greedy decoding: what `results.md` uses with `--beam 1`. */
export const GREEDY: ReplyOptions = { temperature: 0, topK: 0, topP: 1, beam: 1, seed: 0 };

/**
 * Replies to questions with a trained chatbot: the questions are encoded once (`seq2seqStepper`,
 * the decoder's KV cache), then the answers are decoded from the start token until the end token
 * or the model's length, by beam search (`beam` > 1), greedy search (`temperature` 0) or sampling
 * (temperature, top-k, top-p, seeded). Padding, unknown and start ids are never generated, a reply
 * has at least one token, and byte tokens always form whole UTF-8 characters.
 *
 * @param length - The model's sequence length (ids per question and per answer).
 * @returns one reply per question, in order.
 */
export async function generateReplies(
  model: tf.LayersModel,
  tokenizer: Tokenizer,
  questions: readonly string[],
  length: number,
  options: ReplyOptions,
): Promise<string[]> {
  if (questions.length === 0) return [];
  const { startId, endId } = tokenizer;
  if (startId === undefined || endId === undefined) {
    throw new Error('the tokenizer needs start and end tokens');
  }
  const rows = questions.map((q) => encodeQuestion(tokenizer, q, length));
  const source = tf.tensor2d(rows, [rows.length, length], 'int32'); // [batch, length]
  const stepper = seq2seqStepper(model, source);
  const banned = [tokenizer.padId, tokenizer.unknownId, startId];
  const noSpecial: LogitsProcessor = (logits) => {
    for (const id of banned) logits[id] = Number.NEGATIVE_INFINITY;
  };
  const firstByte = tokenizer.tokenToId('<0x00>');
  const processors = firstByte === undefined ? [noSpecial] : [noSpecial, utf8Processor(firstByte)];
  const prompts = questions.map(() => [startId]);
  const shared = {
    maxLength: length,
    minLength: 1, // never an empty reply
    eosTokenId: endId,
    logitsProcessors: processors,
  };
  try {
    let tokens: number[][];
    if (options.beam > 1) {
      tokens = (await beamSearch(stepper.next, prompts, { ...shared, beamWidth: options.beam }))
        .tokens;
    } else if (options.temperature === 0) {
      tokens = (await greedySearch(stepper.next, prompts, shared)).tokens;
    } else {
      tokens = (
        await sample(stepper.next, prompts, {
          ...shared,
          temperature: options.temperature,
          ...(options.topK > 0 ? { topK: options.topK } : {}),
          ...(options.topP < 1 ? { topP: options.topP } : {}),
          seed: options.seed,
        })
      ).tokens;
    }
    return tokens.map((ids) => tokenizer.decode(ids).trim());
  } finally {
    stepper.dispose();
    source.dispose();
  }
}
