// Transient messages: command errors, main-process notices and failures. A toast with a
// `group` replaces the one of the same group (three failures read "3 uploads failed", not
// three toasts); repeats of the newest toast bump a counter; only the newest few are kept.

import { createStore, type Store } from './create-store';

export type ToastLevel = 'info' | 'success' | 'warning' | 'error';

/** The one button a toast may carry: the fix, or the way to what it is about. */
export type ToastAction =
  | { kind: 'sign-in' }
  | { kind: 'open-settings' }
  | { kind: 'show-job'; id: string }
  | { kind: 'details'; id: string }
  | { kind: 'show-failed' }
  | { kind: 'upload-again'; paths: readonly string[] };

export interface ToastInput {
  level: ToastLevel;
  message: string;
  action?: ToastAction;
  /** Toasts of one group replace each other. */
  group?: string;
}

export interface Toast extends ToastInput {
  id: number;
  /** How many times this exact message arrived in a row. */
  count: number;
  /** Changes on every repeat or replacement so the dismiss timer restarts. */
  revision: number;
}

export const MAX_TOASTS = 3;

export interface ToastStore extends Store<readonly Toast[]> {
  push(toast: ToastInput): void;
  dismiss(id: number): void;
}

export function createToastStore(): ToastStore {
  const store = createStore<readonly Toast[]>([]);
  let nextId = 1;
  return {
    ...store,
    push(input) {
      const toasts = store.getState();
      const grouped = input.group !== undefined ? toasts.find((t) => t.group === input.group) : undefined;
      if (grouped !== undefined) {
        store.setState(toasts.map((t) => (t === grouped ? { ...input, id: t.id, count: 1, revision: t.revision + 1 } : t)));
        return;
      }
      const last = toasts.at(-1);
      if (last !== undefined && last.level === input.level && last.message === input.message) {
        store.setState([...toasts.slice(0, -1), { ...last, count: last.count + 1, revision: last.revision + 1 }]);
        return;
      }
      store.setState([...toasts, { ...input, id: nextId++, count: 1, revision: 0 }].slice(-MAX_TOASTS));
    },
    dismiss(id) {
      store.setState(store.getState().filter((t) => t.id !== id));
    },
  };
}
