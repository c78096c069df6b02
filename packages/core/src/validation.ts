import { describeValue, formatShape } from './describe-value.js';
import { SeqError } from './seq-error.js';

/** Anything with a shape: a tensor or a symbolic tensor. */
export interface Shaped {
  /** The dimensions, `null` where unknown: `[batch, time, features]`. */
  readonly shape: ReadonlyArray<number | null>;
}

/** A tensor, a symbolic tensor, or anything else with a shape, or a shape itself. */
export type ShapeSource = ReadonlyArray<number | null> | Shaped;

function shapeOf(source: ShapeSource): ReadonlyArray<number | null> {
  return Array.isArray(source) ? source : (source as Shaped).shape;
}

function describeShape(source: ShapeSource): string {
  return Array.isArray(source) ? `shape ${formatShape(source)}` : describeValue(source);
}

/**
 * Checks that `value` is an integer greater than zero.
 *
 * @param owner - Who checks: the layer or function name used at the start of the message.
 * @param argument - The argument's name.
 * @param value - The value received.
 * @returns `value`, typed as a number.
 * @throws {@link SeqError} "`owner`: \``argument`\` must be a positive integer; received 0."
 * @example
 * ```ts
 * assertPositiveInteger('MultiHeadAttention', 'numHeads', 0);
 * // SeqError: MultiHeadAttention: `numHeads` must be a positive integer; received 0.
 * ```
 */
export function assertPositiveInteger(owner: string, argument: string, value: unknown): number {
  if (!Number.isInteger(value) || (value as number) <= 0) {
    throw new SeqError({ owner, argument, expected: 'a positive integer', received: value });
  }
  return value as number;
}

/**
 * Checks that `value` is an integer greater than or equal to zero.
 *
 * @returns `value`, typed as a number.
 * @throws {@link SeqError} "`owner`: \``argument`\` must be a non-negative integer; received -1."
 * @example
 * ```ts
 * assertNonNegativeInteger('timeseriesDataset', 'startIndex', -1); // throws
 * ```
 */
export function assertNonNegativeInteger(owner: string, argument: string, value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw new SeqError({ owner, argument, expected: 'a non-negative integer', received: value });
  }
  return value as number;
}

/** Bounds for {@link assertNumberInRange}; each end is open unless marked inclusive. */
export interface NumberRange {
  /** Lower bound. @defaultValue `-Infinity` */
  min?: number;
  /** Upper bound. @defaultValue `Infinity` */
  max?: number;
  /** Whether `min` itself is allowed. @defaultValue `true` */
  minInclusive?: boolean;
  /** Whether `max` itself is allowed. @defaultValue `true` */
  maxInclusive?: boolean;
}

/**
 * Checks that `value` is a finite number within a range, such as a dropout rate in `[0, 1)`.
 *
 * @returns `value`, typed as a number.
 * @throws {@link SeqError} "`owner`: \``argument`\` must be a number in [0, 1); received 1."
 * @example
 * ```ts
 * assertNumberInRange('Attention', 'dropout', 1, { min: 0, max: 1, maxInclusive: false }); // throws
 * ```
 */
export function assertNumberInRange(
  owner: string,
  argument: string,
  value: unknown,
  range: NumberRange = {},
): number {
  const { min = -Infinity, max = Infinity, minInclusive = true, maxInclusive = true } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (minInclusive ? value >= min : value > min) &&
    (maxInclusive ? value <= max : value < max);
  if (!ok) {
    let expected = 'a finite number';
    if (min !== -Infinity && max !== Infinity) {
      expected = `a number in ${minInclusive ? '[' : '('}${min}, ${max}${maxInclusive ? ']' : ')'}`;
    } else if (min !== -Infinity) {
      expected = `a number ${minInclusive ? '>=' : '>'} ${min}`;
    } else if (max !== Infinity) {
      expected = `a number ${maxInclusive ? '<=' : '<'} ${max}`;
    }
    throw new SeqError({ owner, argument, expected, received: value });
  }
  return value as number;
}

/**
 * Checks that `value` is a boolean.
 *
 * @returns `value`, typed as a boolean.
 * @throws {@link SeqError} "`owner`: \``argument`\` must be a boolean; received "yes"."
 * @example
 * ```ts
 * assertBoolean('GRU', 'resetAfter', 'yes'); // throws
 * ```
 */
export function assertBoolean(owner: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new SeqError({ owner, argument, expected: 'a boolean', received: value });
  }
  return value;
}

/**
 * Checks that `value` is one of a fixed set of values (an enum-like option).
 *
 * @returns `value`, narrowed to the allowed values' type.
 * @throws {@link SeqError} "`owner`: \``argument`\` must be one of "dot", "concat"; received "add"."
 * @example
 * ```ts
 * const mode = assertOneOf('Attention', 'scoreMode', 'add', ['dot', 'concat'] as const); // throws
 * ```
 */
export function assertOneOf<const T>(
  owner: string,
  argument: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (!allowed.includes(value as T)) {
    const expected = `one of ${allowed.map((v) => describeValue(v)).join(', ')}`;
    throw new SeqError({ owner, argument, expected, received: value });
  }
  return value as T;
}

/**
 * Checks the rank (number of dimensions) of a tensor or shape.
 *
 * @param rank - The allowed rank, or a list of allowed ranks.
 * @param meaning - How the dimensions read, shown in the message, e.g. `'[batch, time, features]'`.
 * @throws {@link SeqError} "`owner`: \``argument`\` must be a tensor of rank 3 ([batch, time,
 *   features]); received a float32 tensor of shape [2, 5]."
 * @example
 * ```ts
 * assertRank('GRU', 'inputs', tf.zeros([2, 5]), 3, '[batch, time, features]'); // throws
 * ```
 */
export function assertRank(
  owner: string,
  argument: string,
  source: ShapeSource,
  rank: number | readonly number[],
  meaning?: string,
): void {
  const ranks = typeof rank === 'number' ? [rank] : rank;
  const shape = shapeOf(source);
  if (!ranks.includes(shape.length)) {
    const rankText = ranks.length === 1 ? `rank ${ranks[0]}` : `rank ${ranks.join(' or ')}`;
    const expected = `a tensor of ${rankText}${meaning ? ` (${meaning})` : ''}`;
    throw new SeqError({ owner, argument, expected, receivedDescription: describeShape(source) });
  }
}

/**
 * Checks a tensor's (or shape's) dimensions; `null` in `expected` accepts any size, and a `null`
 * (unknown) size in the received shape is accepted anywhere.
 *
 * @param expected - The expected shape, `null` where any size will do.
 * @param meaning - How the dimensions read, shown in the message, e.g. `'[batch, time]'`.
 * @throws {@link SeqError} "`owner`: \``argument`\` must be a tensor of shape [*, 5] ([batch, time]);
 *   received a float32 tensor of shape [2, 4]."
 * @example
 * ```ts
 * assertShape('Attention', 'mask', tf.ones([2, 4]), [null, 5], '[batch, time]'); // throws
 * ```
 */
export function assertShape(
  owner: string,
  argument: string,
  source: ShapeSource,
  expected: ReadonlyArray<number | null>,
  meaning?: string,
): void {
  const shape = shapeOf(source);
  const ok =
    shape.length === expected.length &&
    expected.every((d, i) => d === null || shape[i] === null || shape[i] === d);
  if (!ok) {
    throw new SeqError({
      owner,
      argument,
      expected: `a tensor of shape ${formatShape(expected)}${meaning ? ` (${meaning})` : ''}`,
      receivedDescription: describeShape(source),
    });
  }
}
