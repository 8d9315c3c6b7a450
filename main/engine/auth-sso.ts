// Single sign-on as Nomad's web sign-in does it: the provider's page is
// `{api}/auth/{provider}/login`; on success it redirects to a callback whose query carries the
// tokens, named as Nomad's Python SDK reads them (`azurePortal_token`,
// `azurePortal_refresh_token`, `expires`). The spec does not describe the flow: `expires` is
// read as the access token's lifetime in seconds, or as an epoch / date when it is one.

import { randomBytes } from 'node:crypto';
import { apiBaseUrl, pathSegment, type Session } from './api';
import { UploadError } from './errors';

/** Provider names are one path segment of letters, digits, `-` and `_` (azure, okta, sandbox…). */
const PROVIDER_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isSsoProvider(name: string): boolean {
  return PROVIDER_PATTERN.test(name);
}

export interface SsoStart {
  /** The page to open in a browser. */
  url: string;
  /** Echoed back on the callback by servers that keep it: a callback with another state is refused. */
  state: string;
}

/**
 * The provider's sign-in page. `redirectUri` is where it sends the browser back (a loopback
 * address the app listens on); without one the server's own callback page shows the address
 * to paste into the CLI.
 */
export function ssoLoginUrl(serverUrl: string, provider: string, redirectUri: string | null = null): SsoStart {
  if (!isSsoProvider(provider)) throw new UploadError('bad-request', `"${provider}" is not a sign-in provider name (letters, digits, - and _).`);
  const state = randomBytes(16).toString('hex');
  const url = new URL(`${apiBaseUrl(serverUrl)}/auth/${pathSegment(provider)}/login`);
  if (redirectUri !== null) url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  return { url: url.toString(), state };
}

/** Seconds, an epoch (s or ms) or an HTTP/ISO date → epoch ms of expiry. */
function expiryFrom(raw: string | null, now: number): number {
  const hour = now + 3600_000;
  if (raw === null || raw.trim() === '') return hour;
  const number = Number(raw);
  if (Number.isFinite(number) && number > 0) {
    if (number > 1e12) return number; // epoch ms
    if (number > 1e9) return number * 1000; // epoch s
    return now + number * 1000; // a lifetime
  }
  const date = Date.parse(raw);
  return Number.isFinite(date) ? date : hour;
}

/**
 * The session in a callback address (as pasted by the person, or as the loopback listener
 * received it). Refuses an address without a token, and one whose state is not ours.
 */
export function sessionFromCallback(callback: string, expectedState: string | null, now = Date.now()): Session {
  let url: URL;
  try {
    url = new URL(callback.trim());
  } catch {
    throw new UploadError('bad-request', 'That is not the address the sign-in page sent you to: paste the whole address, starting with http.');
  }
  const query = url.searchParams;
  const error = query.get('error_description') ?? query.get('error');
  if (error) throw new UploadError('auth-failed', `The sign-in provider refused: ${error.slice(0, 300)}`, { request: 'SSO callback' });
  const token = query.get('azurePortal_token') ?? query.get('token');
  if (!token) {
    throw new UploadError('bad-request', 'That address holds no sign-in token: copy the address of the page the sign-in ended on.', { request: 'SSO callback' });
  }
  const state = query.get('state');
  if (expectedState !== null && state !== null && state !== expectedState) {
    throw new UploadError('auth-failed', 'That sign-in answer belongs to another sign-in attempt: start again.', { request: 'SSO callback' });
  }
  return {
    token,
    refreshToken: query.get('azurePortal_refresh_token') ?? query.get('refreshToken') ?? '',
    expiresAt: expiryFrom(query.get('expires'), now),
    userName: null,
    userSessionId: query.get('userSessionId') || null,
  };
}
