// Where the refresh tokens (or API keys) live. In the app: Electron's safeStorage (OS keychain-backed
// encryption), never electron-store's plain JSON. In tests: memory. One blob for all saved servers:
// profile-secrets.ts keys it by profile and reads an older version's single session.

export interface SavedSession {
  serverUrl: string;
  userName: string | null;
  refreshToken: string;
  /** Signed in with an API key (`Authorization: ApiKey`): the key itself, kept as secret as the refresh token. */
  apiKey?: string;
}

/** The store's content: each profile's session by profile id; or, written by an older version, one session. */
export type StoredSecrets = { version: 2; sessions: Record<string, SavedSession> } | SavedSession;

export interface SecretStore {
  load(): Promise<StoredSecrets | null>;
  save(secrets: StoredSecrets | null): Promise<void>;
}

export class MemorySecretStore implements SecretStore {
  value: StoredSecrets | null = null;

  async load(): Promise<StoredSecrets | null> {
    return this.value ? structuredClone(this.value) : null;
  }

  async save(secrets: StoredSecrets | null): Promise<void> {
    this.value = secrets ? structuredClone(secrets) : null;
  }

  /** Every saved session (tests: what a sign-in or sign-out left behind). */
  sessions(): SavedSession[] {
    if (this.value === null) return [];
    return 'version' in this.value ? Object.values(this.value.sessions) : [this.value];
  }
}
