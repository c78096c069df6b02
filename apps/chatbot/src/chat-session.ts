import * as readline from 'node:readline';
import type { Tokenizer } from '@seq/data';
import type * as tf from '@tensorflow/tfjs';
import { generateReplies, type ReplyOptions } from './generate-reply.js';

/** Where a chat session reads questions and writes replies. */
export interface ChatStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Show a `> ` prompt (an interactive terminal). */
  prompt: boolean;
}

/**
 * Reads questions line by line and writes one reply per non-empty line, until the end of the input
 * (Ctrl-D, or the end of a pipe: `echo "안녕" | ... chat --run dir`). Sampling is seeded per turn
 * (`seed + turn`), so a session replays the same. Returns the number of replies.
 */
export async function chatSession(
  model: tf.LayersModel,
  tokenizer: Tokenizer,
  length: number,
  options: ReplyOptions,
  streams: ChatStreams,
): Promise<number> {
  const lines = readline.createInterface({ input: streams.input, terminal: false });
  const ask = () => {
    if (streams.prompt) streams.output.write('> ');
  };
  let turn = 0;
  ask();
  for await (const line of lines) {
    const question = line.trim();
    if (question !== '') {
      const [reply] = await generateReplies(model, tokenizer, [question], length, {
        ...options,
        seed: options.seed + turn,
      });
      streams.output.write(`${reply ?? ''}\n`);
      turn++;
    }
    ask();
  }
  if (streams.prompt) streams.output.write('\n');
  return turn;
}
