import cliProgress from 'cli-progress';
import { formatNumber } from './format-table.js';

/** A log value tfjs reports: a number, or a scalar tensor in some versions. */
function numeric(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/**
 * Shows training progress: in a terminal, a progress bar over every batch of every epoch with the
 * loss, the epoch and the ETA (cli-progress); elsewhere (pipes, CI, tests), one line per epoch.
 */
export class TrainingProgress {
  private bar: cliProgress.SingleBar | null = null;
  private started = 0;
  private readonly interactive: boolean;

  constructor(
    private readonly label: string,
    private readonly epochs: number,
    private readonly batchesPerEpoch: number,
    private readonly firstEpoch: number,
    stream: NodeJS.WriteStream = process.stdout,
  ) {
    this.interactive = stream.isTTY === true;
    if (this.interactive) {
      this.bar = new cliProgress.SingleBar(
        {
          format: `${label.padEnd(14)} {bar} {percentage}% | epoch {epoch}/${epochs} | loss {loss} | ETA {eta_formatted}`,
          barsize: 24,
          hideCursor: true,
          etaBuffer: 50,
          stream,
        },
        cliProgress.Presets.shades_classic,
      );
    }
  }

  /** Starts the bar (or notes the time). */
  start(): void {
    this.started = Date.now();
    const total = (this.epochs - this.firstEpoch) * this.batchesPerEpoch;
    this.bar?.start(Math.max(total, 1), 0, { epoch: this.firstEpoch + 1, loss: '-' });
  }

  /** After each batch: moves the bar. */
  batch(epoch: number, batch: number, logs: Record<string, unknown> | undefined): void {
    const done = (epoch - this.firstEpoch) * this.batchesPerEpoch + batch + 1;
    this.bar?.update(done, { epoch: epoch + 1, loss: formatNumber(numeric(logs?.loss)) });
  }

  /** After each epoch: prints the epoch's logs when not interactive. */
  epoch(epoch: number, logs: Record<string, unknown> | undefined): void {
    if (this.interactive) return;
    const parts = Object.entries(logs ?? {})
      .map(([key, value]) => `${key} ${formatNumber(numeric(value))}`)
      .join('  ');
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    console.log(
      `${this.label.padEnd(14)} epoch ${epoch + 1}/${this.epochs}  ${parts}  (${seconds} s)`,
    );
  }

  /** Stops the bar. */
  stop(): void {
    this.bar?.stop();
  }
}
