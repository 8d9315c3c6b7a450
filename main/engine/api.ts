// Typed Nomad API client over undici. One session, one single-flight refresh shared by every
// caller: with rotating refresh tokens, two concurrent refreshes would spend the same refresh
// token twice and the second would log the user out.

import { request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import {
  assetUploadListSchema,
  assetUploadSchema,
  partListSchema,
  type ParsedAssetUpload,
  type ParsedPart,
} from './api-schemas';
import { sendJson, type ApiHttp } from './api-http';
import { loginAnswerSchema, stepError, stepFromAnswer, stepFromRefusal, type GrantedTokens, type LoginStep } from './auth-outcome';
import { UploadError } from './errors';
import type { AssetUploadStartRequest, CompletePartRequest, LoginRequest, RefreshTokenRequest, RelatedAssetUploadStartRequest } from './protocol';
import {
  apiBaseUrl,
  pathSegment,
  type ApiLogEvent,
  type CallOptions,
  type Credentials,
  type Method,
  type NomadApiOptions,
  type RefreshRotation,
  type Session,
  type SignInStep,
} from './api-types';

/** Refresh this long before the token's stated expiry so requests in flight do not race it. */
const REFRESH_MARGIN_MS = 30_000;
const DEFAULT_TOKEN_LIFETIME_S = 3600;
/** A health check answers in well under this even on a satellite link. */
const REACHABLE_TIMEOUT_MS = 10_000;

export class NomadApi {
  readonly baseUrl: string;
  #dispatcher: Dispatcher | undefined;
  #session: Session | null;
  #credentials: Credentials | null;
  #onSession: ((session: Session | null) => void) | undefined;
  #log: ((event: ApiLogEvent) => void) | undefined;
  #now: () => number;
  #refreshing: Promise<Session> | null = null;
  #apiKey: string | null;
  #applicationId: string | null;
  #lastRotation: RefreshRotation | null = null;
  #logListeners = new Set<(event: ApiLogEvent) => void>();
  #http: ApiHttp;

  constructor(options: NomadApiOptions) {
    this.baseUrl = apiBaseUrl(options.serverUrl);
    this.#dispatcher = options.dispatcher;
    this.#session = options.session ?? null;
    this.#credentials = options.credentials ?? null;
    this.#onSession = options.onSession;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.#apiKey = options.apiKey || null;
    this.#applicationId = options.applicationId || null;
    this.#http = {
      baseUrl: this.baseUrl,
      dispatcher: this.#dispatcher,
      timeoutMs: options.requestTimeoutMs ?? 30_000,
      now: this.#now,
      log: (event) => this.#emitLog(event),
    };
  }

  /** How calls are signed: an API key, or a session's bearer token. */
  get authMethod(): 'api-key' | 'session' {
    return this.#apiKey !== null ? 'api-key' : 'session';
  }

  get applicationId(): string | null {
    return this.#applicationId;
  }

  /** Every API call's outcome, as the log sees it (doctor watches how the server answers an expired token). */
  addLogListener(listener: (event: ApiLogEvent) => void): () => void {
    this.#logListeners.add(listener);
    return () => this.#logListeners.delete(listener);
  }

  #emitLog(event: ApiLogEvent): void {
    this.#log?.(event);
    for (const listener of this.#logListeners) listener(event);
  }

  /** What the last refresh did with the refresh token; null before the first refresh. */
  get lastRotation(): RefreshRotation | null {
    return this.#lastRotation;
  }

  get session(): Session | null {
    return this.#session;
  }

  get signedIn(): boolean {
    return this.#apiKey !== null || this.#session !== null;
  }

  /**
   * One login attempt: a session, or the step the server asks for first (a two-factor code or
   * setup, a new password) or why it refuses the account. Network and protocol failures throw.
   */
  async signIn(credentials: Credentials, signal?: AbortSignal): Promise<SignInStep> {
    const route = 'POST /account/login';
    let step: LoginStep;
    try {
      const answer = await this.#call('POST', '/account/login', {
        route,
        body: {
          userName: credentials.userName,
          password: credentials.password,
          ...(credentials.token ? { token: credentials.token } : {}),
          ...(credentials.newPassword ? { newPassword: credentials.newPassword } : {}),
          ...(this.#applicationId ? { applicationId: this.#applicationId } : {}),
        } satisfies LoginRequest,
        schema: loginAnswerSchema,
        auth: false,
        signal,
      });
      step = stepFromAnswer(answer, { request: route, status: 200 });
    } catch (error) {
      const refusal = error instanceof UploadError && error.context.request === route ? stepFromRefusal(error, credentials) : null;
      if (refusal === null) throw error;
      step = refusal;
    }
    if (step.kind !== 'signed-in') return step;
    return { kind: 'signed-in', session: this.#adopt(step.tokens, credentials.userName) };
  }

  /** A login that must end signed in (the CLI's fallback, tests): any other step is thrown as its error. */
  async login(credentials: Credentials, signal?: AbortSignal): Promise<Session> {
    const step = await this.signIn(credentials, signal);
    if (step.kind !== 'signed-in') throw stepError(step);
    return step.session;
  }

  /** Takes tokens the server handed out elsewhere (an SSO callback) as this client's session. */
  adoptSession(session: Session): void {
    this.#setSession(session);
  }

  /** Refreshes now (doctor: does the server rotate refresh tokens?). */
  async refreshNow(): Promise<RefreshRotation> {
    if (this.#apiKey !== null) throw new UploadError('bad-request', 'An API key has no session to refresh.');
    await this.#refresh();
    return this.#lastRotation ?? 'rotated';
  }

  /** Ends the session on the server (best effort) and forgets it locally. */
  async logout(): Promise<void> {
    if (this.#session && this.#apiKey === null) {
      // The spec requires the bearer on logout: without it the server answers 401 and the
      // session (and its refresh token) stays alive on the server. userSessionId names it.
      const body = {
        ...(this.#session.userSessionId ? { userSessionId: this.#session.userSessionId } : {}),
        ...(this.#applicationId ? { applicationId: this.#applicationId } : {}),
      };
      await this.#call('POST', '/account/logout', { route: 'POST /account/logout', body, schema: null }, this.#session.token).catch(
        () => undefined,
      );
    }
    this.#setSession(null);
  }

  startUpload(body: AssetUploadStartRequest, signal?: AbortSignal): Promise<ParsedAssetUpload> {
    return this.#authed('POST', '/asset/upload/start', {
      route: 'POST /asset/upload/start',
      body,
      schema: assetUploadSchema,
      signal,
    });
  }

  startRelatedUpload(body: RelatedAssetUploadStartRequest, signal?: AbortSignal): Promise<ParsedAssetUpload> {
    return this.#authed('POST', '/asset/upload/start-related-asset', {
      route: 'POST /asset/upload/start-related-asset',
      body,
      schema: assetUploadSchema,
      signal,
    });
  }

  async completePart(partId: string, etag: string, signal?: AbortSignal): Promise<void> {
    await this.#authed('POST', `/asset/upload/part/${pathSegment(partId)}/complete`, {
      route: 'POST /asset/upload/part/{id}/complete',
      body: { etag } satisfies CompletePartRequest,
      schema: null,
      signal,
    });
  }

  async completeUpload(uploadId: string, signal?: AbortSignal): Promise<void> {
    await this.#authed('POST', `/asset/upload/${pathSegment(uploadId)}/complete`, {
      route: 'POST /asset/upload/{id}/complete',
      body: {},
      schema: null,
      signal,
    });
  }

  async cancelUpload(uploadId: string, message?: string, signal?: AbortSignal): Promise<void> {
    await this.#authed('POST', `/asset/upload/${pathSegment(uploadId)}/cancel`, {
      route: 'POST /asset/upload/{id}/cancel',
      query: { message },
      body: {},
      schema: null,
      signal,
    });
  }

  listUploads(includeCompleted = false, signal?: AbortSignal): Promise<ParsedAssetUpload[]> {
    return this.#authed('GET', '/admin/asset/upload', {
      route: 'GET /admin/asset/upload',
      query: includeCompleted ? { includeCompletedUploads: 'true' } : undefined,
      schema: assetUploadListSchema,
      signal,
    });
  }

  /** The upload's parts with `isCompleted` and fresh URLs for the parts still to send. */
  getUploadParts(uploadId: string, signal?: AbortSignal): Promise<ParsedPart[]> {
    return this.#authed('GET', `/admin/asset/upload/${pathSegment(uploadId)}`, {
      route: 'GET /admin/asset/upload/{id}',
      schema: partListSchema,
      signal,
    });
  }

  /**
   * Whether the server answers at all: any HTTP status counts (a 401 or a 404 still proves it
   * is there), only a failed connection does not. It tells "offline" from "storage is not
   * answering" — the API can be reached while the storage a part URL points at cannot.
   * `GET /ping/auth` is the spec's own health check.
   */
  async reachable(signal?: AbortSignal): Promise<boolean> {
    try {
      const response = await request(new URL(`${this.baseUrl}/ping/auth`), {
        method: 'GET',
        headers: this.#apiKey !== null || this.#session ? { authorization: this.#authorization(this.#session?.token ?? '') } : {},
        dispatcher: this.#dispatcher,
        signal,
        headersTimeout: REACHABLE_TIMEOUT_MS,
        bodyTimeout: REACHABLE_TIMEOUT_MS,
      });
      await response.body.dump();
      return true;
    } catch {
      return false;
    }
  }

  /**
   * An authenticated call with this client's session handling (refresh, one retry on 401)
   * and error classification. Route families live in modules of their own (folders, lookups,
   * job history) and build on this instead of growing this class.
   */
  send<S extends z.ZodType | null>(method: Method, path: string, options: CallOptions<S>): Promise<S extends z.ZodType ? z.infer<S> : null> {
    return this.#authed(method, path, options);
  }

  // --- session handling -------------------------------------------------------------

  #adopt(response: GrantedTokens, userName: string | null): Session {
    // 0 or missing: the server did not say; an hour is Nomad's default.
    const lifetimeS = response.expirationSeconds || DEFAULT_TOKEN_LIFETIME_S;
    const previous = this.#session;
    const session: Session = {
      token: response.token,
      // A refresh answer with a null or missing refresh token keeps the one in use (Nomad's
      // SDKs keep only `token`): forgetting it would end the session at the next expiry.
      refreshToken: response.refreshToken ?? previous?.refreshToken ?? '',
      expiresAt: this.#now() + lifetimeS * 1000,
      userName: response.userName ?? userName ?? previous?.userName ?? null,
    };
    const userSessionId = response.userSessionId ?? previous?.userSessionId ?? null;
    if (userSessionId !== null) session.userSessionId = userSessionId;
    this.#setSession(session);
    return session;
  }

  #authorization(token: string): string {
    return this.#apiKey !== null ? `ApiKey ${this.#apiKey}` : `Bearer ${token}`;
  }

  #setSession(session: Session | null): void {
    this.#session = session;
    this.#onSession?.(session);
  }

  /** Single flight: every caller that needs a refresh awaits the same promise. */
  #refresh(): Promise<Session> {
    this.#refreshing ??= this.#doRefresh().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #doRefresh(): Promise<Session> {
    const current = this.#session;
    if (current && current.refreshToken !== '') {
      try {
        const route = 'POST /account/refresh-token';
        const answer = await this.#call('POST', '/account/refresh-token', {
          route,
          body: { refreshToken: current.refreshToken } satisfies RefreshTokenRequest,
          schema: loginAnswerSchema,
          auth: false,
        });
        const step = stepFromAnswer(answer, { request: route, status: 200 });
        if (step.kind !== 'signed-in') throw stepError(step, route);
        this.#lastRotation =
          step.tokens.refreshToken === null ? 'kept-previous' : step.tokens.refreshToken === current.refreshToken ? 'same' : 'rotated';
        return this.#adopt(step.tokens, current.userName);
      } catch (error) {
        // 404 = refresh token invalid or expired. Anything else (network) is passed on and
        // retried by the caller's policy; the session stays as it is.
        if (!(error instanceof UploadError && error.code === 'auth-failed')) throw error;
      }
    }
    if (this.#credentials) return this.login(this.#credentials);
    this.#setSession(null);
    throw new UploadError('auth-required', 'Your session has expired. Sign in again to continue.', {
      request: 'POST /account/refresh-token',
    });
  }

  async #validToken(): Promise<string> {
    if (this.#apiKey !== null) return '';
    const session = this.#session;
    if (!session) {
      if (this.#credentials) return (await this.login(this.#credentials)).token;
      throw new UploadError('auth-required', 'Not signed in. Sign in to the server first.');
    }
    if (session.expiresAt - REFRESH_MARGIN_MS <= this.#now()) return (await this.#refresh()).token;
    return session.token;
  }

  async #authed<S extends z.ZodType | null>(
    method: Method,
    path: string,
    options: CallOptions<S>,
  ): Promise<S extends z.ZodType ? z.infer<S> : null> {
    const token = await this.#validToken();
    try {
      return await this.#call(method, path, options, token);
    } catch (error) {
      if (!(error instanceof UploadError && isSessionRefusal(error.context.status))) throw error;
      if (this.#apiKey !== null) {
        throw new UploadError('auth-failed', `The server refused the API key (${error.context.status}, ${options.route}).`, error.context);
      }
      // One refresh per 401 (or 403: some servers answer an expired token so, and Nomad's SDK
      // refreshes on both; storage's 403s never come here), then one retry. If another caller
      // already rotated the token while this request was out, use theirs instead of spending
      // another refresh.
      const fresh = this.#session && this.#session.token !== token ? this.#session.token : (await this.#refresh()).token;
      return this.#call(method, path, options, fresh);
    }
  }

  #call<S extends z.ZodType | null>(
    method: Method,
    path: string,
    options: CallOptions<S>,
    token?: string,
  ): Promise<S extends z.ZodType ? z.infer<S> : null> {
    const signed = token !== undefined && (token !== '' || this.#apiKey !== null);
    return sendJson(this.#http, method, path, options, signed ? this.#authorization(token) : null);
  }
}

/** 401 is the spec's "session refused"; 403 is how some servers answer an expired token. */
const isSessionRefusal = (status: number | undefined): boolean => status === 401 || status === 403;

export { parseRetryAfter } from './api-errors';
export { apiBaseUrl, pathSegment } from './api-types';
export type { ApiLogEvent, CallOptions, Credentials, Method, NomadApiOptions, RefreshRotation, Session, SignInStep } from './api-types';
export type { ParsedAssetUpload, ParsedPart };
