// Wires window.uploader's events into the stores and loads the initial state. Returns the
// function that undoes all of it (called on unmount).

import type { Notice, UploaderApi, WatchWarningCode } from '../../../preload/contract';
import type { MessageId } from '../i18n/catalog-en';
import { invoke } from '../commands/invoke';
import type { I18n } from '../i18n/i18n';
import { notify, type AppStores } from './app-stores';
import { milestonesFor } from './milestones';
import type { ToastInput } from './toast-store';

export function connectUploader(api: UploaderApi, stores: AppStores): () => void {
  let connected = true;
  // Subscribe before asking for the snapshot so nothing sent after it can be missed.
  const unsubscribers = [
    api.on('queueUpdate', (update) => {
      const { announcements, failureToast } = milestonesFor(stores.queue.getState(), update, stores.i18n.getState());
      stores.queue.applyUpdate(update);
      if (update.removed.length > 0) stores.selection.retain((id) => stores.queue.getState().jobs.has(id));
      for (const message of announcements) stores.announcer.announce(message);
      if (failureToast !== null) stores.toasts.push(failureToast);
    }),
    api.on('accountChanged', (account) => stores.session.setAccount(account)),
    api.on('settingsChanged', (settings) => stores.session.setSettings(settings)),
    api.on('notice', (notice) => notify(stores, noticeToast(notice, stores.i18n.getState()))),
    api.on('updateStatus', (updates) => stores.session.setUpdates(updates)),
    api.on('watchesChanged', (watches) => stores.watches.setState(watches)),
    api.on('attachmentsChanged', ({ assetId, attachments }) => stores.attachments.setState({ ...stores.attachments.getState(), [assetId]: attachments })),
  ];

  void loadQueue(api, stores, () => connected);
  void invoke(api, 'getAccount', {}).then((result) => {
    if (!connected) return;
    if (result.ok) stores.session.setAccount(result.value);
    else notify(stores, { level: 'error', message: result.error.message });
  });
  void invoke(api, 'getSettings', {}).then((result) => {
    if (!connected) return;
    if (result.ok) stores.session.setSettings(result.value);
    else notify(stores, { level: 'error', message: result.error.message });
  });

  // A copy that cannot update itself (a development build) answers with an error: Settings says so.
  void invoke(api, 'getUpdates', {}).then((result) => {
    if (connected && result.ok) stores.session.setUpdates(result.value);
  });

  return () => {
    connected = false;
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}

/** A notice in the window's language when main said what it is about; its English words otherwise. */
export function noticeToast(notice: Notice, { t }: I18n): ToastInput {
  const kind = notice.kind;
  if (kind === undefined) return { level: notice.level, message: notice.message };
  switch (kind.type) {
    case 'already-present': {
      const message = t('notice.already-present', { uploaded: kind.uploaded.length, queued: kind.queued.length, name: kind.uploaded[0] ?? kind.queued[0] ?? '' });
      return kind.again.length > 0
        ? { level: 'info', message, action: { kind: 'upload-again', paths: kind.again }, group: 'already-present' }
        : { level: 'info', message, group: 'already-present' };
    }
    case 'resuming':
      return { level: 'info', message: t('notice.resuming', { count: kind.count }) };
    case 'warning':
      // The engine's sentence carries the specifics (which file, which part).
      return { level: 'warning', message: notice.message, group: `warning:${kind.code}` };
    case 'session-expired':
      return { level: 'warning', message: t('notice.session-expired'), action: { kind: 'sign-in' }, group: 'session' };
    case 'watch-problem':
      return { level: 'warning', message: t(watchProblemMessage(kind.code), { folder: kind.folder }), group: `watch:${kind.folder}:${kind.code}` };
  }
}

/** (Re)loads the whole queue; also what the "Try again" button of a failed load calls. */
export async function loadQueue(api: UploaderApi, stores: AppStores, stillWanted: () => boolean = () => true): Promise<void> {
  stores.queue.setLoading();
  const result = await invoke(api, 'getSnapshot', {});
  if (!stillWanted()) return;
  if (result.ok) stores.queue.applySnapshot(result.value);
  else stores.queue.setError(result.error.message);
}

function watchProblemMessage(code: WatchWarningCode): MessageId {
  switch (code) {
    case 'folder-missing':
      return 'notice.watch.folder-missing';
    case 'events-unavailable':
      return 'notice.watch.events-unavailable';
    case 'index-error':
      return 'notice.watch.index-error';
    case 'move-failed':
      return 'notice.watch.move-failed';
    case 'scan-error':
      return 'notice.watch.scan-error';
  }
}
