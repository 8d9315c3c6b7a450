// Transient messages: command errors and main-process notices. Repeats of the newest toast
// bump a counter instead of stacking, and only the newest few are kept, so a burst of
// identical failures cannot bury the window.

import { createStore, type Store } from './create-store';

export type ToastLevel = 'info' | 'success' | 'warning' | 'error';

export interface Toast {
  id: number;
  level: ToastLevel;
  message: string;
  /** How many times this exact message arrived in a row. */
  count: number;
  /** Changes on every repeat so the dismiss timer restarts. */
  revision: number;
}

export const MAX_TOASTS = 4;

export interface ToastStore extends Store<readonly Toast[]> {
  push(level: ToastLevel, message: string): void;
  dismiss(id: number): void;
}

export function createToastStore(): ToastStore {
  const store = createStore<readonly Toast[]>([]);
  let nextId = 1;
  return {
    ...store,
    push(level, message) {
      const toasts = store.getState();
      const last = toasts.at(-1);
      if (last !== undefined && last.level === level && last.message === message) {
        store.setState([
          ...toasts.slice(0, -1),
          { ...last, count: last.count + 1, revision: last.revision + 1 },
        ]);
        return;
      }
      const toast: Toast = { id: nextId++, level, message, count: 1, revision: 0 };
      store.setState([...toasts, toast].slice(-MAX_TOASTS));
    },
    dismiss(id) {
      store.setState(store.getState().filter((t) => t.id !== id));
    },
  };
}
