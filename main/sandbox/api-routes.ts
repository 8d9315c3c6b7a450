import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import type { AuthService, Principal } from './auth';
import type { ApiFaultRoute, ApiStatusFault, FaultQueue } from './faults';
import { MAX_API_BODY_BYTES, parseJson, readBody, sendEmpty, sendJson, sendProblem, sendText } from './http-io';
import { isUuid } from './ids';
import { badRequest, notFound, unauthorized, type Outcome, type Problem } from './problem';
import { Router, type RouteSpec } from './router';
import { parseRelatedStartRequest, parseStartRequest } from './start-request';
import type { StatsCounter } from './stats';
import type { UploadService } from './upload-service';

export interface ApiDeps {
  auth: AuthService;
  uploads: UploadService;
  faults: FaultQueue;
  stats: StatsCounter;
  /** Makes auth changes durable before answering. */
  commit: () => Promise<void>;
}

type ApiReply =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'empty' }
  | { kind: 'problem'; problem: Problem };

interface RouteInput {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (an object), or undefined when the route takes none or none was sent. */
  body: Record<string, unknown> | undefined;
}

type ApiRoute = RouteSpec & {
  /** json: a JSON object is required; optional: JSON object or nothing; ignored: read (for the size limit) and dropped. */
  body: 'json' | 'optional' | 'ignored';
  fault?: ApiFaultRoute;
} & (
    | { auth: false; handle(input: RouteInput): Promise<ApiReply> }
    | { auth: true; handle(input: RouteInput, principal: Principal): Promise<ApiReply> }
  );

const loginSchema = z.object({ userName: z.string().min(1), password: z.string().min(1) });
const refreshSchema = z.object({ refreshToken: z.string().min(1) });
const logoutSchema = z.object({ userSessionId: z.string().refine(isUuid, 'must be a UUID').nullish() });
const partCompleteSchema = z.object({ etag: z.string().nullish() });

function reply<T>(outcome: Outcome<T>, onOk: (value: T) => ApiReply): ApiReply {
  return outcome.ok ? onOk(outcome.value) : { kind: 'problem', problem: outcome.problem };
}

const json = (body: unknown): ApiReply => ({ kind: 'json', status: 200, body });
const problem = (p: Problem): ApiReply => ({ kind: 'problem', problem: p });

/** The Nomad API subset under /api: routing, injected faults, bearer auth, body limits, JSON. */
export class ApiHandler {
  readonly #deps: ApiDeps;
  readonly #router: Router<ApiRoute>;

  constructor(deps: ApiDeps) {
    this.#deps = deps;
    this.#router = new Router<ApiRoute>(this.#routes());
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const match = this.#router.match(req.method ?? 'GET', url.pathname);
    if (match.kind === 'not-found') {
      sendProblem(res, notFound(`no API route ${req.method} ${url.pathname}`));
      return;
    }
    if (match.kind === 'method-not-allowed') {
      sendProblem(res, { status: 405, title: 'Method Not Allowed', detail: `use ${match.allow.join(' or ')}` }, { allow: match.allow.join(', ') });
      return;
    }
    const route = match.route;
    const fault = route.fault ? this.#deps.faults.takeApiFault(route.fault) : null;
    if (fault) {
      sendFault(res, fault);
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
        sendProblem(res, unauthorized(detail), { 'www-authenticate': 'Bearer' });
        return;
      }
      principal = check.principal;
    }

    let body: Record<string, unknown> | undefined;
    if (req.method === 'POST') {
      const contentType = req.headers['content-type'] ?? '';
      if (route.body !== 'ignored' && /xml/i.test(contentType)) {
        sendProblem(res, { status: 415, title: 'Unsupported Media Type', detail: 'the sandbox accepts JSON bodies only' });
        return;
      }
      const read = await readBody(req, MAX_API_BODY_BYTES);
      if (read.kind === 'aborted') return;
      if (read.kind === 'too-large') {
        sendProblem(res, { status: 413, title: 'Payload Too Large', detail: `request bodies are limited to ${MAX_API_BODY_BYTES} bytes` });
        return;
      }
      if (route.body !== 'ignored') {
        const parsed = parseJson(read.bytes);
        if (parsed.kind === 'malformed') {
          sendProblem(res, badRequest(`The request body is not valid JSON: ${parsed.reason}`));
          return;
        }
        if (parsed.kind === 'empty') {
          if (route.body === 'json') {
            sendProblem(res, badRequest('A JSON request body is required'));
            return;
          }
        } else if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
          sendProblem(res, badRequest('The request body must be a JSON object'));
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
      case 'problem':
        sendProblem(res, answer.problem);
        return;
    }
  }

