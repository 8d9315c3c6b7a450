// Wires window.uploader's events into the stores and loads the initial state. Returns the
// function that undoes all of it (called on unmount).

import type { UploaderApi } from '../../../preload/contract';
import { invoke } from '../commands/invoke';
import { notify, type AppStores } from './app-stores';
import { milestonesFor } from './milestones';

export function connectUploader(api: UploaderApi, stores: AppStores): () => void {
  let connected = true;
  // Subscribe before asking for the snapshot so nothing sent after it can be missed.
  const unsubscribers = [
    api.on('queueUpdate', (update) => {
      const messages = milestonesFor(stores.queue.getState(), update);
      stores.queue.applyUpdate(update);
      for (const message of messages) stores.announcer.announce(message);
    }),
    api.on('accountChanged', (account) => stores.session.setAccount(account)),
    api.on('settingsChanged', (settings) => stores.session.setSettings(settings)),
    api.on('notice', (notice) => notify(stores, notice.level, notice.message)),
  ];

  void loadQueue(api, stores, () => connected);
  void invoke(api, 'getAccount', {}).then((result) => {
    if (!connected) return;
    if (result.ok) stores.session.setAccount(result.value);
    else notify(stores, 'error', result.error.message);
  });
  void invoke(api, 'getSettings', {}).then((result) => {
    if (!connected) return;
    if (result.ok) stores.session.setSettings(result.value);
    else notify(stores, 'error', result.error.message);
  });

  return () => {
    connected = false;
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}

/** (Re)loads the whole queue; also what the "Try again" button of a failed load calls. */
export async function loadQueue(
  api: UploaderApi,
  stores: AppStores,
  stillWanted: () => boolean = () => true,
): Promise<void> {
  stores.queue.setLoading();
  const result = await invoke(api, 'getSnapshot', {});
  if (!stillWanted()) return;
  if (result.ok) stores.queue.applySnapshot(result.value);
  else stores.queue.setError(result.error.message);
}
