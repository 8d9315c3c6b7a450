// One JSON request to the Nomad API and its classification: a parsed 2xx body, or an
// UploadError that names the route and the status. Session handling (which token, refresh,
// the retry after a 401) stays in the client; this is only the wire.

import { request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { httpError, parseBody } from './api-errors';
import type { ApiLogEvent, CallOptions, Method } from './api-types';
import { toUploadError } from './errors';
import { ACCEPT_ENCODING, responseText } from './response-body';

export interface ApiHttp {
  baseUrl: string;
  dispatcher: Dispatcher | undefined;
  /** Headers and body must each arrive within this window. */
  timeoutMs: number;
  now: () => number;
  log: (event: ApiLogEvent) => void;
}

export async function sendJson<S extends z.ZodType | null>(
  http: ApiHttp,
  method: Method,
  path: string,
  options: CallOptions<S>,
  authorization: string | null,
): Promise<S extends z.ZodType ? z.infer<S> : null> {
  const url = new URL(http.baseUrl + path);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': ACCEPT_ENCODING };
  if (authorization !== null) headers.authorization = authorization;
  let body: string | undefined;
  if (options.body !== undefined && method !== 'GET') {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const started = http.now();
  const context = { request: options.route };
  let status: number | null = null;
  try {
    const response = await request(url, {
      method,
      headers,
      body,
      signal: options.signal,
      dispatcher: http.dispatcher,
      headersTimeout: http.timeoutMs,
      bodyTimeout: http.timeoutMs,
    });
    status = response.statusCode;
    const text = await responseText(response, { request: options.route, status });
    if (status >= 200 && status < 300) {
      const result = options.schema === null ? null : parseBody(text, options.schema, { ...context, status });
      // Logged only once the body proved readable and valid: a 200 that fails parsing is
      // logged once, as the failure it is.
      http.log({ request: options.route, status, ms: http.now() - started });
      return result as never;
    }
    throw httpError(options.route, status, text, response.headers['retry-after']);
  } catch (error) {
    const uploadError = toUploadError(error, context);
    http.log({ request: options.route, status, ms: http.now() - started, error: uploadError.code });
    throw uploadError;
  }
}
