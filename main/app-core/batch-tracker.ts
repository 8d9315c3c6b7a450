// When everything that was running has stopped: one OS notification per batch, not per file.
// A batch starts when a queue becomes active and ends when nothing moves and nothing waits.

import type { Totals } from '../engine/views';

export class BatchTracker {
  #batch = { running: false, done: 0, failed: 0 };

  /** The batch's result once it ended with something done or failed; null otherwise. */
  update(totals: Totals): { done: number; failed: number } | null {
    if (totals.active && !this.#batch.running) {
      this.#batch = { running: true, done: totals.counts.done, failed: totals.counts.failed };
    } else if (!totals.active && this.#batch.running && totals.counts.queued === 0) {
      const done = totals.counts.done - this.#batch.done;
      const failed = totals.counts.failed - this.#batch.failed;
      this.#batch = { running: false, done: 0, failed: 0 };
      if (done > 0 || failed > 0) return { done, failed };
    }
    return null;
  }

  reset(): void {
    this.#batch = { running: false, done: 0, failed: 0 };
  }
}
