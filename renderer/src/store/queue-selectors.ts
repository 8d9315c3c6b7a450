// Derived views of the queue, memoized on what they depend on so React gets the same array
// back (and skips work) until a job is added, removed or changes state, or the view
// options change.

import { buildLines, type LineOptions, type QueueLine } from '../model/queue-lines';
import type { QueueState } from './queue-store';
import type { JobView } from '../../../preload/contract';

interface Memo<T> {
  membership: number;
  options: unknown;
  value: T;
}

// Keyed by the order array itself, so entries die with the state that produced them and
// separate stores (tests) never share results.
const linesCache = new WeakMap<readonly string[], Memo<readonly QueueLine[]>>();
const awaitingCache = new WeakMap<readonly string[], Memo<readonly string[]>>();
const failedCache = new WeakMap<readonly string[], Memo<readonly string[]>>();

function idsWhere(state: QueueState, keep: (job: JobView) => boolean): string[] {
  const ids: string[] = [];
  for (const id of state.order) {
    const job = state.jobs.get(id);
    if (job !== undefined && keep(job)) ids.push(id);
  }
  return ids;
}

/** The list's lines; `options` must be memoized by the caller (same object = same view). */
export function selectLines(state: QueueState, options: LineOptions): readonly QueueLine[] {
  const memo = linesCache.get(state.order);
  if (memo !== undefined && memo.membership === state.membership && memo.options === options) return memo.value;
  const value = buildLines(state.order, state.jobs, options);
  linesCache.set(state.order, { membership: state.membership, options, value });
  return value;
}

function memoIds(cache: WeakMap<readonly string[], Memo<readonly string[]>>, state: QueueState, keep: (job: JobView) => boolean): readonly string[] {
  const memo = cache.get(state.order);
  if (memo !== undefined && memo.membership === state.membership) return memo.value;
  const value = idsWhere(state, keep);
  cache.set(state.order, { membership: state.membership, options: null, value });
  return value;
}

/** Jobs waiting for an overwrite decision, in queue order. */
export function selectAwaitingIds(state: QueueState): readonly string[] {
  return memoIds(awaitingCache, state, (job) => job.state === 'awaiting-decision');
}

/** Failed jobs, in queue order. */
export function selectFailedIds(state: QueueState): readonly string[] {
  return memoIds(failedCache, state, (job) => job.state === 'failed');
}
