// The numbers over the whole queue (summary bar, tray, taskbar, CLI bar): one definition,
// computed from the jobs' counters without building a view of every job.

import { etaSeconds } from './rate-meter';
import { JOB_STATES, type JobView, type StateCounts, type Totals } from './views';

/** What totals need of a job: a JobView has it, and so has an UploadJob without building one. */
export type TotalsInput = Pick<JobView, 'state' | 'size' | 'bytesDone' | 'bytesSending' | 'speed'>;

export function computeTotals(jobs: Iterable<TotalsInput>): Totals {
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as StateCounts;
  let bytesTotal = 0;
  let bytesDone = 0;
  let bytesSending = 0;
  let remaining = 0;
  let speed = 0;
  let count = 0;
  for (const job of jobs) {
    count += 1;
    counts[job.state] += 1;
    if (job.state === 'cancelled' || job.state === 'skipped') continue;
    bytesTotal += job.size;
    const done = job.bytesDone;
    bytesDone += done;
    bytesSending += job.bytesSending;
    if (job.state !== 'failed') remaining += job.size - done;
    speed += job.speed;
  }
  return {
    jobs: count,
    counts,
    bytesTotal,
    bytesDone,
    bytesSending,
    speed,
    etaSeconds: remaining > 0 ? etaSeconds(remaining, speed) : null,
    active: counts.starting + counts.uploading + counts.completing > 0,
  };
}

/** The totals of an empty queue (signed out, nothing added yet): defined in shared/, re-exported for the engine's callers. */
export { emptyTotals } from '../../shared/totals';
