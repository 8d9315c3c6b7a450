// What the fake OS is like for one test: which platform Electron believes it runs on, what
// the desktop offers, and whether another instance of the app already runs. Reset between
// tests by fakeElectron.reset().

export interface HandedOver {
  argv: string[];
  workingDirectory: string;
  additionalData: unknown;
}

export interface EnvironmentOptions {
  /** Electron exposes platform-only APIs (app.dock, app.setAppUserModelId) by this. */
  platform: NodeJS.Platform;
  isPackaged: boolean;
  /** app.getPath('userData') (and appData, logs, temp beneath the same folder). */
  userData: string;
  notificationsSupported: boolean;
  /** safeStorage: OS encryption available, and on Linux which backend. */
  encryptionAvailable: boolean;
  linuxStorageBackend: 'basic_text' | 'gnome_libsecret' | 'kwallet5' | 'kwallet6' | 'unknown';
  /**
   * Another instance holds the single-instance lock: requestSingleInstanceLock() returns
   * false and what this instance would hand over is recorded in `handedOver`.
   */
  anotherInstanceRunning: boolean;
  /** The argv and working directory this process was started with (for the hand-over). */
  argv: string[];
  workingDirectory: string;
}

export const environment: EnvironmentOptions & { handedOver: HandedOver[] } = {
  platform: 'linux',
  isPackaged: false,
  userData: '/nonexistent/user-data',
  notificationsSupported: true,
  encryptionAvailable: true,
  linuxStorageBackend: 'gnome_libsecret',
  anotherInstanceRunning: false,
  argv: ['/opt/Nomad Uploader/nomad-uploader'],
  workingDirectory: '/',
  handedOver: [],
};

export function resetEnvironment(options: Partial<EnvironmentOptions>): void {
  Object.assign(environment, {
    platform: 'linux',
    isPackaged: false,
    userData: '/nonexistent/user-data',
    notificationsSupported: true,
    encryptionAvailable: true,
    linuxStorageBackend: 'gnome_libsecret',
    anotherInstanceRunning: false,
    argv: ['/opt/Nomad Uploader/nomad-uploader'],
    workingDirectory: '/',
    ...options,
    handedOver: [],
  });
}

/** Electron throws this when a method is called on a window, tray or contents already destroyed. */
export function destroyedError(): TypeError {
  return new TypeError('Object has been destroyed');
}
