import { assertNumberInRange, assertPositiveInteger, SeqError } from '@seq/core';

/** Options of {@link chrF} and {@link sentenceChrF}. */
export interface ChrFOptions {
  /** The longest character n-gram counted. @defaultValue `6` */
  charOrder?: number;
  /** How many times more recall weighs than precision (the F-beta's beta), above 0. @defaultValue `2` */
  beta?: number;
}

/** Per order `n - 1`: `[hypothesis n-grams, reference n-grams, clipped matches]`. */
type Statistics = Array<[number, number, number]>;

function charNgrams(text: string, charOrder: number): Array<Map<string, number>> {
  const chars = Array.from(text.replace(/\s+/g, '')); // Unicode code points, whitespace removed
  return Array.from({ length: charOrder }, (_, i) => {
    const n = i + 1;
    const counts = new Map<string, number>();
    for (let j = 0; j + n <= chars.length; j++) {
      const gram = chars.slice(j, j + n).join('');
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
    return counts;
  });
}

function matchStatistics(
  hypothesis: Array<Map<string, number>>,
  reference: Array<Map<string, number>>,
): Statistics {
  return hypothesis.map((hyp, i) => {
    const ref = reference[i] as Map<string, number>;
    let hypCount = 0;
    let matches = 0;
    for (const [gram, count] of hyp) {
      hypCount += count;
      matches += Math.min(count, ref.get(gram) ?? 0);
    }
    let refCount = 0;
    for (const count of ref.values()) refCount += count;
    // As sacrebleu: an order the reference is too short for counts no hypothesis n-grams either.
    return [ref.size > 0 ? hypCount : 0, refCount, matches];
  });
}

function fScore(statistics: Statistics, beta: number): number {
  let precision = 0;
  let recall = 0;
  let effectiveOrder = 0;
  for (const [hyp, ref, matches] of statistics) {
    if (hyp > 0 && ref > 0) {
      precision += matches / hyp;
      recall += matches / ref;
      effectiveOrder += 1;
    }
  }
  if (effectiveOrder === 0) return 0;
  precision /= effectiveOrder;
  recall /= effectiveOrder;
  if (precision + recall === 0) return 0;
  const factor = beta ** 2;
  return ((1 + factor) * precision * recall) / (factor * precision + recall);
}

function computeChrF(
  owner: string,
  hypotheses: unknown,
  references: unknown,
  options: ChrFOptions,
): number {
  if (!Array.isArray(hypotheses) || !hypotheses.every((h) => typeof h === 'string')) {
    throw new SeqError({
      owner,
      argument: 'hypotheses',
      expected: 'an array of strings',
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
  references.forEach((refs: unknown, i) => {
    if (!Array.isArray(refs) || refs.length === 0 || !refs.every((r) => typeof r === 'string')) {
      throw new SeqError({
        owner,
        argument: `references[${i}]`,
        expected: 'a non-empty array of reference strings',
        received: refs,
      });
    }
  });
  const charOrder = assertPositiveInteger(owner, 'charOrder', options.charOrder ?? 6);
  const beta = assertNumberInRange(owner, 'beta', options.beta ?? 2, {
    min: 0,
    minInclusive: false,
  });

  const totals: Statistics = Array.from({ length: charOrder }, () => [0, 0, 0]);
  hypotheses.forEach((hypothesis: string, i) => {
    const hypNgrams = charNgrams(hypothesis, charOrder);
    let best: Statistics = [];
    let bestScore = -1;
    for (const reference of references[i] as string[]) {
      const statistics = matchStatistics(hypNgrams, charNgrams(reference, charOrder));
      const score = fScore(statistics, beta);
      if (score > bestScore) [best, bestScore] = [statistics, score]; // the first best on a tie
    }
    best.forEach((stat, n) => {
      const total = totals[n] as [number, number, number];
      for (let k = 0; k < 3; k++) total[k] = (total[k] as number) + (stat[k] as number);
    });
  });
  return fScore(totals, beta);
}

/**
 * Corpus chrF (Popović 2015): the character n-gram F-score, as sacrebleu 2.x `CHRF` computes it
 * with its defaults (`char_order=6, word_order=0, beta=2, whitespace=False, lowercase=False,
 * eps_smoothing=False`), but in `[0, 1]` instead of sacrebleu's `[0, 100]`.
 *
 * What is computed: whitespace (JavaScript `\s`) is removed from each sentence and character
 * n-grams are taken by Unicode code point, for `n = 1..charOrder`. For each hypothesis and each of
 * its references, three counts per order: hypothesis n-grams (0 when the reference has no n-gram of
 * that order), reference n-grams, and matches (each n-gram counted at most as often as on the
 * other side); the reference with the highest sentence-level score (below) is kept, the first on a
 * tie. The kept counts are summed over the corpus per order. Then, over the orders where both
 * totals are positive (the "effective order"), the precisions `matches / hypothesis n-grams` and
 * recalls `matches / reference n-grams` are each averaged to `P` and `R`, and the score is
 * `(1 + beta²) P R / (beta² P + R)`: 0 when no order is effective or `P + R = 0`.
 *
 * NLTK's `corpus_chrf` differs and gives other numbers: it takes an F-score per order and
 * sentence and averages those (as sacrebleu does only with `eps_smoothing=True`), and its default
 * beta is 3.
 *
 * @param hypotheses - The system outputs, one string each.
 * @param references - For each hypothesis, its one or more reference strings.
 * @param options - Character n-gram order and beta.
 * @returns The chrF score, in `[0, 1]`.
 * @throws {@link @seq/core!index.SeqError} when `references` has not one non-empty array of
 *   strings per hypothesis, a hypothesis is not a string, `charOrder` is not a positive integer or
 *   `beta` is not a number above 0.
 * @example
 * ```ts
 * chrF(
 *   ['The relationship between Obama and Netanyahu is not exactly friendly.'],
 *   [['The ties between Obama and Netanyahu are not particularly friendly.']],
 * ); // 0.6157... (sacrebleu: 61.576...)
 * ```
 */
export function chrF(
  hypotheses: readonly string[],
  references: ReadonlyArray<readonly string[]>,
  options: ChrFOptions = {},
): number {
  return computeChrF('chrF', hypotheses, references, options);
}

/**
 * chrF of one hypothesis against its references: {@link chrF} of a one-sentence corpus (as
 * sacrebleu's `sentence_score`); with several references the best-scoring one counts.
 *
 * @param hypothesis - The system output.
 * @param references - One or more reference strings.
 * @param options - Character n-gram order and beta.
 * @returns The chrF score, in `[0, 1]`.
 * @throws {@link @seq/core!index.SeqError} when `references` is empty or an option is invalid (see
 *   {@link chrF}).
 * @example
 * ```ts
 * sentenceChrF('ab', ['abc'], { charOrder: 2 }); // 7 / 11: P = (2/2 + 1/1) / 2, R = (2/3 + 1/2) / 2
 * ```
 */
export function sentenceChrF(
  hypothesis: string,
  references: readonly string[],
  options: ChrFOptions = {},
): number {
  if (typeof hypothesis !== 'string') {
    throw new SeqError({
      owner: 'sentenceChrF',
      argument: 'hypothesis',
      expected: 'a string',
      received: hypothesis,
    });
  }
  if (!Array.isArray(references) || references.length === 0) {
    throw new SeqError({
      owner: 'sentenceChrF',
      argument: 'references',
      expected: 'a non-empty array of reference strings',
      received: references,
    });
  }
  return computeChrF('sentenceChrF', [hypothesis], [references], options);
}
