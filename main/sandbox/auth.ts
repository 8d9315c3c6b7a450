import type { LoginResponse } from '../engine/protocol';
import { newId, newSecretToken, tokenDigest, userIdFor } from './ids';
import type { SandboxState } from './state-store';

/** Refresh tokens live 30 days, like Nomad's. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;
/** Expired tokens are forgotten an hour after expiry: long enough to answer "expired" rather than "unknown". */
const EXPIRED_TOKEN_RETENTION_MS = 3600 * 1000;

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

/** Sessions with expiring bearer tokens and rotating refresh tokens. */
export class AuthService {
  readonly #state: SandboxState;
  readonly #users: ReadonlyMap<string, string>;
  readonly #accessTtlMs: number;

  constructor(state: SandboxState, users: Record<string, string>, accessTtlSeconds: number) {
    this.#state = state;
    this.#users = new Map(Object.entries(users));
    this.#accessTtlMs = accessTtlSeconds * 1000;
  }

  login(userName: string, password: string, now = Date.now()): TokenGrant {
    // The spec answers unknown user and wrong password alike (404), so neither is revealed.
    if (this.#users.get(userName) !== password) return { kind: 'refused' };
    this.#prune(now);
    const session = { id: newId(), userName, createdAt: new Date(now).toISOString() };
    this.#state.sessions.set(session.id, session);
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
    this.#state.tokens.delete(record.digest);
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
    this.#state.sessions.delete(sessionId);
    for (const [digest, token] of this.#state.tokens) {
      if (token.sessionId === sessionId) this.#state.tokens.delete(digest);
    }
    return true;
  }

  /** The `expire-tokens` fault: every access token issued so far is expired; refresh tokens keep working. */
  expireAccessTokens(now = Date.now()): number {
    let count = 0;
    for (const token of this.#state.tokens.values()) {
      if (token.kind === 'access' && token.expiresAt > now) {
        token.expiresAt = now;
        count++;
      }
    }
    return count;
  }

  #issue(sessionId: string, userName: string, now: number): LoginResponse {
    const token = newSecretToken();
    const refreshToken = newSecretToken();
    this.#state.tokens.set(tokenDigest(token), {
      digest: tokenDigest(token),
      sessionId,
      kind: 'access',
      expiresAt: now + this.#accessTtlMs,
    });
    this.#state.tokens.set(tokenDigest(refreshToken), {
      digest: tokenDigest(refreshToken),
      sessionId,
      kind: 'refresh',
      expiresAt: now + REFRESH_TOKEN_TTL_MS,
    });
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

  #prune(now: number): void {
    for (const [digest, token] of this.#state.tokens) {
      if (token.expiresAt + EXPIRED_TOKEN_RETENTION_MS < now) this.#state.tokens.delete(digest);
    }
    for (const [id] of this.#state.sessions) {
      let alive = false;
      for (const token of this.#state.tokens.values()) {
        if (token.sessionId === id) {
          alive = true;
          break;
        }
      }
      if (!alive) this.#state.sessions.delete(id);
    }
  }
}
