import { SeqError } from './seq-error.js';
import { assertNonNegativeInteger, assertPositiveInteger } from './validation.js';

const OWNER = 'SeededRandom';

/** What {@link SeededRandom.shuffle} takes: an array or a typed array. */
export interface MutableList {
  /** The number of items. */
  readonly length: number;
  /** The item at an index. */
  [index: number]: unknown;
}

/** The internal state of a {@link SeededRandom}: four 32-bit words. Save it to resume a run. */
export type SeededRandomState = readonly [number, number, number, number];

function splitMix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashString(text: string): number {
  // FNV-1a, 32 bits.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The seeded random source used wherever seq shuffles or samples, so that a run with the same
 * seed gives the same result on every machine and backend. The generator is xoshiro128**
 * (Blackman and Vigna, 2018), seeded through SplitMix32; it is fast, has a period of 2^128 - 1,
 * and its state can be saved and restored.
 *
 * @example
 * ```ts
 * const random = new SeededRandom(42);
 * random.next(); // a float in [0, 1)
 * random.shuffle([1, 2, 3, 4]); // the same order for seed 42, every time
 * tf.randomNormal([2, 2], 0, 1, 'float32', random.nextSeed()); // seeded tfjs op
 * ```
 */
export class SeededRandom {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /**
   * @param seed - A non-negative integer (up to 2^32 - 1 is used) or a string, which is hashed.
   * @throws {@link SeqError} when `seed` is neither.
   */
  constructor(seed: number | string) {
    let numeric: number;
    if (typeof seed === 'string') {
      numeric = hashString(seed);
    } else {
      assertNonNegativeInteger(OWNER, 'seed', seed);
      // Fold the high bits in, so that seeds above 2^32 (Date.now(), say) stay distinct.
      numeric = (seed % 2 ** 32) ^ Math.imul(Math.floor(seed / 2 ** 32), 0x9e3779b1);
    }
    const next = splitMix32(numeric);
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniformly distributed float in `[0, 1)`, with 53 random bits. */
  next(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /**
   * A uniformly distributed integer in `[0, maxExclusive)`, without modulo bias.
   *
   * @throws {@link SeqError} when `maxExclusive` is not a positive integer up to 2^32.
   */
  nextInt(maxExclusive: number): number {
    assertPositiveInteger(OWNER, 'maxExclusive', maxExclusive);
    if (maxExclusive > 2 ** 32) {
      throw new SeqError({
        owner: OWNER,
        argument: 'maxExclusive',
        expected: 'at most 2^32',
        received: maxExclusive,
      });
    }
    const limit = 2 ** 32 - (2 ** 32 % maxExclusive);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % maxExclusive;
  }

  /**
   * A normally distributed float (Marsaglia's polar method). The second variate of each pair is
   * discarded, so that {@link SeededRandom.getState} captures everything.
   */
  nextNormal(mean = 0, stddev = 1): number {
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    return mean + stddev * u * Math.sqrt((-2 * Math.log(s)) / s);
  }

  /** A seed for a tfjs random op (`tf.randomNormal(shape, mean, std, dtype, seed)`). */
  nextSeed(): number {
    return this.nextUint32();
  }

  /** Shuffles `items` (an array or a typed array) in place (Fisher-Yates) and returns it. */
  shuffle<A extends MutableList>(items: A): A {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of `0 .. n - 1`. */
  permutation(n: number): number[] {
    assertNonNegativeInteger(OWNER, 'n', n);
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /**
   * Draws an index with probability proportional to `weights[i]` (weights need not sum to 1).
   *
   * @throws {@link SeqError} when `weights` is empty, has a negative or non-finite entry, or sums
   *   to zero.
   */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number;
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new SeqError({
          owner: OWNER,
          argument: `weights[${i}]`,
          expected: 'a finite number >= 0',
          received: w,
        });
      }
      total += w;
    }
    if (!(total > 0) || !Number.isFinite(total)) {
      throw new SeqError({
        owner: OWNER,
        argument: 'weights',
        expected: 'a non-empty list with a positive, finite sum',
        receivedDescription: `${weights.length} weights summing to ${total}`,
      });
    }
    let target = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i] as number;
      if (target < 0) return i;
    }
    // Rounding can leave a tiny remainder: return the last index with a positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] as number) > 0) return i;
    return weights.length - 1;
  }

  /**
   * A new generator whose 128-bit state is drawn from this one, for an independent stream (one per
   * worker, say).
   */
  fork(): SeededRandom {
    let state: [number, number, number, number];
    do {
      state = [this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32()];
    } while (state.every((w) => w === 0));
    return SeededRandom.fromState(state);
  }

  /** The generator's state; pass it to {@link SeededRandom.fromState} to resume exactly here. */
  getState(): SeededRandomState {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /**
   * A generator that continues from a saved state.
   *
   * @throws {@link SeqError} when `state` is not four 32-bit unsigned integers, not all zero.
   */
  static fromState(state: SeededRandomState): SeededRandom {
    const valid =
      Array.isArray(state) &&
      state.length === 4 &&
      state.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32) &&
      state.some((w) => w !== 0);
    if (!valid) {
      throw new SeqError({
        owner: OWNER,
        argument: 'state',
        expected: 'four 32-bit unsigned integers, not all zero',
        received: state,
      });
    }
    const random = new SeededRandom(0);
    [random.s0, random.s1, random.s2, random.s3] = state;
    return random;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
