// Who we upload as and with which settings: filled by getAccount/getSettings at start,
// then kept current by accountChanged/settingsChanged events and by command results.

import type { AccountView, Settings, UpdateView } from '../../../preload/contract';
import { createStore, type Store } from './create-store';

export interface SessionState {
  account: AccountView | null;
  settings: Settings | null;
  /** The app's version and update; null until known, or where this copy cannot update itself. */
  updates: UpdateView | null;
}

export interface SessionStore extends Store<SessionState> {
  setAccount(account: AccountView): void;
  setSettings(settings: Settings): void;
  setUpdates(updates: UpdateView): void;
}

export function createSessionStore(): SessionStore {
  const store = createStore<SessionState>({ account: null, settings: null, updates: null });
  return {
    ...store,
    setAccount: (account) => store.setState({ ...store.getState(), account }),
    setSettings: (settings) => store.setState({ ...store.getState(), settings }),
    setUpdates: (updates) => store.setState({ ...store.getState(), updates }),
  };
}
