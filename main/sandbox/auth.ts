import type { LoginResponse } from '../engine/protocol';
import { newId, newSecretToken, tokenDigest, userIdFor } from './ids';
import type { Accounts, LoginAttempt, LoginDecision } from './accounts';
import type { SandboxState } from './state-store';

/** Refresh tokens live 30 days by default, like Nomad's. */
export const DEFAULT_REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
/** Expired tokens are forgotten an hour after expiry: long enough to answer "expired" rather than "unknown". */
const EXPIRED_TOKEN_RETENTION_MS = 3600 * 1000;
/**
 * Expired tokens are swept at most once a minute: a sweep looks at every token, so running it
 * on every login would make a login's cost grow with the number of sessions.
 */
const PRUNE_INTERVAL_MS = 60 * 1000;

export interface Principal {
  userName: string;
  /** null when signed in with an API key: it has no session (no refresh, nothing to log out). */
  sessionId: string | null;
}

export type AuthCheck =
  | { kind: 'ok'; principal: Principal }
  | { kind: 'missing' }
  | { kind: 'unknown' }
  | { kind: 'expired' };

export type TokenGrant = { kind: 'ok'; response: LoginResponse } | { kind: 'refused' };

export type LoginOutcome = { kind: 'ok'; response: LoginResponse } | Exclude<LoginDecision, { kind: 'granted' | 'step' }> | { kind: 'step'; response: LoginResponse };

export interface TokenLifetimes {
  accessSeconds: number;
  refreshSeconds: number;
  /**
   * false (the refresh-null variant): a refresh answers `refreshToken: null` and the refresh
   * token presented stays valid, as a server without rotation does (the SDKs keep only `token`).
   */
  rotateRefreshTokens?: boolean;
}

/**
 * Sessions with expiring bearer tokens and rotating refresh tokens. A session lives as long
 * as one of its tokens does: once its refresh token has expired (and the retention hour has
 * passed) the sweep removes its tokens, and with the last one the session itself.
 */
export class AuthService {
  readonly #state: SandboxState;
  readonly #accounts: Accounts;
  readonly #accessTtlMs: number;
  readonly #refreshTtlMs: number;
  readonly #rotate: boolean;
  #nextPruneAt = 0;

  constructor(state: SandboxState, accounts: Accounts, lifetimes: TokenLifetimes) {
    this.#state = state;
    this.#accounts = accounts;
    this.#accessTtlMs = lifetimes.accessSeconds * 1000;
    this.#refreshTtlMs = lifetimes.refreshSeconds * 1000;
    this.#rotate = lifetimes.rotateRefreshTokens ?? true;
  }

  login(attempt: LoginAttempt & { applicationId: string | null }, now = Date.now()): LoginOutcome {
    const decision = this.#accounts.decide(attempt);
    switch (decision.kind) {
      case 'granted':
        return { kind: 'ok', response: this.signIn(attempt.userName, attempt.applicationId, now) };
      case 'step':
        // A further step is needed: 200 with the status and null tokens (LoginResponseModel).
        return {
          kind: 'step',
          response: { id: userIdFor(attempt.userName), userName: attempt.userName, token: null, refreshToken: null, expirationSeconds: 0, loginStatus: decision.loginStatus, userSessionId: null, ...decision.extra },
        };
      case 'forbidden':
      case 'invalid':
      case 'refused':
        return decision;
    }
  }

  /** A new session for an account that has proven who it is (a granted login, or the SSO page). */
  signIn(userName: string, applicationId: string | null, now = Date.now()): LoginResponse {
    this.#prune(now);
    const session = { id: newId(), userName, createdAt: new Date(now).toISOString(), applicationId };
    this.#state.putSession(session);
    return this.#issue(session.id, userName, now);
  }

