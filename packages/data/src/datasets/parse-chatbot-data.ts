import { parseCsvRecords } from '../parse-csv.js';
import { assertText, lineError, type ParseContext } from './text-lines.js';

/** One question/answer pair of the Korean ChatbotData set. */
export interface ChatbotPair {
  /** The question (`Q`). */
  question: string;
  /** The answer (`A`). */
  answer: string;
  /** 0 = everyday talk (일상다반사), 1 = break-up, negative (이별), 2 = love, positive (사랑). */
  label: 0 | 1 | 2;
}

/** {@link parseChatbotData} with the owner and argument its messages name. @internal */
export function parseChatbotDataWith(text: unknown, context: ParseContext): ChatbotPair[] {
  const csv = assertText(context, text, 'ChatbotData CSV text (Q,A,label)');
  const records = parseCsvRecords(csv.replace(/^\uFEFF/, ''));
  const header = records[0];
  if (header === undefined || header.fields.map((f) => f.trim()).join(',') !== 'Q,A,label') {
    throw lineError(
      context,
      'ChatbotData CSV starting with the header Q,A,label',
      header?.line ?? 1,
      header?.fields.join(',') ?? '',
    );
  }
  const pairs: ChatbotPair[] = [];
  for (let i = 1; i < records.length; i++) {
    const { fields, line } = records[i] as { fields: string[]; line: number };
    if (fields.length !== 3) {
      throw lineError(context, 'CSV lines of Q,A,label (3 fields)', line, fields.join(','));
    }
    const label = (fields[2] as string).trim();
    if (label !== '0' && label !== '1' && label !== '2') {
      throw lineError(context, 'a label of 0, 1 or 2', line, fields[2] as string);
    }
    pairs.push({
      question: fields[0] as string,
      answer: fields[1] as string,
      label: Number(label) as 0 | 1 | 2,
    });
  }
  return pairs;
}

/**
 * Parses the Korean chatbot Q/A set (songys/Chatbot_data, `ChatbotData.csv`): CSV (RFC 4180
 * quoting, LF or CRLF) with the header `Q,A,label`. Labels are trimmed before they are read (one
 * source row has `2` followed by spaces).
 *
 * Source: Youngsook Song (2018), Chatbot_data_for_Korean v1.0, https://github.com/songys/Chatbot_data (MIT).
 *
 * @param text - The file's text.
 * @returns The pairs in file order.
 * @throws {@link @seq/core!index.SeqError} when the header is not `Q,A,label`, a record does not
 *   have three fields, a label is not 0, 1 or 2, or a quote is never closed (each with its line).
 * @example
 * ```ts
 * parseChatbotData('Q,A,label\r\n12시 땡!,하루가 또 가네요.,0\r\n');
 * // [{ question: '12시 땡!', answer: '하루가 또 가네요.', label: 0 }]
 * ```
 */
export function parseChatbotData(text: string): ChatbotPair[] {
  return parseChatbotDataWith(text, { owner: 'parseChatbotData', argument: 'text' });
}
