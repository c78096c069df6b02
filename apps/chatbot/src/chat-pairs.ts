import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeededRandom } from '@seq/core';
import { datasets } from '@seq/data';

/** One question/answer pair of ChatbotData (`datasets.ChatbotPair`). */
export type ChatbotPair = datasets.ChatbotPair;

/** The local copy of ChatbotData's training part, relative to the repository root. */
export const SHARED_DATA = '../shared/data/chatbot-ko/ChatbotData_train.csv';

/** The pairs of a run, and where they came from. */
export interface ChatData {
  /** The file read, or the download's description. */
  source: string;
  pairs: ChatbotPair[];
}

/**
 * Reads ChatbotData Q/A pairs: `file` when given, else the shared local copy
 * (`../shared/data/chatbot-ko/ChatbotData_train.csv` from the repository root) when present, else
 * `datasets.loadChatbotData`'s download (once, checked).
 */
export async function loadPairs(file: string | undefined): Promise<ChatData> {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const shared = path.resolve(root, SHARED_DATA);
  const chosen = file ?? (existsSync(shared) ? shared : undefined);
  const pairs = await datasets.loadChatbotData(chosen === undefined ? {} : { path: chosen });
  return {
    source: chosen ?? 'ChatbotData.csv (songys/Chatbot_data, downloaded)',
    pairs,
  };
}

/** Pairs split into training, validation and test parts. */
export interface PairSplit {
  train: ChatbotPair[];
  valid: ChatbotPair[];
  test: ChatbotPair[];
}

/**
 * Splits pairs by question, seeded: pairs that share a question stay in the same part, so no
 * held-out question was seen in training. The validation and test parts each get `fraction` of the
 * questions (at least one each); the training part keeps the rest, in a seeded order.
 *
 * @throws {Error} when there are fewer than three distinct questions.
 */
export function splitPairs(
  pairs: readonly ChatbotPair[],
  seed: number,
  fraction = 0.05,
): PairSplit {
  const groups = new Map<string, ChatbotPair[]>();
  for (const pair of pairs) {
    const key = pair.question.trim();
    const group = groups.get(key);
    if (group) group.push(pair);
    else groups.set(key, [pair]);
  }
  const questions = [...groups.values()];
  if (questions.length < 3) {
    throw new Error(
      `the data has ${questions.length} distinct questions; a split needs at least 3`,
    );
  }
  const order = new SeededRandom(`${seed}/split`).permutation(questions.length);
  const held = Math.max(1, Math.round(questions.length * fraction));
  const take = (from: number, to: number) =>
    order.slice(from, to).flatMap((i) => questions[i] as ChatbotPair[]);
  return {
    valid: take(0, held),
    test: take(held, 2 * held),
    train: take(2 * held, questions.length),
  };
}
