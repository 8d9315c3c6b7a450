// Coalesced change sets for the UI: at most one per interval (100 ms = 10 per second), with
// the jobs that changed, the ids removed and fresh totals. While anything uploads, an update
// goes out every interval even without changes, so speeds and ETAs keep moving.

import { computeTotals, type TotalsInput } from './totals';
import type { JobView, QueueUpdate } from './views';

export interface UpdateSource {
  /** The job's current view, or null if it is gone. */
  view(id: string): JobView | null;
  jobs(): Iterable<TotalsInput>;
}

export class UpdateCoalescer {
  readonly #source: UpdateSource;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #listeners = new Set<(update: QueueUpdate) => void>();
  #dirty = new Set<string>();
  #removed = new Set<string>();
  #timer: NodeJS.Timeout | null = null;
  #lastFlush = Number.NEGATIVE_INFINITY;
  #closed = false;

  constructor(source: UpdateSource, intervalMs: number, now: () => number) {
    this.#source = source;
    this.#intervalMs = intervalMs;
    this.#now = now;
  }

  subscribe(listener: (update: QueueUpdate) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  changed(id: string): void {
    this.#removed.delete(id);
    this.#dirty.add(id);
    this.#schedule();
  }

  removed(id: string): void {
    this.#dirty.delete(id);
    this.#removed.add(id);
    this.#schedule();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#listeners.clear();
  }

  #schedule(): void {
    if (this.#timer || this.#closed) return;
    const wait = Math.max(0, this.#lastFlush + this.#intervalMs - this.#now());
    this.#timer = setTimeout(() => this.#flush(), wait);
    this.#timer.unref?.();
  }

  #flush(): void {
    this.#timer = null;
    this.#lastFlush = this.#now();
    const changed: JobView[] = [];
    for (const id of this.#dirty) {
      const view = this.#source.view(id);
      if (view) changed.push(view);
    }
    this.#dirty.clear();
    const removed = [...this.#removed];
    this.#removed.clear();
    // Totals straight from the jobs' counters: building a full view of every job 10 times a
    // second cost the main process milliseconds per flush with 10,000 jobs queued.
    const totals = computeTotals(this.#source.jobs());
    const update: QueueUpdate = { changed, removed, totals };
    for (const listener of this.#listeners) listener(update);
    if (totals.active) this.#schedule();
  }
}
