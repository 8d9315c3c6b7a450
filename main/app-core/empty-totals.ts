// Totals of an empty queue: what the window and the tray show with no queue attached.

import type { Totals } from '../engine/views';

export function emptyTotals(): Totals {
  return {
    jobs: 0,
    counts: {
      queued: 0,
      starting: 0,
      'awaiting-decision': 0,
      uploading: 0,
      paused: 0,
      completing: 0,
      done: 0,
      skipped: 0,
      failed: 0,
      cancelled: 0,
    },
    bytesTotal: 0,
    bytesDone: 0,
    speed: 0,
    etaSeconds: null,
    active: false,
  };
}
