// What the single aria-live region says. Each announcement is a new element in the region
// (screen readers announce additions); only the last few stay in the DOM.

import { createStore, type Store } from './create-store';

export interface Announcement {
  id: number;
  text: string;
}

const KEEP = 5;

export interface AnnouncerStore extends Store<readonly Announcement[]> {
  announce(text: string): void;
}

export function createAnnouncerStore(): AnnouncerStore {
  const store = createStore<readonly Announcement[]>([]);
  let nextId = 1;
  return {
    ...store,
    announce(text) {
      store.setState([...store.getState(), { id: nextId++, text }].slice(-KEEP));
    },
  };
}
