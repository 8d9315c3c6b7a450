// The app's sign-in methods beyond a password (API key, single sign-on) and its "Test
// connection": each builds on the service's own client so the session lands in the secret
// store and the queue, exactly as a password sign-in does.

import { fetchProfile } from '../engine/auth-account';
import { isSsoProvider, sessionFromCallback, ssoLoginUrl } from '../engine/auth-sso';
import { UploadError } from '../engine/errors';
import type { AccountView } from '../../preload/contract';
import { AppError } from './app-errors';
import { runConnectionChecks, type ConnectionReport } from './connection-checks';
import { notNomadMessage, probeNomadApi } from './server-probe';
import { listenForSsoCallback } from './sso-loopback';
import type { UploaderService } from './uploader-service';

/** An API key is never refreshed: a session-shaped record that does not expire carries its account's name. */
const NEVER = Number.MAX_SAFE_INTEGER;

export async function signInWithApiKey(service: UploaderService, serverUrl: string, apiKey: string): Promise<AccountView> {
  const api = service.serverApi(serverUrl, apiKey);
  let profile;
  try {
    // An API key has no login: the first authenticated call is what proves it.
    profile = await fetchProfile(api);
  } catch (error) {
    if (!(error instanceof UploadError) || (error.code !== 'auth-failed' && error.code !== 'not-found' && error.code !== 'invalid-response')) throw error;
    const probe = await probeNomadApi(serverUrl);
    if (probe.kind === 'web-app' || probe.kind === 'not-nomad') throw new AppError('not-nomad-api', notNomadMessage(serverUrl, probe), { status: probe.status, request: 'GET /admin/asset/upload' });
    throw new UploadError('auth-failed', 'The server refused this API key. Check it, or ask your Nomad administrator for a new one.', error.context);
  }
  // Saves the key (secret store) with the account's name, as a sign-in saves its refresh token.
  api.adoptSession({ token: '', refreshToken: '', expiresAt: NEVER, userName: profile.displayName });
  await service.useServer(api, serverUrl.trim().replace(/\/+$/, ''));
  return service.account();
}

/** One SSO sign-in at a time: starting another cancels the one still waiting for its browser. */
export class SsoSignIn {
  #pending: AbortController | null = null;

  async run(service: UploaderService, serverUrl: string, provider: string, open: (url: string) => Promise<boolean>): Promise<AccountView> {
    if (!isSsoProvider(provider)) throw new UploadError('bad-request', 'Enter the name of the sign-in provider, e.g. azure.');
    this.cancel();
    const abort = new AbortController();
    this.#pending = abort;
    const listener = await listenForSsoCallback(abort.signal);
    try {
      const start = ssoLoginUrl(serverUrl, provider, listener.redirectUri);
      if (!(await open(start.url))) throw new UploadError('bad-request', 'The sign-in page cannot be opened: the server address is not a web address.');
      const session = sessionFromCallback(await listener.callback, start.state);
      const api = service.serverApi(serverUrl);
      api.adoptSession(session);
      const profile = await fetchProfile(api);
      api.adoptSession({ ...session, userName: profile.displayName });
      await service.useServer(api, serverUrl.trim().replace(/\/+$/, ''));
      return service.account();
    } finally {
      listener.close();
      if (this.#pending === abort) this.#pending = null;
    }
  }

  cancel(): void {
    this.#pending?.abort();
    this.#pending = null;
  }
}

/** Settings → Test connection: the doctor's checks on the signed-in session (nothing else is signed in or out). */
export async function testConnection(service: UploaderService, writeTest: boolean): Promise<ConnectionReport> {
  const account = service.account();
  const api = service.currentApi;
  const serverUrl = account.target.kind === 'server' ? account.target.url : api?.baseUrl ?? '';
  if (serverUrl === '') throw new AppError('signed-out', 'Sign in first: the test runs on the signed-in connection.');
  return runConnectionChecks({
    serverUrl,
    writeTest,
    signIn:
      api === null
        ? null
        : async () => ({
            ok: true,
            api,
            method: account.target.kind === 'sandbox' ? 'the local sandbox' : api.authMethod === 'api-key' ? 'API key' : 'the saved session',
            userName: account.userName,
          }),
  });
}
