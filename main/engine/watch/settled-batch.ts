// Settled files are handed to the queue together: a card's 500 clips settle within moments of
// each other and go in one enqueue (one walk of the queue's duplicates, one journal append),
// not 500. The batch waits ENQUEUE_BATCH_MS after its first file, on the watch's clock.

import type { SettleClock } from './settle-detector';
import type { EntryStat } from './watch-fs';

const ENQUEUE_BATCH_MS = 50;

export interface BatchItem {
  path: string;
  localPath: string;
  stat: EntryStat;
  reason: 'new' | 'changed';
}

export class SettledBatch {
  readonly #clock: Pick<SettleClock, 'setTimer'>;
  readonly #flush: (items: BatchItem[]) => void;
  #items: BatchItem[] = [];
  #cancel: (() => void) | null = null;

  constructor(clock: Pick<SettleClock, 'setTimer'>, flush: (items: BatchItem[]) => void) {
    this.#clock = clock;
    this.#flush = flush;
  }

  /** Files waiting to be handed over. */
  get size(): number {
    return this.#items.length;
  }

  add(item: BatchItem): void {
    this.#items.push(item);
    this.#cancel ??= this.#clock.setTimer(ENQUEUE_BATCH_MS, () => {
      this.#cancel = null;
      const items = this.#items;
      this.#items = [];
      this.#flush(items);
    });
  }

  /** The watch stopped (pause, close): what waited is dropped, and its timer with it. */
  clear(): void {
    this.#cancel?.();
    this.#cancel = null;
    this.#items = [];
  }
}
