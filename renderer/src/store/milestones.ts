// Which changes are worth telling a screen-reader user about: jobs starting, finishing,
// failing or needing a decision, and the whole queue finishing. Computed from the state
// before an update and the update itself, so each transition is announced exactly once and
// progress ticks never are. Failures also become one grouped toast with the way to them.

import type { JobStateKind, JobView, QueueUpdate } from '../../../preload/contract';
import type { I18n } from '../i18n/i18n';
import { isUnfinished, unfinishedCount } from '../model/job-state';
import type { QueueState } from './queue-store';
import type { ToastInput } from './toast-store';

/** Jobs we knew that moved into `state` with this update. */
function entered(prev: QueueState, jobs: readonly JobView[], state: JobStateKind): JobView[] {
  return jobs.filter((job) => {
    const before = prev.jobs.get(job.id);
    return job.state === state && before !== undefined && before.state !== state;
  });
}

export interface Milestones {
  announcements: string[];
  /** One toast for the failures of this update (grouped with earlier ones). */
  failureToast: ToastInput | null;
}

export function milestonesFor(prev: QueueState, update: QueueUpdate, { t }: I18n): Milestones {
  // Before the queue is loaded, and when another server's queue is shown, nothing is news.
  if (prev.status.kind !== 'ready' || update.switched) return { announcements: [], failureToast: null };
  const removed = new Set(update.removed);
  const changed = update.changed.filter((job) => !removed.has(job.id));
  const messages: string[] = [];

  // New jobs arrive when files are added, and all at once when a queue is (re)attached
  // after sign-in; only the ones still to upload are "started". Finished ones say nothing.
  const added = changed.filter((job) => !prev.jobs.has(job.id));
  const starting = added.filter((job) => isUnfinished(job.state));
  if (starting.length > 0) messages.push(t('announce.started', { count: starting.length }));

  // A conflict found right after a job was added is still news: include new jobs here.
  const conflicts = [...entered(prev, changed, 'awaiting-decision'), ...added.filter((job) => job.state === 'awaiting-decision')];
  const [conflict] = conflicts;
  if (conflict !== undefined) messages.push(t('announce.conflicts', { count: conflicts.length, name: conflict.name }));

  const done = entered(prev, changed, 'done');
  const [oneDone] = done;
  if (oneDone !== undefined) messages.push(t('announce.uploaded', { count: done.length, name: oneDone.name }));

  // A file that is gone when it is added fails at once (within a second of being added):
  // that is news too; a failed job that arrives with a re-attached queue is not.
  const failedOnAdd = added.filter((job) => job.state === 'failed' && job.finishedAt !== null && job.finishedAt - job.createdAt < 1000);
  const failed = [...entered(prev, changed, 'failed'), ...failedOnAdd];
  const [oneFailed] = failed;
  let failureToast: ToastInput | null = null;
  if (oneFailed !== undefined) {
    const message = t('announce.failed', { count: failed.length, name: oneFailed.name });
    messages.push(message);
    const failedNow = update.totals.counts.failed;
    failureToast =
      failedNow <= 1
        ? { level: 'error', message, group: 'failures', action: { kind: 'details', id: oneFailed.id } }
        : { level: 'error', message: t('toast.failed-many', { count: failedNow }), group: 'failures', action: { kind: 'show-failed' } };
  }

  const before = unfinishedCount(prev.totals.counts);
  const after = unfinishedCount(update.totals.counts);
  const { counts } = update.totals;
  // Only when the queue drains by itself: cancelling everything is the user's own doing.
  if (before > 0 && after === 0 && counts.done + counts.skipped + counts.failed > 0) {
    messages.push(t('announce.all-finished', { done: counts.done, skipped: counts.skipped, failed: counts.failed }));
  }
  return { announcements: messages, failureToast };
}