  #routes(): ApiRoute[] {
    const { auth, uploads, stats, commit } = this.#deps;
    return [
      {
        method: 'POST',
        pattern: '/api/account/login',
        auth: false,
        body: 'json',
        fault: 'login',
        handle: async ({ body }) => {
          const parsed = loginSchema.safeParse(body);
          if (!parsed.success) return problem(badRequest('userName and password are required'));
          const grant = auth.login(parsed.data.userName, parsed.data.password);
          // The spec: "Returns 404 if authentication fails or the user cannot be found."
          if (grant.kind === 'refused') return problem(notFound('Authentication failed: unknown user or wrong password'));
          await commit();
          stats.increment('logins');
          return json(grant.response);
        },
      },
      {
        method: 'POST',
        pattern: '/api/account/refresh-token',
        auth: false,
        body: 'json',
        fault: 'refresh-token',
        handle: async ({ body }) => {
          const parsed = refreshSchema.safeParse(body);
          if (!parsed.success) return problem(badRequest('refreshToken is required'));
          const grant = auth.refresh(parsed.data.refreshToken);
          if (grant.kind === 'refused') return problem(notFound('The refresh token is invalid, already used or expired'));
          await commit();
          stats.increment('refreshes');
          return json(grant.response);
        },
      },
      {
        method: 'POST',
        pattern: '/api/account/logout',
        auth: true,
        body: 'optional',
        handle: async ({ body }, principal) => {
          const parsed = logoutSchema.safeParse(body ?? {});
          if (!parsed.success) return problem(badRequest('userSessionId must be a UUID'));
          if (!auth.logout(principal, parsed.data.userSessionId ?? null)) return problem(notFound('No such session of this user'));
          await commit();
          return { kind: 'empty' };
        },
      },
      {
        method: 'POST',
        pattern: '/api/asset/upload/start',
        auth: true,
        body: 'json',
        fault: 'start',
        handle: async ({ body }, principal) => {
          const command = parseStartRequest(body);
          if (!command.ok) return problem(command.problem);
          return reply(await uploads.start(principal.userName, command.value), json);
        },
      },
      {
        method: 'POST',
        pattern: '/api/asset/upload/start-related-asset',
        auth: true,
        body: 'json',
        fault: 'start',
        handle: async ({ body }, principal) => {
          const command = parseRelatedStartRequest(body);
          if (!command.ok) return problem(command.problem);
          return reply(await uploads.start(principal.userName, command.value), json);
        },
      },
      {
        method: 'POST',
        pattern: '/api/asset/upload/part/{id:uuid}/complete',
        auth: true,
        body: 'json',
        fault: 'part-complete',
        handle: async ({ body, params }, principal) => {
          const parsed = partCompleteSchema.safeParse(body);
          const etag = parsed.success ? parsed.data.etag : null;
          if (typeof etag !== 'string' || etag.trim() === '') return problem(badRequest('etag is required: the ETag storage answered to the part PUT'));
          return reply(await uploads.completePart(principal.userName, params.id ?? '', etag), () => ({ kind: 'empty' }));
        },
      },
      {
        method: 'POST',
        pattern: '/api/asset/upload/{id:uuid}/complete',
        auth: true,
        body: 'ignored',
        fault: 'complete',
        handle: async ({ params }, principal) => reply(await uploads.complete(principal.userName, params.id ?? ''), json),
      },
      {
        method: 'POST',
        pattern: '/api/asset/upload/{id:uuid}/cancel',
        auth: true,
        body: 'ignored',
        handle: async ({ params, query }, principal) =>
          reply(await uploads.cancel(principal.userName, params.id ?? '', query.get('message')), () => ({ kind: 'empty' })),
      },
      {
        method: 'GET',
        pattern: '/api/admin/asset/upload',
        auth: true,
        body: 'ignored',
        fault: 'admin-upload',
        handle: async ({ query }, principal) => {
          const flag = query.get('includeCompletedUploads');
          if (flag !== null && !/^(true|false)$/i.test(flag)) return problem(badRequest('includeCompletedUploads must be true or false'));
          return json(await uploads.list(principal.userName, flag?.toLowerCase() === 'true'));
        },
      },
      {
        method: 'GET',
        pattern: '/api/admin/asset/upload/{id:uuid}',
        auth: true,
        body: 'ignored',
        fault: 'admin-upload',
        handle: async ({ params }, principal) => reply(await uploads.parts(principal.userName, params.id ?? ''), json),
      },
    ];
  }
}

/** A 200 with a body no JSON parser accepts, as a misbehaving proxy or captive portal would send. */
const GARBAGE_BODY = '<html><body>502 Bad Gateway</body></html>\n{"items": [';

function sendFault(res: ServerResponse, fault: ApiStatusFault): void {
  const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
  if (fault.body === 'garbage') {
    sendText(res, fault.status ?? 200, GARBAGE_BODY, 'application/json; charset=utf-8', headers);
    return;
  }
  const status = fault.status ?? 500;
  sendProblem(res, { status, title: STATUS_CODES[status] ?? 'Injected fault', detail: `Injected fault on ${fault.route}` }, headers);
}
