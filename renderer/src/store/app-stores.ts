// Every store the window needs, created together so one App (or one test) owns one set.

import { createAnnouncerStore, type AnnouncerStore } from './announcer-store';
import { createQueueStore, type QueueStore } from './queue-store';
import { createSessionStore, type SessionStore } from './session-store';
import { createToastStore, type ToastStore, type ToastLevel } from './toast-store';

export interface AppStores {
  queue: QueueStore;
  session: SessionStore;
  toasts: ToastStore;
  announcer: AnnouncerStore;
}

export function createAppStores(): AppStores {
  return {
    queue: createQueueStore(),
    session: createSessionStore(),
    toasts: createToastStore(),
    announcer: createAnnouncerStore(),
  };
}

/**
 * Shows a toast and says it through the one live region: toasts themselves are not a live
 * region, so there is exactly one place screen readers listen to.
 */
export function notify(stores: AppStores, level: ToastLevel, message: string): void {
  stores.toasts.push(level, message);
  stores.announcer.announce(level === 'error' ? `Error: ${message}` : message);
}
