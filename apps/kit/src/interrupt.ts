/**
 * Ctrl-C handling for training runs: the first SIGINT asks the run to stop after the current
 * epoch's checkpoint (checked with {@link Interrupt.requested}); a second one exits at once (the
 * last checkpoint on disk is complete, as checkpoints are written atomically).
 */
export class Interrupt {
  private count = 0;
  private readonly handler = () => {
    this.count++;
    if (this.count === 1) {
      console.error('\nstopping after this epoch is saved (Ctrl-C again to stop now)');
    } else {
      console.error('\nstopped; the last saved epoch is kept');
      process.exit(130);
    }
  };

  /** Installs the handler (until {@link Interrupt.dispose}). */
  constructor() {
    process.on('SIGINT', this.handler);
  }

  /** Whether Ctrl-C was pressed. */
  get requested(): boolean {
    return this.count > 0;
  }

  /** Removes the handler. */
  dispose(): void {
    process.off('SIGINT', this.handler);
  }
}
