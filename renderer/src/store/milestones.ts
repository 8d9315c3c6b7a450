// Which changes are worth telling a screen-reader user about: jobs starting, finishing,
// failing or needing a decision, and the whole queue finishing. Computed from the state
// before an update and the update itself, so each transition is announced exactly once and
// progress ticks never are.

import type { JobStateKind, JobView, QueueUpdate } from '../../../preload/contract';
import { plural } from '../format/format';
import { isUnfinished, unfinishedCount } from '../model/job-state';
import type { QueueState } from './queue-store';

/** Jobs we knew that moved into `state` with this update. */
function entered(prev: QueueState, jobs: readonly JobView[], state: JobStateKind): JobView[] {
  return jobs.filter((job) => {
    const before = prev.jobs.get(job.id);
    return job.state === state && before !== undefined && before.state !== state;
  });
}

export function milestonesFor(prev: QueueState, update: QueueUpdate): string[] {
  if (prev.status.kind !== 'ready') return [];
  const removed = new Set(update.removed);
  const changed = update.changed.filter((job) => !removed.has(job.id));
  const messages: string[] = [];

  // New jobs arrive when files are added, and all at once when a queue is (re)attached
  // after sign-in; only the ones still to upload are "started". Finished ones say nothing.
  const added = changed.filter((job) => !prev.jobs.has(job.id));
  const starting = added.filter((job) => isUnfinished(job.state));
  if (starting.length > 0) messages.push(`Upload started: ${plural(starting.length, 'file', 'files')}`);

  // A conflict found right after a job was added is still news: include new jobs here.
  const conflicts = [
    ...entered(prev, changed, 'awaiting-decision'),
    ...added.filter((job) => job.state === 'awaiting-decision'),
  ];
  const [conflict] = conflicts;
  if (conflicts.length === 1 && conflict !== undefined) {
    messages.push(`${conflict.name} already exists on the server. Choose what to do.`);
  } else if (conflicts.length > 1) {
    messages.push(`${conflicts.length} files already exist on the server. Choose what to do.`);
  }

  const done = entered(prev, changed, 'done');
  const [oneDone] = done;
  if (done.length === 1 && oneDone !== undefined) messages.push(`${oneDone.name} uploaded`);
  else if (done.length > 1) messages.push(`${plural(done.length, 'file', 'files')} uploaded`);

  const failed = entered(prev, changed, 'failed');
  const [oneFailed] = failed;
  if (failed.length === 1 && oneFailed !== undefined) {
    messages.push(`${oneFailed.name} failed: ${oneFailed.error?.message ?? 'unknown error'}`);
  } else if (failed.length > 1) {
    messages.push(`${failed.length} uploads failed`);
  }

  const before = unfinishedCount(prev.totals.counts);
  const after = unfinishedCount(update.totals.counts);
  const { counts } = update.totals;
  // Only when the queue drains by itself: cancelling everything is the user's own doing.
  if (before > 0 && after === 0 && counts.done + counts.skipped + counts.failed > 0) {
    const parts = [`${plural(counts.done, 'file', 'files')} uploaded`];
    if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`);
    if (counts.failed > 0) parts.push(`${counts.failed} failed`);
    messages.push(`All uploads finished: ${parts.join(', ')}`);
  }
  return messages;
}

