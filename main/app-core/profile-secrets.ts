// Each saved server's sign-in (its refresh token, or its API key), kept in the one secret
// store (safeStorage in the app) as a map keyed by profile id. A store written by an older
// version holds one session for one server: it is read as that server's profile's.

import { z } from 'zod';
import type { SavedSession, SecretStore, StoredSecrets } from './secret-store';

const sessionSchema = z.object({
  serverUrl: z.string(),
  userName: z.string().nullable(),
  refreshToken: z.string(),
  apiKey: z.string().optional(),
});

const storedSchema = z.union([z.object({ version: z.literal(2), sessions: z.record(z.string(), sessionSchema) }), sessionSchema]);

/** What a secret store's file may hold: this version's map, or an older version's single session. */
export function parseStoredSecrets(value: unknown): StoredSecrets | null {
  const parsed = storedSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export class ProfileSecrets {
  readonly #store: SecretStore;
  /** Saves run one after another: two profiles' sessions written at once must not lose one. */
  #chain: Promise<unknown> = Promise.resolve();

  constructor(store: SecretStore) {
    this.#store = store;
  }

  /**
   * The session saved for a profile. `legacyUrl`: the address of the profile an older version's
   * single session belongs to (the migrated profile); that session is re-saved under the id.
   */
  async load(profileId: string, legacyUrl: string | null = null): Promise<SavedSession | null> {
    const stored = await this.#sessions();
    return stored.sessions[profileId] ?? (stored.legacy !== null && legacyUrl !== null && stored.legacy.serverUrl === legacyUrl ? await this.#migrate(profileId, stored.legacy) : null);
  }

  save(profileId: string, session: SavedSession | null): Promise<void> {
    const next = this.#chain.then(async () => {
      const { sessions } = await this.#sessions();
      const rest = Object.fromEntries(Object.entries(sessions).filter(([id]) => id !== profileId));
      const all = session === null ? rest : { ...rest, [profileId]: session };
      await this.#store.save(Object.keys(all).length === 0 ? null : { version: 2, sessions: all });
    });
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async #migrate(profileId: string, legacy: SavedSession): Promise<SavedSession> {
    await this.save(profileId, legacy);
    return legacy;
  }

  async #sessions(): Promise<{ sessions: Record<string, SavedSession>; legacy: SavedSession | null }> {
    const stored = parseStoredSecrets(await this.#store.load());
    if (stored === null) return { sessions: {}, legacy: null };
    if ('version' in stored) return { sessions: stored.sessions, legacy: null };
    return { sessions: {}, legacy: stored };
  }
}
