import type { CodeWindows } from './code-windows.js';

/** A baseline's scores on the validation targets. */
export interface BaselineScore {
  name: string;
  /** Mean cross-entropy of the next code, in nats (`null` for a predictor without probabilities). */
  loss: number | null;
  /** How often its most likely code is the next code. */
  accuracy: number;
}

function argmax(values: ArrayLike<number>, offset = 0, length = values.length): number {
  let best = 0;
  for (let i = 1; i < length; i++) {
    if ((values[offset + i] as number) > (values[offset + best] as number)) best = i;
  }
  return best;
}

/**
 * What a model must beat, scored on the same validation targets as the WaveNet:
 *
 * - `uniform`: every one of the `classes` codes equally likely (`ln classes` nats);
 * - `unigram`: the codes' frequencies in the training targets (add-one smoothed): the entropy of
 *   the clip's code histogram;
 * - `previous code`: the next code equals the current one (no probabilities);
 * - `bigram`: the frequencies of the next code after each code in the training windows, with the
 *   unigram as a prior of weight 1, `P(next | code) = (n(code, next) + P(next)) / (n(code) + 1)`.
 */
export function codeBaselines(
  train: CodeWindows,
  valid: CodeWindows,
  classes = 256,
): BaselineScore[] {
  const unigram = new Float64Array(classes).fill(1);
  const pairs = new Float64Array(classes * classes); // [code, next]
  const after = new Float64Array(classes);
  for (let i = 0; i < train.targets.length; i++) {
    const code = train.inputs[i] as number;
    const next = train.targets[i] as number;
    unigram[next] = (unigram[next] as number) + 1;
    pairs[code * classes + next] = (pairs[code * classes + next] as number) + 1;
    after[code] = (after[code] as number) + 1;
  }
  const total = unigram.reduce((sum, n) => sum + n, 0);
  const prior = unigram.map((n) => n / total);
  const mostFrequent = argmax(prior);
  const bestAfter = Array.from({ length: classes }, (_, code) =>
    (after[code] as number) > 0 ? argmax(pairs, code * classes, classes) : mostFrequent,
  );
  const n = valid.targets.length;
  let unigramLoss = 0;
  let bigramLoss = 0;
  const hits = { unigram: 0, previous: 0, bigram: 0 };
  for (let i = 0; i < n; i++) {
    const code = valid.inputs[i] as number;
    const next = valid.targets[i] as number;
    unigramLoss -= Math.log(prior[next] as number);
    const p =
      ((pairs[code * classes + next] as number) + (prior[next] as number)) /
      ((after[code] as number) + 1);
    bigramLoss -= Math.log(p);
    if (next === mostFrequent) hits.unigram++;
    if (next === code) hits.previous++;
    if (next === bestAfter[code]) hits.bigram++;
  }
  const mean = (value: number) => (n > 0 ? value / n : Number.NaN);
  return [
    { name: 'uniform', loss: Math.log(classes), accuracy: 1 / classes },
    { name: 'unigram', loss: mean(unigramLoss), accuracy: mean(hits.unigram) },
    { name: 'previous code', loss: null, accuracy: mean(hits.previous) },
    { name: 'bigram', loss: mean(bigramLoss), accuracy: mean(hits.bigram) },
  ];
}
