// A journal that knows which of its writes are still on their way to disk. Quitting the app
// waits for them (`settled()`), so the record of a part confirmed, or of a pause, a moment
// before the process exits is not lost with it.

import type { JournalEvent, JournalRecord, JournalStore } from '../engine/journal';

export class SettlingJournal implements JournalStore {
  #inner: JournalStore;
  #inFlight = new Set<Promise<unknown>>();

  constructor(inner: JournalStore) {
    this.#inner = inner;
  }

  load(): ReturnType<JournalStore['load']> {
    return this.#inner.load();
  }

  save(record: JournalRecord): Promise<void> {
    return this.#track(this.#inner.save(record));
  }

  append(jobId: string, event: JournalEvent): Promise<void> {
    return this.#track(this.#inner.append(jobId, event));
  }

  remove(jobId: string): Promise<void> {
    return this.#track(this.#inner.remove(jobId));
  }

  /** Resolves once every write started so far has finished (whether it worked or not). */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #track(write: Promise<void>): Promise<void> {
    this.#inFlight.add(write);
    const forget = (): void => {
      this.#inFlight.delete(write);
    };
    write.then(forget, forget);
    return write;
  }
}
