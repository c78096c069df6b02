import { SeqError } from '@seq/core';

/** A line of a text file and its number, counted from 1. @internal */
export interface NumberedLine {
  /** The line, without its line ending. */
  text: string;
  /** Its line number, from 1. */
  line: number;
}

/**
 * Splits text into lines (LF or CRLF), numbered from 1, dropping a leading byte-order mark and
 * blank lines (a blank line keeps its number: the next line's number is still its line in the file).
 * @internal
 */
export function numberedLines(text: string): NumberedLine[] {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const out: NumberedLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length > 0) out.push({ text: line, line: i + 1 });
  }
  return out;
}

/** Where a parser reports an error: who, and which argument held the text. @internal */
export interface ParseContext {
  /** The function named in messages, e.g. `'parseNsmc'` or `'loadNsmc'`. */
  owner: string;
  /** The argument the text came from: `'text'`, `'path'` or `'url'`. */
  argument: string;
}

const MAX_SHOWN = 60;

/**
 * The error for a malformed line: "Owner: `path` must be EXPECTED; received line 17: "...".".
 * @internal
 */
export function lineError(
  context: ParseContext,
  expected: string,
  line: number,
  shown: string,
): SeqError {
  const text = shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN)}...` : shown;
  return new SeqError({
    owner: context.owner,
    argument: context.argument,
    expected,
    receivedDescription: `line ${line}: ${JSON.stringify(text)}`,
  });
}

/**
 * Checks that parser input is a string.
 * @internal
 */
export function assertText(context: ParseContext, text: unknown, expected: string): string {
  if (typeof text !== 'string') {
    throw new SeqError({
      owner: context.owner,
      argument: context.argument,
      expected,
      received: text,
    });
  }
  return text;
}
