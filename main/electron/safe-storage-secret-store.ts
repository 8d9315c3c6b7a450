// The refresh token, encrypted with Electron's safeStorage (Keychain on macOS, DPAPI on
// Windows, libsecret/kwallet on Linux) in a file of its own under userData.

import { safeStorage } from 'electron';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseStoredSecrets } from '../app-core/profile-secrets';
import type { SecretStore, StoredSecrets } from '../app-core/secret-store';

export class SafeStorageSecretStore implements SecretStore {
  #path: string;
  /** Without OS encryption the session lives in memory only: never written in clear. */
  #memory: StoredSecrets | null = null;

  constructor(userDataDir: string) {
    this.#path = join(userDataDir, 'session.bin');
  }

  get persistent(): boolean {
    if (!safeStorage.isEncryptionAvailable()) return false;
    // On Linux without a keyring (no libsecret/kwallet) Electron falls back to a key that is
    // hard-coded in Chromium ("basic_text"): obfuscation anyone can undo, so keep the token
    // in memory only and ask for a sign-in on the next start instead.
    return !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text');
  }

  async load(): Promise<StoredSecrets | null> {
    if (!this.persistent) return this.#memory;
    try {
      return parseStoredSecrets(JSON.parse(safeStorage.decryptString(await readFile(this.#path))));
    } catch {
      return null;
    }
  }

  async save(session: StoredSecrets | null): Promise<void> {
    if (!this.persistent) {
      this.#memory = session;
      return;
    }
    if (!session) {
      await rm(this.#path, { force: true });
      return;
    }
    const temp = `${this.#path}.tmp`;
    await writeFile(temp, safeStorage.encryptString(JSON.stringify(session)), { mode: 0o600 });
    await rename(temp, this.#path);
  }
}
