// Which jobs the person ticked for a bulk action. Rows subscribe to their own id only.

import { createStore, type Store } from './create-store';

export interface SelectionStore extends Store<ReadonlySet<string>> {
  toggle(ids: readonly string[], on: boolean): void;
  clear(): void;
  /** Drops ids that left the queue. */
  retain(present: (id: string) => boolean): void;
}

export function createSelectionStore(): SelectionStore {
  const store = createStore<ReadonlySet<string>>(new Set());
  return {
    ...store,
    toggle(ids, on) {
      const next = new Set(store.getState());
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      store.setState(next);
    },
    clear() {
      if (store.getState().size > 0) store.setState(new Set());
    },
    retain(present) {
      const current = store.getState();
      const kept = [...current].filter(present);
      if (kept.length !== current.size) store.setState(new Set(kept));
    },
  };
}
