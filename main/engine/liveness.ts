// "Nothing waits silently", checked by the engine itself. Every job that is not finished must
// be moving (a request in flight), have a timer that will wake it, wait for a slot someone
// holds, or show why it waits (paused, a question, queued behind the active ones). A job that
// breaks this would sit at 97 % forever with no error and no Retry button — the worst thing
// this product can do — so the queue checks it on a timer: in the app a stall is logged with
// everything known about the job and the job is started again from the server's state; in
// tests it fails the test.

import type { UploadJob } from './job';
import type { SlotPool } from './slot-pool';
import type { JobStateKind } from './views';

export interface StallReport {
  jobId: string | null;
  name: string | null;
  state: JobStateKind | null;
  reason: string;
  /** What the job's run waits on, if anything: `request:PUT part 3, timer:backoff PUT part 4`. */
  activity: string;
}

export interface QueueShape {
  jobs: Iterable<UploadJob>;
  /** Jobs waiting for their turn to start, and whether a turn is free for them. */
  queued: number;
  active: number;
  maxActive: number;
  pool: SlotPool;
}

export function findStalls(queue: QueueShape): StallReport[] {
  const reports: StallReport[] = [];
  for (const job of queue.jobs) {
    const stall = job.stall();
    if (stall) {
      reports.push({ jobId: job.id, name: job.relativePath, state: job.state, reason: stall.reason, activity: job.describeActivity() });
    }
  }
  if (!queue.pool.healthy) {
    reports.push({
      jobId: null,
      name: null,
      state: null,
      reason: `${queue.pool.waiting} worker(s) wait for a slot while ${queue.pool.inUse} of ${queue.pool.effectiveBudget} are in use`,
      activity: '',
    });
  }
  if (queue.queued > 0 && queue.active < queue.maxActive) {
    reports.push({
      jobId: null,
      name: null,
      state: 'queued',
      reason: `${queue.queued} job(s) queued while only ${queue.active} of ${queue.maxActive} are active`,
      activity: '',
    });
  }
  return reports;
}
