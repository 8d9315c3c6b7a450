// The app's history of finished uploads (done, failed, cancelled), kept across restarts in
// one JSON file next to the journal. Written atomically (a crash leaves the old file or the
// new one) and bounded: the newest HISTORY_LIMIT entries are kept, the oldest dropped.

import { z } from 'zod';
import { historyEntrySchema, matchesHistoryQuery, type HistoryEntry } from '../engine/history-record';
import { readTextIfExists, replaceAtomically } from '../engine/atomic-file';

/** About 600 bytes an entry: the file stays under ~3 MB, read in one go at start-up. */
export const HISTORY_LIMIT = 5000;

const fileSchema = z.object({ version: z.literal(1), entries: z.array(z.unknown()) });

export class HistoryStore {
  readonly #path: string | null;
  #entries: HistoryEntry[];
  #writing: Promise<void> = Promise.resolve();
  #dirty = false;
  #onError: (error: Error) => void;

  private constructor(path: string | null, entries: HistoryEntry[], onError: (error: Error) => void) {
    this.#path = path;
    this.#entries = entries;
    this.#onError = onError;
  }

  /** Opens the history at `path` (null: in memory). Entries that no longer validate are dropped, not fatal. */
  static async open(path: string | null, onError: (error: Error) => void = () => undefined): Promise<HistoryStore> {
    if (path === null) return new HistoryStore(null, [], onError);
    const text = await readTextIfExists(path).catch(() => null);
    let entries: HistoryEntry[] = [];
    if (text !== null) {
      try {
        const parsed = fileSchema.safeParse(JSON.parse(text));
        if (parsed.success) entries = parsed.data.entries.flatMap((raw) => {
          const entry = historyEntrySchema.safeParse(raw);
          return entry.success ? [entry.data] : [];
        });
      } catch {
        // A torn or hand-edited file: start a new history rather than refuse to start.
      }
    }
    return new HistoryStore(path, entries.slice(-HISTORY_LIMIT), onError);
  }

  /** Adds an entry, or replaces the one of the same job (a retried job that finished again). */
  record(entry: HistoryEntry): void {
    this.#entries = [...this.#entries.filter((e) => e.id !== entry.id), entry].slice(-HISTORY_LIMIT);
    this.#save();
  }

  has(id: string): boolean {
    return this.#entries.some((e) => e.id === id);
  }

  /** Newest first, filtered by what the person typed. */
  list(query = ''): HistoryEntry[] {
    return this.#entries.filter((entry) => matchesHistoryQuery(entry, query)).reverse();
  }

  clear(): number {
    const removed = this.#entries.length;
    this.#entries = [];
    this.#save();
    return removed;
  }

  /** Resolves once everything recorded so far is on disk. */
  settled(): Promise<void> {
    return this.#writing;
  }

  #save(): void {
    const path = this.#path;
    if (path === null) return;
    // One write at a time; changes made while one runs are folded into the next.
    if (this.#dirty) return;
    this.#dirty = true;
    this.#writing = this.#writing.then(async () => {
      this.#dirty = false;
      await replaceAtomically(path, `${JSON.stringify({ version: 1, entries: this.#entries })}\n`).catch((error: Error) => this.#onError(error));
    });
  }
}
