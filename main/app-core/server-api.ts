// The API client of one profile: its session (or API key) goes to the secret store under
// the profile's id whenever it changes; the sandbox's demo sign-in is public and never saved.

import type { Dispatcher } from 'undici';
import { NomadApi, type Session } from '../engine/api';
import type { Logger } from '../engine/log';
import type { SavedSession } from './secret-store';

export const SANDBOX_USER = { userName: 'demo', password: 'demo' };

export interface ServerApiOptions {
  serverUrl: string;
  session: Session | null;
  apiKey: string | null;
  /** The sandbox: signs in again by itself with the public demo user, keeps nothing. */
  sandbox: boolean;
  dispatcher?: Dispatcher;
  log: Logger;
  /** The session to keep (null: none any more), as the secret store saves it. */
  saveSession(session: SavedSession | null): void;
  /** The server ended the session (a refresh was refused), or a sign-out ended it. */
  ended(api: NomadApi): void;
}

export function createServerApi(options: ServerApiOptions): NomadApi {
  const { serverUrl, apiKey, log } = options;
  const api: NomadApi = new NomadApi({
    serverUrl,
    session: options.session,
    apiKey,
    dispatcher: options.dispatcher,
    log: (event) => log.debug('api', { request: event.request, status: event.status, ms: Math.round(event.ms), error: event.error }),
    // The sandbox's demo password is public; a real server's password is never kept.
    credentials: options.sandbox ? SANDBOX_USER : null,
    onSession: (next) => {
      if (options.sandbox) return;
      options.saveSession(next ? { serverUrl, userName: next.userName, refreshToken: next.refreshToken, ...(apiKey ? { apiKey } : {}) } : null);
      if (next === null) options.ended(api);
    },
  });
  return api;
}

/** A saved sign-in as the client's starting session: only the refresh token (or the API key) is kept; the first call trades it for an access token. */
export function sessionFromSaved(saved: SavedSession): Session {
  return { token: '', refreshToken: saved.refreshToken, expiresAt: saved.apiKey ? Number.MAX_SAFE_INTEGER : 0, userName: saved.userName };
}
