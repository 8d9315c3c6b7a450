// One OS notification per batch ("everything that was running has stopped"), which brings
// the window back when clicked.

import { Notification } from 'electron';

const MAX_HELD = 5;

export function batchSummary(done: number, failed: number): { title: string; body: string } {
  const files = (n: number): string => `${n} file${n === 1 ? '' : 's'}`;
  if (failed === 0) return { title: 'Uploads finished', body: `${files(done)} uploaded.` };
  if (done === 0) return { title: 'Uploads failed', body: `${files(failed)} could not be uploaded.` };
  return { title: 'Uploads finished with errors', body: `${files(done)} uploaded, ${failed} failed.` };
}

export class BatchNotifier {
  #onClick: () => void;
  /**
   * Held until closed: a Notification nobody references is garbage-collected, and its click
   * handler with it. Not every OS reports a timed-out one as closed, so only the newest few.
   */
  #shown = new Set<Notification>();

  constructor(onClick: () => void) {
    this.#onClick = onClick;
  }

  notify(done: number, failed: number): void {
    if (!Notification.isSupported()) return;
    const notification = new Notification(batchSummary(done, failed));
    this.#shown.add(notification);
    for (const old of [...this.#shown].slice(0, -MAX_HELD)) this.#shown.delete(old);
    notification.on('click', () => this.#onClick());
    notification.on('close', () => this.#shown.delete(notification));
    notification.show();
  }
}
