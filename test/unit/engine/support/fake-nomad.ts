// A scripted Nomad API on undici's MockAgent (in the spirit of tus-js-client's test stack):
// each test says, in order, what the server answers to which request, and every request
// the client sent is recorded for the test to read back. No sockets; nothing unscripted
// gets through (`disableNetConnect`), so an unexpected request fails the test.

import { MockAgent } from 'undici';

export const SERVER = 'https://nomad.test';

export interface SeenRequest {
  method: string;
  /** Path below /api, without the query string, e.g. `/account/login`. */
  route: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  /** The body parsed as JSON when sent as JSON, else the raw text; null when empty. */
  body: unknown;
}

export interface Answer {
  status: number;
  /** An object is sent as JSON; a string or a Buffer (a compressed body) as it is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ScriptOptions {
  /** Answer this many matching requests the same way (default 1). */
  times?: number;
  /** Hold the answer back this long (to let concurrent callers pile up behind it). */
  delayMs?: number;
  /** Match only requests that carry `Authorization: Bearer <token>`. */
  token?: string;
}

export class FakeNomad {
  readonly agent = new MockAgent();
  readonly requests: SeenRequest[] = [];

  constructor() {
    this.agent.disableNetConnect();
  }

  /** Scripts the server's answer to the next `method route` request(s). */
  on(method: string, route: string, answer: Answer | ((request: SeenRequest) => Answer), options: ScriptOptions = {}): this {
    const interceptor = this.agent.get(SERVER).intercept({
      method,
      path: (path) => path.split('?')[0] === `/api${route}`,
      ...(options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}),
    });
    const scope = interceptor.reply((opts) => {
      const seen = record(opts.method, opts.path, opts.headers, opts.body);
      this.requests.push(seen);
      const { status, body, headers } = typeof answer === 'function' ? answer(seen) : answer;
      const isText = typeof body === 'string';
      return {
        statusCode: status,
        data: body === undefined ? '' : isText || Buffer.isBuffer(body) ? body : JSON.stringify(body),
        responseOptions: {
          headers: { 'content-type': isText ? 'text/html' : 'application/json', ...headers },
        },
      };
    });
    if (options.times !== undefined) scope.times(options.times);
    if (options.delayMs !== undefined) scope.delay(options.delayMs);
    return this;
  }

  /** The next `method route` request fails at the connection level with `error` (not recorded). */
  failWith(method: string, route: string, error: Error): this {
    this.agent
      .get(SERVER)
      .intercept({ method, path: (path) => path.split('?')[0] === `/api${route}` })
      .replyWithError(error);
    return this;
  }

  /** The recorded requests to one route, in order. */
  to(method: string, route: string): SeenRequest[] {
    return this.requests.filter((r) => r.method === method && r.route === route);
  }

  /** Every scripted answer was used. */
  assertDone(): void {
    this.agent.assertNoPendingInterceptors();
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

function record(method: string, path: string, rawHeaders: unknown, rawBody: unknown): SeenRequest {
  const url = new URL(path, SERVER);
  const headers: Record<string, string> = {};
  if (rawHeaders && typeof rawHeaders === 'object') {
    // MockAgent hands over a Headers object (undici's own class) or a plain record.
    const entries =
      typeof (rawHeaders as Headers).entries === 'function'
        ? [...(rawHeaders as Headers).entries()]
        : Object.entries(rawHeaders as Record<string, string>);
    for (const [key, value] of entries) headers[key.toLowerCase()] = String(value);
  }
  let body: unknown = null;
  if (typeof rawBody === 'string' && rawBody.length > 0) {
    body = headers['content-type']?.startsWith('application/json') ? JSON.parse(rawBody) : rawBody;
  }
  return { method, route: url.pathname.replace(/^\/api/, ''), query: url.searchParams, headers, body };
}

/** What `POST /account/login` and `/account/refresh-token` answer. */
export const loginAnswer = (token: string, refreshToken: string, expirationSeconds = 3600): Answer => ({
  status: 200,
  body: { token, refreshToken, expirationSeconds, loginStatus: 'Success' },
});

export const problem = (status: number, fields: Record<string, unknown> = {}, headers: Record<string, string> = {}): Answer => ({
  status,
  body: { type: 'about:blank', title: 'Problem', status, ...fields },
  headers: { 'content-type': 'application/problem+json', ...headers },
});

export const uploadAnswer = (id = 'up-1', assetId = 'asset-1') => ({
  status: 200,
  body: {
    id,
    assetId,
    parts: [{ id: 'p-1', url: 'https://s3.test/b/k?partNumber=1', partNumber: 1, startingPosition: 0, endingPosition: 9, isCompleted: false }],
  },
});
