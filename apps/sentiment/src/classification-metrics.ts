/** A 2×2 confusion matrix: `matrix[actual][predicted]`, 0 = negative, 1 = positive. */
export type ConfusionMatrix = [[number, number], [number, number]];

/** Accuracy, precision, recall and F1 of the positive class, with the confusion matrix. */
export interface ClassificationMetrics {
  examples: number;
  accuracy: number;
  /** Of the reviews predicted positive, the share that are (NaN when none is predicted positive). */
  precision: number;
  /** Of the positive reviews, the share predicted positive (NaN when there is none). */
  recall: number;
  /** The harmonic mean of precision and recall (0 when both are 0, NaN when undefined). */
  f1: number;
  /** `confusion[actual][predicted]`. */
  confusion: ConfusionMatrix;
  /** Mean binary cross-entropy of the probabilities (nats). */
  loss: number;
}

/**
 * Counts a binary confusion matrix: `matrix[actual][predicted]`.
 *
 * @throws Error when the lengths differ or a value is not 0 or 1.
 */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
): ConfusionMatrix {
  if (labels.length !== predictions.length) {
    throw new Error(
      `confusionMatrix: ${labels.length} labels but ${predictions.length} predictions`,
    );
  }
  const matrix: ConfusionMatrix = [
    [0, 0],
    [0, 0],
  ];
  for (let i = 0; i < labels.length; i++) {
    const actual = labels[i];
    const predicted = predictions[i];
    if ((actual !== 0 && actual !== 1) || (predicted !== 0 && predicted !== 1)) {
      throw new Error(
        `confusionMatrix: labels and predictions must be 0 or 1; received ${actual} and ${predicted} at ${i}`,
      );
    }
    matrix[actual][predicted]++;
  }
  return matrix;
}

/**
 * Scores positive-class probabilities against 0/1 labels, thresholding at `threshold`: accuracy,
 * precision, recall and F1 of the positive class, the confusion matrix and the cross-entropy.
 */
export function classificationMetrics(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  threshold = 0.5,
): ClassificationMetrics {
  const predictions = Array.from(probabilities, (p) => (p >= threshold ? 1 : 0));
  const confusion = confusionMatrix(labels, predictions);
  const [[tn, fp], [fn, tp]] = confusion;
  const examples = labels.length;
  const precision = tp + fp === 0 ? Number.NaN : tp / (tp + fp);
  const recall = tp + fn === 0 ? Number.NaN : tp / (tp + fn);
  const f1 =
    Number.isNaN(precision) || Number.isNaN(recall)
      ? Number.NaN
      : precision + recall === 0
        ? 0
        : (2 * precision * recall) / (precision + recall);
  let loss = 0;
  const eps = 1e-7;
  for (let i = 0; i < examples; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i] as number));
    loss -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return {
    examples,
    accuracy: examples === 0 ? Number.NaN : (tn + tp) / examples,
    precision,
    recall,
    f1,
    confusion,
    loss: examples === 0 ? Number.NaN : loss / examples,
  };
}
