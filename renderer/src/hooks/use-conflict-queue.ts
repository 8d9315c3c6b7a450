// Which "already exists" question to ask now. Jobs in 'awaiting-decision' are asked one at a
// time in queue order. "Decide later" sets a job aside until the person asks for it again
// (the row's Decide button); a job just answered stays hidden while the engine catches up,
// so the dialog never re-asks a question already answered.

import { useCallback, useEffect, useState } from 'react';
import { useApp } from '../app-context';
import { selectAwaitingIds } from '../store/queue-selectors';
import { useStore } from './use-store';

export interface ConflictQueue {
  /** The job to ask about now, if any. */
  currentId: string | null;
  /** How many others are waiting after it (set-aside ones included: they still wait). */
  moreWaiting: number;
  deferCurrent(): void;
  /** Marks jobs as answered (all waiting ones when the answer applies to all). */
  markAnswered(ids: readonly string[]): void;
  /** An answer failed: ask again. */
  unmarkAnswered(ids: readonly string[]): void;
  /** Brings a set-aside job back to the front. */
  ask(id: string): void;
  /** Asks again about every job set aside with "Decide later". */
  askAll(): void;
  awaitingIds: readonly string[];
}

function without(set: ReadonlySet<string>, ids: readonly string[]): ReadonlySet<string> {
  const next = new Set(set);
  for (const id of ids) next.delete(id);
  return next;
}

export function useConflictQueue(): ConflictQueue {
  const { stores } = useApp();
  const awaitingIds = useStore(stores.queue, selectAwaitingIds);
  const [deferred, setDeferred] = useState<ReadonlySet<string>>(new Set());
  const [answered, setAnswered] = useState<ReadonlySet<string>>(new Set());
  const [front, setFront] = useState<string | null>(null);

  // Forget jobs that left 'awaiting-decision': if one comes back later it must be asked again.
  useEffect(() => {
    const waiting = new Set(awaitingIds);
    const stale = (set: ReadonlySet<string>) => [...set].filter((id) => !waiting.has(id));
    setDeferred((set) => (stale(set).length > 0 ? without(set, stale(set)) : set));
    setAnswered((set) => (stale(set).length > 0 ? without(set, stale(set)) : set));
  }, [awaitingIds]);

  const askable = awaitingIds.filter((id) => !deferred.has(id) && !answered.has(id));
  const currentId =
    front !== null && askable.includes(front) ? front : (askable[0] ?? null);
  const unanswered = awaitingIds.filter((id) => !answered.has(id)).length;

  const deferCurrent = useCallback(() => {
    if (currentId === null) return;
    setDeferred((set) => new Set(set).add(currentId));
    setFront(null);
  }, [currentId]);

  const markAnswered = useCallback((ids: readonly string[]) => {
    setAnswered((set) => new Set([...set, ...ids]));
    setFront(null);
  }, []);

  const unmarkAnswered = useCallback((ids: readonly string[]) => {
    setAnswered((set) => without(set, ids));
  }, []);

  const ask = useCallback((id: string) => {
    setDeferred((set) => without(set, [id]));
    setFront(id);
  }, []);

  const askAll = useCallback(() => {
    setDeferred(new Set());
    setFront(null);
  }, []);

  return {
    askAll,
    currentId,
    moreWaiting: currentId === null ? unanswered : Math.max(0, unanswered - 1),
    deferCurrent,
    markAnswered,
    unmarkAnswered,
    ask,
    awaitingIds,
  };
}
