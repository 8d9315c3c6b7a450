// The shapes the Nomad API client speaks in: credentials, sessions, options, and the one way
// an id becomes a URL path segment. Kept apart from the client so route modules (folders,
// lookups, job history) and the app can use them without the client's session machinery.

import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { UploadError } from './errors';
import type { LoginStep } from './auth-outcome';

export interface Credentials {
  userName: string;
  password: string;
  /** LoginRequestModel.token: the two-factor code, on the login after TwoFactorCodeRequired / TwoFactorSetupRequired. */
  token?: string | null;
  /** Sets a new password when the server answered IsPendingNewPassword. */
  newPassword?: string | null;
}

export interface Session {
  token: string;
  /** '' when the server gave none (an SSO callback without one): such a session cannot be refreshed. */
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  userName: string | null;
  /** LoginResponseModel.userSessionId: names the session for logout and `POST /account/ping`. */
  userSessionId?: string | null;
}

/** What the last refresh answer did with the refresh token (doctor reports it). */
export type RefreshRotation = 'rotated' | 'same' | 'kept-previous';

/** The result of a login: a session, or the step the server wants first (auth-outcome.ts). */
export type SignInStep = Exclude<LoginStep, { kind: 'signed-in' }> | { kind: 'signed-in'; session: Session };

export interface ApiLogEvent {
  request: string;
  status: number | null;
  ms: number;
  error?: string;
}

export interface NomadApiOptions {
  /** Server base URL; `/api` is appended unless it is already there. */
  serverUrl: string;
  dispatcher?: Dispatcher;
  session?: Session | null;
  /** When given, a refused refresh token falls back to a fresh login (the CLI has a password). */
  credentials?: Credentials | null;
  /**
   * Signs every call with `Authorization: ApiKey <key>` (as Nomad's Python SDK does) instead of
   * a bearer token: no login, no refresh, nothing to log out.
   */
  apiKey?: string | null;
  /** LoginRequestModel.applicationId, sent on login, logout and ping when configured. */
  applicationId?: string | null;
  /** Called whenever the session changes: refresh tokens rotate and must be persisted. */
  onSession?: (session: Session | null) => void;
  /** Headers and body must arrive within this window; default 30 s. */
  requestTimeoutMs?: number;
  log?: (event: ApiLogEvent) => void;
  now?: () => number;
}


/**
 * An id as one URL path segment. `.` and `..` would be resolved away by URL parsing
 * (`/asset/upload/../cancel` is `/asset/cancel`): such an id is refused, never sent.
 */
export function pathSegment(id: string): string {
  if (id === '' || id === '.' || id === '..') throw new UploadError('bad-request', `"${id}" is not a valid id.`);
  return encodeURIComponent(id);
}

export function apiBaseUrl(serverUrl: string): string {
  const trimmed = serverUrl.trim().replace(/\/+$/, '');
  return /\/api$/i.test(trimmed) ? trimmed : `${trimmed}/api`;
}

export type Method = 'GET' | 'POST' | 'PATCH';

export interface CallOptions<S extends z.ZodType | null> {
  route: string;
  body?: unknown;
  query?: Record<string, string | undefined>;
  schema: S;
  auth?: boolean;
  signal?: AbortSignal;
}
