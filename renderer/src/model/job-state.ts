// What each engine job state means to the person looking at the queue: its label, colour,
// icon, which row actions make sense, and which filter tab it belongs to. Every switch is
// exhaustive, so a new engine state cannot reach the screen unlabelled.

import { isFinishedState, JOB_STATE_RULES, JOB_STATES, SETTLED_STATES, type JobCommand, type JobStateKind } from '../../../shared/job-states';
import type { JobView, StateCounts } from '../../../preload/contract';
import type { MessageId } from '../i18n/catalog-en';

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
  label: MessageId;
  /** "3 uploading", "2 awaiting decision": a message with {count}. */
  countLabel: MessageId;
  tone: Tone;
  icon: StateIcon;
}

export function stateInfo(state: JobStateKind): StateInfo {
  switch (state) {
    case 'queued':
      return { label: 'state.queued', countLabel: 'count.queued', tone: 'neutral', icon: 'clock' };
    case 'starting':
      return { label: 'state.starting', countLabel: 'count.starting', tone: 'accent', icon: 'spinner' };
    case 'awaiting-decision':
      return { label: 'state.awaiting-decision', countLabel: 'count.awaiting-decision', tone: 'attention', icon: 'question' };
    case 'uploading':
      return { label: 'state.uploading', countLabel: 'count.uploading', tone: 'accent', icon: 'arrow-up' };
    case 'paused':
      return { label: 'state.paused', countLabel: 'count.paused', tone: 'neutral', icon: 'pause' };
    case 'completing':
      return { label: 'state.completing', countLabel: 'count.completing', tone: 'accent', icon: 'hourglass' };
    case 'done':
      return { label: 'state.done', countLabel: 'count.done', tone: 'success', icon: 'check' };
    case 'skipped':
      return { label: 'state.skipped', countLabel: 'count.skipped', tone: 'muted', icon: 'skip' };
    case 'failed':
      return { label: 'state.failed', countLabel: 'count.failed', tone: 'danger', icon: 'alert' };
    case 'cancelled':
      return { label: 'state.cancelled', countLabel: 'count.cancelled', tone: 'muted', icon: 'ban' };
  }
}

/** A row's buttons: the engine's commands, and what only a screen offers. */
export type RowAction = JobCommand | 'details' | 'sign-in';

/**
 * The row actions valid in a state, in the order they are shown. Signed out, a paused or
 * auth-failed job offers Sign in instead of Resume or Retry (both would only fail again).
 */
export function actionsFor(state: JobStateKind, signedOut = false): readonly RowAction[] {
  // The engine's commands for the state (one table for engine, CLI, tray and this screen),
  // with what only a screen adds: the failure's details first, Sign in for what needs it.
  const commands: RowAction[] = JOB_STATE_RULES[state].commands.map((command) =>
    signedOut && (command === 'resume' || (command === 'retry' && state === 'failed')) ? 'sign-in' : command,
  );
  return state === 'failed' ? ['details', ...commands] : commands;
}

/** "Pause {name}": the accessible name of a row action, with the file it acts on. */
export function actionLabel(action: RowAction): MessageId {
  switch (action) {
    case 'decide':
      return 'action.decide';
    case 'details':
      return 'action.details';
    case 'sign-in':
      return 'action.sign-in';
    case 'pause':
      return 'action.pause';
    case 'resume':
      return 'action.resume';
    case 'retry':
      return 'action.retry';
    case 'cancel':
      return 'action.cancel';
    case 'remove':
      return 'action.remove';
  }
}

/** The tooltip of a row action's icon button: "Pause". */
export function actionTitle(action: RowAction): MessageId {
  switch (action) {
    case 'decide':
      return 'row.decide';
    case 'details':
      return 'row.details';
    case 'sign-in':
      return 'row.sign-in';
    case 'pause':
      return 'row.pause';
    case 'resume':
      return 'row.resume';
    case 'retry':
      return 'row.retry';
    case 'cancel':
      return 'row.cancel';
    case 'remove':
      return 'row.remove';
  }
}

/** What is announced once a row action worked: "Paused a.mov". */
export function actionDoneMessage(action: RowAction): MessageId | null {
  switch (action) {
    case 'pause':
      return 'announce.paused';
    case 'resume':
      return 'announce.resumed';
    case 'cancel':
      return 'announce.cancelled';
    case 'retry':
      return 'announce.retrying';
    case 'remove':
      return 'announce.removed';
    case 'decide':
    case 'details':
    case 'sign-in':
      return null;
  }
}

export const QUEUE_FILTERS = ['all', 'active', 'paused', 'failed', 'done'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

export function filterLabel(filter: QueueFilter): MessageId {
  switch (filter) {
    case 'all':
      return 'filter.all';
    case 'active':
      return 'filter.active';
    case 'paused':
      return 'filter.paused';
    case 'failed':
      return 'filter.failed';
    case 'done':
      return 'filter.done';
  }
}

const UNFINISHED: readonly JobStateKind[] = JOB_STATES.filter((state) => !isFinishedState(state));

/** The states each filter shows; 'all' shows every state, cancelled jobs only appear there. */
function filterStates(filter: Exclude<QueueFilter, 'all'>): readonly JobStateKind[] {
  switch (filter) {
    case 'active':
      // Everything not finished that is not paused: a question waiting is work in progress.
      return UNFINISHED.filter((state) => state !== 'paused');
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

export function isUnfinished(state: JobStateKind): boolean {
  return UNFINISHED.includes(state);
}

export function unfinishedCount(counts: StateCounts): number {
  return UNFINISHED.reduce((sum, state) => sum + counts[state], 0);
}

/** What "Clear finished" removes: done, skipped and cancelled (failed ones wait for the person). */
export function clearableCount(counts: StateCounts): number {
  return SETTLED_STATES.reduce((sum, state) => sum + counts[state], 0);
}

/** Share of the file that has left this computer; a 0-byte file is complete when done. */
export function progressFraction(job: Pick<JobView, 'state' | 'size' | 'bytesDone'>): number {
  if (job.state === 'done') return 1;
  if (job.size <= 0) return 0;
  return Math.min(1, job.bytesDone / job.size);
}

/** The folder part of a relative path: `shoot/day 1/a.mov` → `shoot/day 1`. */
export function folderOf(relativePath: string): string {
  const cut = Math.max(relativePath.lastIndexOf('/'), relativePath.lastIndexOf('\\'));
  return cut > 0 ? relativePath.slice(0, cut) : '';
}

/** Where a job ends up on the server: "Incoming/shoot/day 1/a.mov" or "folder …/a.mov". */
export function serverPath(relativePath: string, folderName: string): string {
  return `${folderName}/${relativePath}`;
}
