import { SeededRandom } from '@seq/core';

/** Indices of the training, validation and test reviews. */
export interface ReviewSplit {
  train: number[];
  valid: number[];
  test: number[];
}

/**
 * Splits `count` examples at random (seeded) into training, validation and test parts, stratified
 * by label so that each part keeps the classes' proportions: of each class, `Math.round(n *
 * validation)` go to validation, as many for `test`, the rest to training. Each part is in a seeded
 * random order.
 *
 * @throws Error for fractions outside `[0, 1)` or adding up to 1 or more.
 */
export function splitReviews(
  labels: ArrayLike<number>,
  fractions: { validation: number; test: number },
  seed: number,
): ReviewSplit {
  const { validation, test } = fractions;
  if (!(validation >= 0 && test >= 0 && validation + test < 1)) {
    throw new Error(
      `splitReviews: the validation and test fractions must be >= 0 and add up to less than 1; received ${validation} and ${test}`,
    );
  }
  const random = new SeededRandom(`${seed}/split`);
  const split: ReviewSplit = { train: [], valid: [], test: [] };
  const classes = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  for (const label of classes) {
    const members: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === label) members.push(i);
    random.shuffle(members);
    const nValid = Math.round(members.length * validation);
    const nTest = Math.round(members.length * test);
    split.valid.push(...members.slice(0, nValid));
    split.test.push(...members.slice(nValid, nValid + nTest));
    split.train.push(...members.slice(nValid + nTest));
  }
  random.shuffle(split.train);
  random.shuffle(split.valid);
  random.shuffle(split.test);
  return split;
}
