// The queue as the renderer knows it: filled once by getSnapshot, then patched by
// queueUpdate events. Updates are applied copy-on-write so every state handed to React is
// immutable, and the parts that filtered lists depend on (id order and state kinds) only
// change identity when they really change: a progress tick on 10,000 jobs re-renders the
// rows that moved, not the list.

import type { JobView, QueueSnapshot, QueueUpdate, Totals } from '../../../preload/contract';
import { emptyTotals } from '../../../shared/totals';
import { createStore, type Store } from './create-store';

export type QueueStatus =
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'error'; message: string };

export interface QueueState {
  status: QueueStatus;
  jobs: ReadonlyMap<string, JobView>;
  /** Job ids in the order they were first seen (insertion order); stable across updates. */
  order: readonly string[];
  totals: Totals;
  /**
   * Bumped whenever a job is added or removed or changes state kind: exactly when a
   * filtered list can change. Progress-only updates leave it alone.
   */
  membership: number;
}

export function initialQueueState(): QueueState {
  return {
    status: { kind: 'loading' },
    jobs: new Map(),
    order: [],
    totals: emptyTotals(),
    membership: 0,
  };
}

export function withSnapshot(state: QueueState, snapshot: QueueSnapshot): QueueState {
  const jobs = new Map<string, JobView>();
  for (const job of snapshot.jobs) jobs.set(job.id, job);
  return {
    status: { kind: 'ready' },
    jobs,
    order: [...jobs.keys()],
    totals: snapshot.totals,
    membership: state.membership + 1,
  };
}

export function withUpdate(state: QueueState, update: QueueUpdate): QueueState {
  // Until the snapshot arrives there is nothing to patch, and every event delivered before
  // the getSnapshot reply was sent before it on the same ordered channel, so the snapshot
  // already contains it.
  if (state.status.kind !== 'ready') return state;

  let jobs = state.jobs;
  let order = state.order;
  let membershipChanged = false;

  if (update.changed.length > 0 || update.removed.length > 0) {
    const next = new Map(state.jobs);
    const appended: string[] = [];
    for (const job of update.changed) {
      const previous = next.get(job.id);
      if (previous === undefined) {
        appended.push(job.id);
        membershipChanged = true;
      } else if (previous.state !== job.state) {
        membershipChanged = true;
      }
      next.set(job.id, job);
    }
    const removed = new Set<string>();
    for (const id of update.removed) {
      if (next.delete(id)) removed.add(id);
    }
    if (removed.size > 0) {
      membershipChanged = true;
      order = order.filter((id) => !removed.has(id));
    }
    const kept = appended.filter((id) => !removed.has(id));
    if (kept.length > 0) order = [...order, ...kept];
    jobs = next;
  }

  return {
    status: state.status,
    jobs,
    order,
    totals: update.totals,
    membership: membershipChanged ? state.membership + 1 : state.membership,
  };
}

export interface QueueStore extends Store<QueueState> {
  applySnapshot(snapshot: QueueSnapshot): void;
  applyUpdate(update: QueueUpdate): void;
  setLoading(): void;
  setError(message: string): void;
}

export function createQueueStore(): QueueStore {
  const store = createStore(initialQueueState());
  return {
    ...store,
    applySnapshot: (snapshot) => store.setState(withSnapshot(store.getState(), snapshot)),
    applyUpdate: (update) => store.setState(withUpdate(store.getState(), update)),
    setLoading: () => store.setState({ ...store.getState(), status: { kind: 'loading' } }),
    setError: (message) => store.setState({ ...store.getState(), status: { kind: 'error', message } }),
  };
}
