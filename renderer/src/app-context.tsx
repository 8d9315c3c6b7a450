// Hands the uploader API and the stores to components without prop drilling. Only the
// references travel through context (they never change), so no component re-renders
// because of it; data reaches components through the store hooks.

import { createContext, useContext, type ReactNode } from 'react';
import type { UploaderApi } from '../../preload/contract';
import type { AppStores } from './store/app-stores';

interface AppContextValue {
  api: UploaderApi;
  stores: AppStores;
}

const AppContext = createContext<AppContextValue | null>(null);

export function AppProvider(props: { api: UploaderApi; stores: AppStores; children: ReactNode }) {
  const { api, stores, children } = props;
  return <AppContext value={{ api, stores }}>{children}</AppContext>;
}

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (value === null) throw new Error('useApp() outside <AppProvider>');
  return value;
}
