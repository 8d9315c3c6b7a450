// Who we upload as and with which settings: filled by getAccount/getSettings at start,
// then kept current by accountChanged/settingsChanged events and by command results.

import type { AccountView, Settings } from '../../../preload/contract';
import { createStore, type Store } from './create-store';

export interface SessionState {
  account: AccountView | null;
  settings: Settings | null;
}

export interface SessionStore extends Store<SessionState> {
  setAccount(account: AccountView): void;
  setSettings(settings: Settings): void;
}

export function createSessionStore(): SessionStore {
  const store = createStore<SessionState>({ account: null, settings: null });
  return {
    ...store,
    setAccount: (account) => store.setState({ ...store.getState(), account }),
    setSettings: (settings) => store.setState({ ...store.getState(), settings }),
  };
}
