// Derived views of the queue, memoized on what they depend on so React gets the same array
// back (and skips work) until a job is added, removed or changes state.

import type { JobView } from '../../../preload/contract';
import { inFilter, type QueueFilter } from '../model/job-state';
import type { QueueState } from './queue-store';

interface Memo {
  membership: number;
  ids: readonly string[];
}

// Keyed by the order array itself, so entries die with the state that produced them and
// separate stores (tests) never share results.
const filteredCache = new WeakMap<readonly string[], Map<QueueFilter, Memo>>();
const awaitingCache = new WeakMap<readonly string[], Memo>();

function filterIds(state: QueueState, keep: (job: JobView) => boolean): string[] {
  const ids: string[] = [];
  for (const id of state.order) {
    const job = state.jobs.get(id);
    if (job !== undefined && keep(job)) ids.push(id);
  }
  return ids;
}

export function selectFilteredIds(state: QueueState, filter: QueueFilter): readonly string[] {
  if (filter === 'all') return state.order;
  let perFilter = filteredCache.get(state.order);
  if (perFilter === undefined) {
    perFilter = new Map();
    filteredCache.set(state.order, perFilter);
  }
  const memo = perFilter.get(filter);
  if (memo !== undefined && memo.membership === state.membership) return memo.ids;
  const ids = filterIds(state, (job) => inFilter(filter, job.state));
  perFilter.set(filter, { membership: state.membership, ids });
  return ids;
}

/** Jobs waiting for an overwrite decision, in queue order. */
export function selectAwaitingIds(state: QueueState): readonly string[] {
  const memo = awaitingCache.get(state.order);
  if (memo !== undefined && memo.membership === state.membership) return memo.ids;
  const ids = filterIds(state, (job) => job.state === 'awaiting-decision');
  awaitingCache.set(state.order, { membership: state.membership, ids });
  return ids;
}
