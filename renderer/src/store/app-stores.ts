// Every store the window needs, created together so one App (or one test) owns one set.

import type { AttachmentView, WatchView } from '../../../preload/contract';
import { i18nFor, type I18n } from '../i18n/i18n';
import { createAnnouncerStore, type AnnouncerStore } from './announcer-store';
import { createStore, type Store } from './create-store';
import { createQueueStore, type QueueStore } from './queue-store';
import { createSelectionStore, type SelectionStore } from './selection-store';
import { createSessionStore, type SessionStore } from './session-store';
import { createToastStore, type ToastInput, type ToastStore } from './toast-store';

/** A request to bring a job into view and focus it (a toast's "Show", the details panel). */
export interface RevealRequest {
  id: string;
  /** Bumped per request, so revealing the same job twice works twice. */
  seq: number;
}

export interface AppStores {
  queue: QueueStore;
  session: SessionStore;
  toasts: ToastStore;
  announcer: AnnouncerStore;
  selection: SelectionStore;
  /** The window's language; non-React code (announcements) words things with it. */
  i18n: Store<I18n>;
  reveal: Store<RevealRequest | null>;
  /** Attachments of done rows, by asset id (or `job:<id>` for sidecars waiting for their clip). */
  attachments: Store<Readonly<Record<string, AttachmentView[]>>>;
  /** The watch folders as main last told them; null until the list was first asked for. */
  watches: Store<readonly WatchView[] | null>;
}

export function createAppStores(): AppStores {
  return {
    queue: createQueueStore(),
    session: createSessionStore(),
    toasts: createToastStore(),
    announcer: createAnnouncerStore(),
    selection: createSelectionStore(),
    i18n: createStore(i18nFor('en')),
    reveal: createStore<RevealRequest | null>(null),
    attachments: createStore<Readonly<Record<string, AttachmentView[]>>>({}),
    watches: createStore<readonly WatchView[] | null>(null),
  };
}

/**
 * Shows a toast and says it through the one live region: toasts themselves are not a live
 * region, so there is exactly one place screen readers listen to.
 */
export function notify(stores: AppStores, toast: ToastInput): void {
  stores.toasts.push(toast);
  const { t } = stores.i18n.getState();
  stores.announcer.announce(toast.level === 'error' ? t('announce.error', { message: toast.message }) : toast.message);
}

export function revealJob(stores: AppStores, id: string): void {
  stores.reveal.setState({ id, seq: (stores.reveal.getState()?.seq ?? 0) + 1 });
}
