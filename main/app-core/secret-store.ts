// Where the refresh token (or the API key) lives. In the app: Electron's safeStorage (OS keychain-backed
// encryption), never electron-store's plain JSON. In tests: memory.

export interface SavedSession {
  serverUrl: string;
  userName: string | null;
  refreshToken: string;
  /** Signed in with an API key (`Authorization: ApiKey`): the key itself, kept as secret as the refresh token. */
  apiKey?: string;
}

export interface SecretStore {
  load(): Promise<SavedSession | null>;
  save(session: SavedSession | null): Promise<void>;
}

export class MemorySecretStore implements SecretStore {
  value: SavedSession | null = null;

  async load(): Promise<SavedSession | null> {
    return this.value ? { ...this.value } : null;
  }

  async save(session: SavedSession | null): Promise<void> {
    this.value = session ? { ...session } : null;
  }
}
