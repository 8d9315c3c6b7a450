// Turns the queue's updates into history entries: each job that reaches done, failed or
// cancelled is recorded once, with the destination it was queued for (by path) and the
// moment it first left the queue (its duration counts from there, not from the drop).

import { historyEntry, isHistoryState } from '../engine/history-record';
import type { JobView, QueueUpdate } from '../engine/views';
import type { HistoryStore } from './history-store';

export class HistoryRecorder {
  readonly #store: HistoryStore;
  /** Destination path per job id, set when the app queued it. */
  readonly #destinations = new Map<string, string>();
  readonly #startedAt = new Map<string, number>();
  readonly #attachedTo = new Map<string, string>();
  readonly #fallback: () => string;

  /** @param fallback the destination path of a job the app did not queue this run (restored from the journal). */
  constructor(store: HistoryStore, fallback: () => string) {
    this.#store = store;
    this.#fallback = fallback;
  }

  queued(jobs: readonly JobView[], destination: string, attachedTo: string | null = null): void {
    for (const job of jobs) {
      this.#destinations.set(job.id, destination);
      if (attachedTo !== null) this.#attachedTo.set(job.id, attachedTo);
    }
  }

  observe(update: QueueUpdate, now = Date.now()): void {
    for (const job of update.changed) {
      if (job.state !== 'queued' && !this.#startedAt.has(job.id)) this.#startedAt.set(job.id, now);
      if (!isHistoryState(job.state)) continue;
      // Seen finished before (a full snapshot repeats it): recorded already.
      if (!this.#startedAt.has(job.id) && this.#store.has(job.id)) continue;
      const entry = historyEntry({
        job,
        destination: this.#destinations.get(job.id) ?? this.#fallback(),
        startedAt: this.#startedAt.get(job.id) ?? null,
        attachedTo: this.#attachedTo.get(job.id) ?? null,
      });
      if (entry) this.#store.record(entry);
      // A retry starts the clock again.
      this.#startedAt.delete(job.id);
    }
  }
}
