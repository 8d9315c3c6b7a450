// What each engine job state means to the person looking at the queue: its label, colour,
// icon, which row actions make sense, and which filter tab it belongs to. Every switch is
// exhaustive, so a new engine state cannot reach the screen unlabelled.

import type { JobStateKind, JobView, StateCounts } from '../../../preload/contract';

export type Tone = 'neutral' | 'accent' | 'attention' | 'success' | 'danger' | 'muted';
export type StateIcon =
  | 'clock'
  | 'spinner'
  | 'question'
  | 'arrow-up'
  | 'pause'
  | 'hourglass'
  | 'check'
  | 'skip'
  | 'alert'
  | 'ban';

export interface StateInfo {
  label: string;
  tone: Tone;
  icon: StateIcon;
}

export function stateInfo(state: JobStateKind): StateInfo {
  switch (state) {
    case 'queued':
      return { label: 'Queued', tone: 'neutral', icon: 'clock' };
    case 'starting':
      return { label: 'Starting', tone: 'accent', icon: 'spinner' };
    case 'awaiting-decision':
      return { label: 'Needs decision', tone: 'attention', icon: 'question' };
    case 'uploading':
      return { label: 'Uploading', tone: 'accent', icon: 'arrow-up' };
    case 'paused':
      return { label: 'Paused', tone: 'neutral', icon: 'pause' };
    case 'completing':
      return { label: 'Finishing', tone: 'accent', icon: 'hourglass' };
    case 'done':
      return { label: 'Done', tone: 'success', icon: 'check' };
    case 'skipped':
      return { label: 'Skipped', tone: 'muted', icon: 'skip' };
    case 'failed':
      return { label: 'Failed', tone: 'danger', icon: 'alert' };
    case 'cancelled':
      return { label: 'Cancelled', tone: 'muted', icon: 'ban' };
  }
}

/** How a count of jobs in a state reads: "3 uploading", "2 awaiting decision". */
export function countLabel(state: JobStateKind): string {
  switch (state) {
    case 'awaiting-decision':
      return 'awaiting decision';
    case 'completing':
      return 'finishing';
    case 'queued':
    case 'starting':
    case 'uploading':
    case 'paused':
    case 'done':
    case 'skipped':
    case 'failed':
    case 'cancelled':
      return state;
  }
}

export type RowAction = 'decide' | 'pause' | 'resume' | 'retry' | 'cancel' | 'remove';

/** The row actions valid in a state, in the order they are shown. */
export function actionsFor(state: JobStateKind): readonly RowAction[] {
  switch (state) {
    case 'queued':
    case 'starting':
    case 'uploading':
      return ['pause', 'cancel'];
    case 'awaiting-decision':
      return ['decide', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    case 'completing':
      return ['cancel'];
    case 'done':
    case 'skipped':
      return ['remove'];
    case 'failed':
    case 'cancelled':
      return ['retry', 'remove'];
  }
}

export function actionLabel(action: RowAction): string {
  switch (action) {
    case 'decide':
      return 'Decide';
    case 'pause':
      return 'Pause';
    case 'resume':
      return 'Resume';
    case 'retry':
      return 'Retry';
    case 'cancel':
      return 'Cancel';
    case 'remove':
      return 'Remove';
  }
}

export const QUEUE_FILTERS = ['all', 'active', 'paused', 'failed', 'done'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

export function filterLabel(filter: QueueFilter): string {
  switch (filter) {
    case 'all':
      return 'All';
    case 'active':
      return 'Active';
    case 'paused':
      return 'Paused';
    case 'failed':
      return 'Failed';
    case 'done':
      return 'Done';
  }
}

/** The states each filter shows; 'all' shows every state, cancelled jobs only appear there. */
function filterStates(filter: Exclude<QueueFilter, 'all'>): readonly JobStateKind[] {
  switch (filter) {
    case 'active':
      return ['queued', 'starting', 'awaiting-decision', 'uploading', 'completing'];
    case 'paused':
      return ['paused'];
    case 'failed':
      return ['failed'];
    case 'done':
      return ['done', 'skipped'];
  }
}

export function inFilter(filter: QueueFilter, state: JobStateKind): boolean {
  return filter === 'all' || filterStates(filter).includes(state);
}

/** Counts per filter straight from the engine's totals: no pass over 10,000 jobs. */
export function filterCount(filter: QueueFilter, counts: StateCounts, jobs: number): number {
  if (filter === 'all') return jobs;
  return filterStates(filter).reduce((sum, state) => sum + counts[state], 0);
}

const UNFINISHED: readonly JobStateKind[] = [
  'queued',
  'starting',
  'awaiting-decision',
  'uploading',
  'paused',
  'completing',
];

export function isUnfinished(state: JobStateKind): boolean {
  return UNFINISHED.includes(state);
}

export function unfinishedCount(counts: StateCounts): number {
  return UNFINISHED.reduce((sum, state) => sum + counts[state], 0);
}

/** Share of the file that has left this computer; a 0-byte file is complete when done. */
export function progressFraction(job: JobView): number {
  if (job.state === 'done') return 1;
  if (job.size <= 0) return 0;
  return Math.min(1, (job.bytesConfirmed + job.bytesInFlight) / job.size);
}

/** The folder part of a relative path: `shoot/day 1/a.mov` → `shoot/day 1`. */
export function folderOf(relativePath: string): string {
  const cut = Math.max(relativePath.lastIndexOf('/'), relativePath.lastIndexOf('\\'));
  return cut > 0 ? relativePath.slice(0, cut) : '';
}
