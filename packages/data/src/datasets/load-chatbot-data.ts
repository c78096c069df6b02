import { checkOptions, type DatasetOptions, readText, resolveFile } from './dataset-options.js';
import { DATASET_SOURCES } from './dataset-sources.js';
import { type ChatbotPair, parseChatbotDataWith } from './parse-chatbot-data.js';

/**
 * Loads the Korean chatbot Q/A set (11,823 pairs; 0 = everyday, 1 = break-up, 2 = love), parsed
 * as {@link parseChatbotData} does. `{ path }` reads a local `ChatbotData.csv`; otherwise it is
 * downloaded once from songys/Chatbot_data, pinned to commit 4cf20d1, and checked against its git
 * blob id. Node only.
 *
 * Source: Youngsook Song (2018), Chatbot_data_for_Korean v1.0, https://github.com/songys/Chatbot_data (MIT).
 *
 * @param options - A local `path`, or download settings ({@link DatasetOptions}).
 * @returns The pairs in file order.
 * @throws {@link @seq/core!index.SeqError} for options that are not an object, a missing path, a
 *   failed or mismatched download, and malformed records or labels (with their line).
 * @example
 * ```ts
 * const pairs = await loadChatbotData();
 * pairs[0]; // { question: '12시 땡!', answer: '하루가 또 가네요.', label: 0 }
 * ```
 */
export async function loadChatbotData(options: DatasetOptions = {}): Promise<ChatbotPair[]> {
  const owner = 'loadChatbotData';
  const checked = checkOptions<DatasetOptions>(owner, options);
  const file = await resolveFile(owner, checked, DATASET_SOURCES.chatbotData);
  return parseChatbotDataWith(await readText(file.path), { owner, argument: file.argument });
}
