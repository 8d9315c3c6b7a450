import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { sendApiError } from './api-error-body';
import type { ApiRoute, RouteInput } from './api-route';
import type { AuthService, Principal } from './auth';
import type { ApiStatusFault, FaultQueue } from './faults';
import { MAX_API_BODY_BYTES, parseJson, readBody, sendEmpty, sendJson, sendText } from './http-io';
import { badRequest, forbidden, notFound, unauthorized, type Problem } from './problem';
import { Router } from './router';
import type { Variants } from './variants';

export interface ApiDeps {
  auth: AuthService;
  faults: FaultQueue;
  variants: Variants;
  routes: ApiRoute[];
}

/** The Nomad API subset under /api: routing, injected faults, bearer auth, body limits, JSON. */
export class ApiHandler {
  readonly #deps: ApiDeps;
  readonly #router: Router<ApiRoute>;

  constructor(deps: ApiDeps) {
    this.#deps = deps;
    this.#router = new Router<ApiRoute>(deps.routes);
  }

  /** Every API error goes out in the error body style of the variant in force. */
  #sendProblem(res: ServerResponse, problem: Problem, headers: Record<string, string> = {}): void {
    sendApiError(res, problem, this.#deps.variants.errorBody, headers);
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const match = this.#router.match(req.method ?? 'GET', url.pathname);
    if (match.kind === 'not-found') {
      this.#sendProblem(res, notFound(`no API route ${req.method} ${url.pathname}`));
      return;
    }
    if (match.kind === 'method-not-allowed') {
      this.#sendProblem(res, { status: 405, title: 'Method Not Allowed', detail: `use ${match.allow.join(' or ')}` }, { allow: match.allow.join(', ') });
      return;
    }
    const route = match.route;
    const fault = route.fault ? this.#deps.faults.takeApiFault(route.fault) : null;
    if (fault) {
      sendFault(res, fault, (p, headers) => this.#sendProblem(res, p, headers));
      return;
    }

    // Authentication looks only at headers, so it answers before any body is read (as ASP.NET does).
    let principal: Principal | null = null;
    if (route.auth) {
      const check = this.#deps.auth.authenticate(req.headers.authorization);
      if (check.kind !== 'ok') {
        const detail = {
          missing: 'A bearer token is required: Authorization: Bearer <token>',
          unknown: 'The bearer token is not valid',
          expired: 'The bearer token has expired; refresh it',
        }[check.kind];
        // The spec says 401; some servers answer an expired token with 403 (the Python SDK refreshes on both).
        if (check.kind === 'expired' && this.#deps.variants.has('api-403-expiry')) this.#sendProblem(res, forbidden(detail));
        else this.#sendProblem(res, unauthorized(detail), { 'www-authenticate': 'Bearer' });
        return;
      }
      principal = check.principal;
    }

    let body: Record<string, unknown> | undefined;
    if (req.method === 'POST') {
      const contentType = req.headers['content-type'] ?? '';
      if (route.body !== 'ignored' && /xml/i.test(contentType)) {
        this.#sendProblem(res, { status: 415, title: 'Unsupported Media Type', detail: 'the sandbox accepts JSON bodies only' });
        return;
      }
      const read = await readBody(req, MAX_API_BODY_BYTES);
      if (read.kind === 'aborted') return;
      if (read.kind === 'too-large') {
        this.#sendProblem(res, { status: 413, title: 'Payload Too Large', detail: `request bodies are limited to ${MAX_API_BODY_BYTES} bytes` });
        return;
      }
      if (route.body !== 'ignored') {
        const parsed = parseJson(read.bytes);
        if (parsed.kind === 'malformed') {
          this.#sendProblem(res, badRequest(`The request body is not valid JSON: ${parsed.reason}`));
          return;
        }
        if (parsed.kind === 'empty') {
          if (route.body === 'json') {
            this.#sendProblem(res, badRequest('A JSON request body is required'));
            return;
          }
        } else if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
          this.#sendProblem(res, badRequest('The request body must be a JSON object'));
          return;
        } else {
          body = parsed.value as Record<string, unknown>;
        }
      }
    }

    const input: RouteInput = { params: match.params, query: url.searchParams, body };
    // principal is set whenever route.auth is true (checked above); TypeScript cannot see that link.
    const answer = route.auth ? principal && (await route.handle(input, principal)) : await route.handle(input);
    if (!answer) return;
    switch (answer.kind) {
      case 'json':
        sendJson(res, answer.status, answer.body);
        return;
      case 'empty':
        sendEmpty(res, 200);
        return;
      case 'redirect':
        res.writeHead(302, { location: answer.location, 'content-length': '0', 'cache-control': 'no-store' });
        res.end();
        return;
      case 'html':
        sendText(res, answer.status, answer.html, 'text/html; charset=utf-8', { 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; frame-ancestors 'none'" });
        return;
      case 'problem':
        this.#sendProblem(res, answer.problem);
        return;
    }
  }
}

/** A 200 with a body no JSON parser accepts, as a misbehaving proxy or captive portal would send. */
const GARBAGE_BODY = '<html><body>502 Bad Gateway</body></html>\n{"items": [';

function sendFault(res: ServerResponse, fault: ApiStatusFault, send: (problem: Problem, headers: Record<string, string>) => void): void {
  const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
  if (fault.body === 'garbage') {
    sendText(res, fault.status ?? 200, GARBAGE_BODY, 'application/json; charset=utf-8', headers);
    return;
  }
  const status = fault.status ?? 500;
  send({ status, title: STATUS_CODES[status] ?? 'Injected fault', detail: `Injected fault on ${fault.route}` }, headers);
}
