// useSyncExternalStore with a selector. The selector must return the same value for an
// unchanged state (plain field reads, or the memoized selectors in queue-selectors.ts).

import { useCallback, useSyncExternalStore } from 'react';
import type { Store } from '../store/create-store';

export function useStore<S, T>(store: Store<S>, select: (state: S) => T): T {
  const getSnapshot = useCallback(() => select(store.getState()), [store, select]);
  return useSyncExternalStore(store.subscribe, getSnapshot, getSnapshot);
}
