// Settings persisted with electron-store (plain JSON in userData). Never holds secrets:
// the refresh token goes through SafeStorageSecretStore.

import Store from 'electron-store';
import type { Settings } from '../../preload/contract';
import type { SettingsStore } from '../app-core/settings';

export class ElectronSettingsStore implements SettingsStore {
  #store = new Store<{ settings?: unknown }>({ name: 'settings' });

  read(): unknown {
    return this.#store.get('settings');
  }

  write(settings: Settings): void {
    this.#store.set('settings', settings);
  }
}
