import type { LoginResponse } from '../engine/protocol';
import { newId, newSecretToken, tokenDigest, userIdFor } from './ids';
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
  sessionId: string;
}

export type AuthCheck =
  | { kind: 'ok'; principal: Principal }
  | { kind: 'missing' }
  | { kind: 'unknown' }
  | { kind: 'expired' };

export type TokenGrant = { kind: 'ok'; response: LoginResponse } | { kind: 'refused' };

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
  readonly #users: ReadonlyMap<string, string>;
  readonly #accessTtlMs: number;
  readonly #refreshTtlMs: number;
  readonly #rotate: boolean;
  #nextPruneAt = 0;

  constructor(state: SandboxState, users: Record<string, string>, lifetimes: TokenLifetimes) {
    this.#state = state;
    this.#users = new Map(Object.entries(users));
    this.#accessTtlMs = lifetimes.accessSeconds * 1000;
    this.#refreshTtlMs = lifetimes.refreshSeconds * 1000;
    this.#rotate = lifetimes.rotateRefreshTokens ?? true;
  }

  login(userName: string, password: string, now = Date.now()): TokenGrant {
    // The spec answers unknown user and wrong password alike (404), so neither is revealed.
    if (this.#users.get(userName) !== password) return { kind: 'refused' };
    this.#prune(now);
    const session = { id: newId(), userName, createdAt: new Date(now).toISOString() };
    this.#state.putSession(session);
    return { kind: 'ok', response: this.#issue(session.id, userName, now) };
  }

  /** Rotation: the presented refresh token is consumed, so a stolen-and-used one stops working at once. */
  refresh(refreshToken: string, now = Date.now()): TokenGrant {
    const record = this.#state.tokens.get(tokenDigest(refreshToken));
    if (!record || record.kind !== 'refresh' || record.expiresAt <= now) return { kind: 'refused' };
    const session = this.#state.sessions.get(record.sessionId);
    if (!session || !this.#users.has(session.userName)) return { kind: 'refused' };
    // Prune before consuming: the session is still held alive by the token being used.
    this.#prune(now);
    if (!this.#rotate) return { kind: 'ok', response: this.#issue(session.id, session.userName, now, { refresh: false }) };
    this.#state.deleteToken(record.digest, { keepSession: true });
    return { kind: 'ok', response: this.#issue(session.id, session.userName, now) };
  }

  authenticate(authorization: string | undefined, now = Date.now()): AuthCheck {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) return { kind: 'missing' };
    const record = this.#state.tokens.get(tokenDigest(match[1]));
    if (!record || record.kind !== 'access') return { kind: 'unknown' };
    if (record.expiresAt <= now) return { kind: 'expired' };
    const session = this.#state.sessions.get(record.sessionId);
    // A user dropped from the options (restart with other users) loses access at once.
    if (!session || !this.#users.has(session.userName)) return { kind: 'unknown' };
    return { kind: 'ok', principal: { userName: session.userName, sessionId: session.id } };
  }

  /** Ends a session (the caller's own, or another of the same user's by id): all its tokens die with it. */
  logout(principal: Principal, userSessionId: string | null): boolean {
    const sessionId = userSessionId ?? principal.sessionId;
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
