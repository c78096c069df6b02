import { assertOneOf, assertPositiveInteger, SeqError } from '@seq/core';

/**
 * A sentence for {@link corpusBleu}: a string, split on whitespace (`text.trim().split(/\s+/)`;
 * an empty or blank string has no tokens), or a list of tokens (words or token ids). A number
 * token and a string token never match (`1` is not `'1'`), as in Python.
 */
export type BleuSentence = string | ReadonlyArray<string | number>;

/** How {@link corpusBleu} replaces an n-gram precision with no match (NLTK's `SmoothingFunction`). */
export type BleuSmoothing = 'none' | 'epsilon' | 'add-one' | 'exponential';

/** Options of {@link corpusBleu} and {@link sentenceBleu}. */
export interface BleuOptions {
  /** The longest n-gram counted (BLEU-4 counts 1- to 4-grams). @defaultValue `weights.length`, or `4` */
  maxOrder?: number;
  /**
   * One weight per n-gram order, `[w1, ..., wMaxOrder]`: non-negative, with a positive sum. An order
   * with weight 0 is left out of the geometric mean.
   * @defaultValue uniform, `1 / maxOrder` each
   */
  weights?: readonly number[];
  /**
   * What a precision with no clipped match becomes (Chen & Cherry 2014, as NLTK 3.8 numbers them):
   * `'none'`: the score is 0; `'epsilon'` (NLTK `method1`): `0.1 / denominator`; `'add-one'` (NLTK
   * `method2`): `(matches + 1) / (denominator + 1)` for every order from 2 on, matched or not;
   * `'exponential'` (NLTK `method3`, NIST): the k-th order without a match gets
   * `1 / (2^k * denominator)`. None of them rescues a corpus without a single unigram match.
   * @defaultValue `'none'`
   */
  smoothing?: BleuSmoothing;
}

const SMOOTHINGS = ['none', 'epsilon', 'add-one', 'exponential'] as const;
const SENTENCE = 'a string or an array of string or number tokens';

/** The tokens of a sentence, each encoded so that joining them with ',' is unambiguous. */
function tokenKeys(owner: string, argument: string, sentence: unknown): string[] {
  if (typeof sentence === 'string') {
    const text = sentence.trim();
    return text === '' ? [] : text.split(/\s+/).map((t) => JSON.stringify(t));
  }
  if (
    Array.isArray(sentence) &&
    sentence.every((t) => typeof t === 'string' || (typeof t === 'number' && Number.isFinite(t)))
  ) {
    return sentence.map((t) => JSON.stringify(t));
  }
  throw new SeqError({ owner, argument, expected: SENTENCE, received: sentence });
}

function ngramCounts(keys: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= keys.length; i++) {
    const gram = keys.slice(i, i + n).join(',');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** The correctly rounded sum of `values` (Shewchuk's algorithm, as Python's `math.fsum`). */
function exactSum(values: readonly number[]): number {
  const partials: number[] = [];
  for (let x of values) {
    let kept = 0;
    for (const p of partials) {
      let y = p;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[kept++] = lo;
      x = hi;
    }
    partials.length = kept;
    partials.push(x);
  }
  return partials.reduce((a, b) => a + b, 0);
}

function resolveOptions(owner: string, options: BleuOptions) {
  const maxOrder = assertPositiveInteger(
    owner,
    'maxOrder',
    options.maxOrder ?? options.weights?.length ?? 4,
  );
  const weights = options.weights ?? Array.from({ length: maxOrder }, () => 1 / maxOrder);
  if (!Array.isArray(weights) || weights.length !== maxOrder) {
    throw new SeqError({
      owner,
      argument: 'weights',
      expected: `an array of ${maxOrder} weights, one per n-gram order up to maxOrder`,
      received: weights,
    });
  }
  const valid = weights.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0);
  if (!valid || !(weights.reduce((a, b) => a + b, 0) > 0)) {
    throw new SeqError({
      owner,
      argument: 'weights',
      expected: 'non-negative finite numbers with a positive sum',
      received: weights,
    });
  }
  const smoothing = assertOneOf(owner, 'smoothing', options.smoothing ?? 'none', SMOOTHINGS);
  return { maxOrder, weights: weights as readonly number[], smoothing };
}