  /** `POST /account/ping`: Normal for a live session of the caller's, which is marked active; SessionDeactivated otherwise. */
  ping(principal: Principal, userSessionId: string, now = Date.now()): 'Normal' | 'SessionDeactivated' | 'AccountExpired' {
    if (!this.#accounts.active(principal.userName)) return 'AccountExpired';
    const session = this.#state.sessions.get(userSessionId);
    if (!session || session.userName !== principal.userName || this.#state.tokenCountOf(session.id) === 0) return 'SessionDeactivated';
    this.#state.putSession({ ...session, lastActivityAt: new Date(now).toISOString() });
    return 'Normal';
  }

  /** Rotation: the presented refresh token is consumed, so a stolen-and-used one stops working at once. */
  refresh(refreshToken: string, now = Date.now()): TokenGrant {
    const record = this.#state.tokens.get(tokenDigest(refreshToken));
    if (!record || record.kind !== 'refresh' || record.expiresAt <= now) return { kind: 'refused' };
    const session = this.#state.sessions.get(record.sessionId);
    if (!session || !this.#accounts.active(session.userName)) return { kind: 'refused' };
    // Prune before consuming: the session is still held alive by the token being used.
    this.#prune(now);
    if (!this.#rotate) return { kind: 'ok', response: this.#issue(session.id, session.userName, now, { refresh: false }) };
    this.#state.deleteToken(record.digest, { keepSession: true });
    return { kind: 'ok', response: this.#issue(session.id, session.userName, now) };
  }

  /** `Authorization: Bearer <token>`, or `ApiKey <key>` as Nomad's Python SDK sends it. */
  authenticate(authorization: string | undefined, now = Date.now()): AuthCheck {
    const apiKey = /^ApiKey\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (apiKey?.[1]) {
      const userName = this.#accounts.userNameForApiKey(apiKey[1]);
      return userName !== null && this.#accounts.active(userName) ? { kind: 'ok', principal: { userName, sessionId: null } } : { kind: 'unknown' };
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) return { kind: 'missing' };
    const record = this.#state.tokens.get(tokenDigest(match[1]));
    if (!record || record.kind !== 'access') return { kind: 'unknown' };
    if (record.expiresAt <= now) return { kind: 'expired' };
    const session = this.#state.sessions.get(record.sessionId);
    // A user dropped from the options (restart with other users) loses access at once.
    if (!session || !this.#accounts.active(session.userName)) return { kind: 'unknown' };
    return { kind: 'ok', principal: { userName: session.userName, sessionId: session.id } };
  }

  /** Ends a session (the caller's own, or another of the same user's by id): all its tokens die with it. */
  logout(principal: Principal, userSessionId: string | null): boolean {
    const sessionId = userSessionId ?? principal.sessionId;
    if (sessionId === null) return false;
    const session = this.#state.sessions.get(sessionId);
    if (!session || session.userName !== principal.userName) return false;
    this.#state.deleteSession(sessionId);
    return true;
  }

  /** The `expire-tokens` fault: every access token issued so far is expired; refresh tokens keep working. */
  expireAccessTokens(now = Date.now()): number {
    return this.#state.expireAccessTokens(now);
  }

  #issue(sessionId: string, userName: string, now: number, { refresh = true } = {}): LoginResponse {
    const token = newSecretToken();
    const refreshToken = refresh ? newSecretToken() : null;
    this.#state.putToken({ digest: tokenDigest(token), sessionId, kind: 'access', expiresAt: now + this.#accessTtlMs });
    if (refreshToken !== null) this.#state.putToken({ digest: tokenDigest(refreshToken), sessionId, kind: 'refresh', expiresAt: now + this.#refreshTtlMs });
    return {
      id: userIdFor(userName),
      userName,
      token,
      refreshToken,
      expirationSeconds: this.#accessTtlMs / 1000,
      loginStatus: null,
      userSessionId: sessionId,
    };
  }

  /** Forgets tokens past expiry + retention; a session goes with its last token (SandboxState.deleteToken). */
  #prune(now: number): void {
    if (now < this.#nextPruneAt) return;
    this.#nextPruneAt = now + PRUNE_INTERVAL_MS;
    const stale = [...this.#state.tokens.values()].filter((token) => token.expiresAt + EXPIRED_TOKEN_RETENTION_MS < now);
    for (const token of stale) this.#state.deleteToken(token.digest);
  }
}
