// A queue's totals: what the summary bar, the tray and the taskbar progress show. Defined once,
// with the totals of an empty queue (signed out, nothing added yet), for the engine (which
// computes them), the app core and tray (no queue attached) and the renderer (before the first
// snapshot). Imports nothing of main/: the renderer has no Node.

import { JOB_STATES, type JobStateKind } from './job-states';

export type StateCounts = Record<JobStateKind, number>;

export interface Totals {
  jobs: number;
  counts: StateCounts;
  bytesTotal: number;
  /** Confirmed and acked bytes (see JobView.bytesDone), over every job not cancelled or skipped. */
  bytesDone: number;
  /** Bytes on the wire, unanswered: shown apart from progress. */
  bytesSending: number;
  speed: number;
  etaSeconds: number | null;
  /** True while any job is starting, uploading or completing. */
  active: boolean;
}

/** The totals of an empty queue: every count 0, nothing moving. */
export function emptyTotals(): Totals {
  const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as StateCounts;
  return { jobs: 0, counts, bytesTotal: 0, bytesDone: 0, bytesSending: 0, speed: 0, etaSeconds: null, active: false };
}
