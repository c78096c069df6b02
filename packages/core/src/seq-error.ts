import { describeValue } from './describe-value.js';

const MARKER = Symbol.for('@seq/core.SeqError');

/** What a {@link SeqError} is built from. */
export interface SeqErrorOptions {
  /** Who rejected the value: a layer, function or class name, e.g. `'MultiHeadAttention'`. */
  owner: string;
  /** The argument (or option) that was wrong, e.g. `'numHeads'`. */
  argument: string;
  /** What was expected, as a phrase that follows "must be": `'a positive integer'`. */
  expected: string;
  /** The value that was received; it is described in the message, not kept by reference. */
  received?: unknown;
  /**
   * How to describe the received value, when the automatic description is not the useful one
   * (for example `'shape [2, 5]'`).
   */
  receivedDescription?: string;
  /** The error that led to this one, if any. */
  cause?: unknown;
}

/**
 * The one error type of seq: bad input, an impossible configuration or a broken file, always
 * with the argument at fault, what was expected and what was received.
 *
 * The message reads: "MultiHeadAttention: `numHeads` must be a positive integer; received 0."
 * Recognise it with {@link SeqError.isInstance}, which works across two installed copies of
 * `@seq/core` (where `instanceof` does not).
 *
 * @example
 * ```ts
 * try {
 *   assertPositiveInteger('MultiHeadAttention', 'numHeads', 0);
 * } catch (e) {
 *   if (SeqError.isInstance(e)) console.log(e.argument, e.expected, e.received);
 * }
 * ```
 */
export class SeqError extends Error {
  /** Who rejected the value. */
  readonly owner: string;
  /** The argument (or option) at fault. */
  readonly argument: string;
  /** What was expected, as a phrase that follows "must be". */
  readonly expected: string;
  /** A short description of what was received, as it appears in the message. */
  readonly received: string;
  constructor(options: SeqErrorOptions) {
    const received = options.receivedDescription ?? describeValue(options.received);
    super(
      `${options.owner}: \`${options.argument}\` must be ${options.expected}; received ${received}.`,
      {
        cause: options.cause,
      },
    );
    this.name = 'SeqError';
    this.owner = options.owner;
    this.argument = options.argument;
    this.expected = options.expected;
    this.received = received;
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** Whether `error` is a {@link SeqError}, from this copy of `@seq/core` or any other. */
  static isInstance(error: unknown): error is SeqError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as { [MARKER]?: unknown })[MARKER] === true
    );
  }
}