function bleu(
  owner: string,
  hypotheses: unknown,
  references: unknown,
  options: BleuOptions,
): number {
  if (!Array.isArray(hypotheses)) {
    throw new SeqError({
      owner,
      argument: 'hypotheses',
      expected: `an array of sentences (${SENTENCE})`,
      received: hypotheses,
    });
  }
  if (!Array.isArray(references) || references.length !== hypotheses.length) {
    throw new SeqError({
      owner,
      argument: 'references',
      expected: `one array of references per hypothesis (${hypotheses.length})`,
      received: references,
    });
  }
  const { maxOrder, weights, smoothing } = resolveOptions(owner, options);
  const sentences = hypotheses.map((hypothesis, i) => {
    const refs: unknown = references[i];
    if (!Array.isArray(refs) || refs.length === 0) {
      throw new SeqError({
        owner,
        argument: `references[${i}]`,
        expected: 'a non-empty array of references',
        received: refs,
      });
    }
    return {
      hypothesis: tokenKeys(owner, `hypotheses[${i}]`, hypothesis),
      references: refs.map((r, j) => tokenKeys(owner, `references[${i}][${j}]`, r)),
    };
  });

  const matches = new Array<number>(maxOrder).fill(0); // clipped n-gram matches, per order
  const totals = new Array<number>(maxOrder).fill(0); // hypothesis n-grams (at least 1 a sentence)
  let hypothesisLength = 0; // c
  let referenceLength = 0; // r
  for (const { hypothesis, references: refs } of sentences) {
    for (let n = 1; n <= maxOrder; n++) {
      const counts = ngramCounts(hypothesis, n);
      const maxRefCounts = new Map<string, number>();
      for (const ref of refs) {
        for (const [gram, count] of ngramCounts(ref, n)) {
          if (counts.has(gram))
            maxRefCounts.set(gram, Math.max(maxRefCounts.get(gram) ?? 0, count));
        }
      }
      let clipped = 0;
      for (const [gram, count] of counts) clipped += Math.min(count, maxRefCounts.get(gram) ?? 0);
      matches[n - 1] = (matches[n - 1] ?? 0) + clipped;
      totals[n - 1] = (totals[n - 1] ?? 0) + Math.max(1, hypothesis.length - n + 1);
    }
    const c = hypothesis.length;
    hypothesisLength += c;
    // The closest reference length, the shorter one on a tie.
    referenceLength += refs
      .map((r) => r.length)
      .reduce((best, len) =>
        Math.abs(len - c) < Math.abs(best - c) ||
        (Math.abs(len - c) === Math.abs(best - c) && len < best)
          ? len
          : best,
      );
  }
  if (hypothesisLength === 0 || matches[0] === 0) return 0;

  const logTerms: number[] = [];
  let zeroOrders = 0;
  for (let i = 0; i < maxOrder; i++) {
    const matched = matches[i] as number;
    const total = totals[i] as number;
    let precision: number;
    if (smoothing === 'add-one' && i > 0) precision = (matched + 1) / (total + 1);
    else if (matched > 0) precision = matched / total;
    else if (smoothing === 'epsilon') precision = 0.1 / total;
    else if (smoothing === 'exponential') precision = 1 / (2 ** ++zeroOrders * total);
    else precision = 0;
    const weight = weights[i] as number;
    if (weight === 0) continue;
    if (precision === 0) return 0;
    logTerms.push(weight * Math.log(precision));
  }
  const brevityPenalty =
    hypothesisLength > referenceLength ? 1 : Math.exp(1 - referenceLength / hypothesisLength);
  return brevityPenalty * Math.exp(exactSum(logTerms));
}

/**
 * Corpus BLEU (Papineni et al. 2002), exactly as NLTK 3.8's `corpus_bleu`: for each order n up to
 * `maxOrder`, the clipped n-gram matches (a hypothesis n-gram counts at most as often as in the
 * reference that has it most) and the hypothesis n-grams (at least 1 per sentence) are each summed
 * over the corpus, then divided: `p_n`. The score is `BP * exp(sum_n w_n * log p_n)`, with the
 * brevity penalty `BP = exp(1 - r / c)` when `c <= r` (else 1), `c` the total hypothesis length and
 * `r` the sum of each sentence's closest reference length (the shorter one on a tie).
 *
 * It is 0 when the corpus has no unigram match (an empty hypothesis corpus included) and, without
 * smoothing, when some order with a positive weight has no match (NLTK returns a tiny positive
 * number there, about `1e-78` with 4 orders; this returns exactly 0).
 *
 * @param hypotheses - The system outputs, one sentence each.
 * @param references - For each hypothesis, its one or more reference sentences.
 * @param options - Order, weights and smoothing.
 * @returns The BLEU score, in `[0, 1]` (not multiplied by 100).
 * @throws {@link @seq/core!index.SeqError} when `references` has not one non-empty array per
 *   hypothesis, a sentence is neither a string nor a token array, `maxOrder` is not a positive
 *   integer, `weights` has not `maxOrder` non-negative entries with a positive sum, or `smoothing`
 *   is unknown.
 * @example
 * ```ts
 * corpusBleu(
 *   ['the cat sat on the mat', 'a dog barked'],
 *   [['the cat sat on a mat', 'there is a cat on the mat'], ['a dog barked loudly']],
 * ); // 0.5810...
 * ```
 */
export function corpusBleu(
  hypotheses: readonly BleuSentence[],
  references: ReadonlyArray<readonly BleuSentence[]>,
  options: BleuOptions = {},
): number {
  return bleu('corpusBleu', hypotheses, references, options);
}

/**
 * BLEU of one hypothesis against its references: {@link corpusBleu} of a one-sentence corpus (as
 * NLTK's `sentence_bleu`). Short sentences often have no 4-gram match; use a smoothing then.
 *
 * @param hypothesis - The system output.
 * @param references - One or more reference sentences.
 * @param options - Order, weights and smoothing.
 * @returns The BLEU score, in `[0, 1]`.
 * @throws {@link @seq/core!index.SeqError} when `references` is empty or an option is invalid (see
 *   {@link corpusBleu}).
 * @example
 * ```ts
 * sentenceBleu('the cat sat on the mat', ['the cat sat on a mat']); // 0.5372...
 * ```
 */
export function sentenceBleu(
  hypothesis: BleuSentence,
  references: readonly BleuSentence[],
  options: BleuOptions = {},
): number {
  if (!Array.isArray(references) || references.length === 0) {
    throw new SeqError({
      owner: 'sentenceBleu',
      argument: 'references',
      expected: 'a non-empty array of references',
      received: references,
    });
  }
  return bleu('sentenceBleu', [hypothesis], [references], options);
}
