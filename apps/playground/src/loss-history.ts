import type { ChartPoint } from './chart-point.js';

/**
 * The losses of a training run as chart points, added as they come: every batch's loss (series
 * `batch`, at `epoch + (batch + 1) / batchesPerEpoch`), and every epoch's mean training loss and
 * validation loss (series `training` and `validation`, at `epoch + 1`).
 */
export class LossHistory {
  /** Every point so far, in the order added. */
  readonly points: ChartPoint[] = [];
  /** The mean training loss of each finished epoch. */
  readonly epochLosses: number[] = [];

  constructor(private readonly batchesPerEpoch: number) {}

  /** Adds a batch's loss. */
  addBatch(epoch: number, batch: number, loss: number): void {
    if (!Number.isFinite(loss)) return;
    this.points.push({ x: epoch + (batch + 1) / this.batchesPerEpoch, y: loss, series: 'batch' });
  }

  /** Adds an epoch's mean training loss and its validation loss (`null`: none). */
  addEpoch(epoch: number, loss: number, validationLoss: number | null): void {
    this.epochLosses.push(loss);
    this.points.push({ x: epoch + 1, y: loss, series: 'training' });
    if (validationLoss !== null && Number.isFinite(validationLoss)) {
      this.points.push({ x: epoch + 1, y: validationLoss, series: 'validation' });
    }
  }

  /** Whether the last epoch's training loss is below the first's (needs two epochs). */
  improved(): boolean {
    const first = this.epochLosses[0];
    const last = this.epochLosses[this.epochLosses.length - 1];
    return this.epochLosses.length > 1 && first !== undefined && last !== undefined && last < first;
  }
}

/** The series of a loss chart, with their colours. */
export const LOSS_SERIES = [
  { name: 'batch', color: '#9ecae1' },
  { name: 'training', color: '#1f77b4' },
  { name: 'validation', color: '#ff7f0e', dashed: true },
];
