// Which server client belongs to which profile: the service makes every client here, so each
// one saves its session (or API key) under its own profile's id, and a sign-in to an address
// finds the profile it is for (the shown one, a saved one, or a new one named by its host).

import type { Dispatcher } from 'undici';
import { apiBaseUrl, type NomadApi } from '../engine/api';
import type { Logger } from '../engine/log';
import type { Settings } from '../../preload/contract';
import type { ProfileSecrets } from './profile-secrets';
import * as profiles from './profiles';
import { createServerApi } from './server-api';
import { SANDBOX_PROFILE_ID } from './settings';

export interface ProfileApisOptions {
  secrets: ProfileSecrets;
  settings: () => Settings;
  dispatcher?: Dispatcher | undefined;
  log: Logger;
  /** The server ended the session of a profile's client (refresh refused, or a sign-out). */
  ended(profileId: string, api: NomadApi): void;
}

type StartSession = Parameters<typeof createServerApi>[0]['session'];

export class ProfileApis {
  readonly #options: ProfileApisOptions;
  /** Which profile each client signs in for (its session is saved under that id). */
  readonly #profileOf = new WeakMap<NomadApi, string>();

  constructor(options: ProfileApisOptions) {
    this.#options = options;
  }

  /** A client for `profileId` at `serverUrl`, starting from a saved session (or none). */
  create(profileId: string, serverUrl: string, session: StartSession, apiKey: string | null = null): NomadApi {
    const { secrets, dispatcher, log } = this.#options;
    const api = createServerApi({
      serverUrl,
      session,
      apiKey,
      sandbox: profileId === SANDBOX_PROFILE_ID,
      dispatcher,
      log,
      saveSession: (saved) => void secrets.save(profileId, saved),
      ended: (ended) => this.#options.ended(profileId, ended),
    });
    this.#profileOf.set(api, profileId);
    return api;
  }

  /** The client a sign-in to `url` starts from: for the profile of that address. */
  forAddress(url: string, apiKey: string | null = null): NomadApi {
    return this.create(this.profileIdFor(url), url, null, apiKey);
  }

  /** The profile a client was made for; null for a client made elsewhere. */
  profileOf(api: NomadApi): string | null {
    return this.#profileOf.get(api) ?? null;
  }

  /** The profile a sign-in to `url` is for: the shown one if it points there, else the first saved there, else a new id. */
  profileIdFor(url: string): string {
    const settings = this.#options.settings();
    const shown = profiles.shownProfile(settings);
    if (shown !== null && sameServer(apiBaseUrl(shown.url), url)) return shown.id;
    return settings.profiles.find((p) => sameServer(apiBaseUrl(p.url), url))?.id ?? profiles.newProfile(profiles.hostOf(url), url).id;
  }
}

/** Two addresses of one API: `https://h` and `https://h/api/` are the same server. */
export function sameServer(baseUrl: string, url: string): boolean {
  return baseUrl.toLowerCase() === apiBaseUrl(url).toLowerCase();
}
