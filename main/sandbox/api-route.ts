import type { Principal } from './auth';
import type { ApiFaultRoute } from './faults';
import type { Outcome, Problem } from './problem';
import type { RouteSpec } from './router';

export type ApiReply =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'empty' }
  /** A 302 to `location` (the SSO pages). */
  | { kind: 'redirect'; location: string }
  | { kind: 'html'; status: number; html: string }
  | { kind: 'problem'; problem: Problem };

export interface RouteInput {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (an object), or undefined when the route takes none or none was sent. */
  body: Record<string, unknown> | undefined;
}

/**
 * One API route. `auth`: true needs a bearer token or API key; false is public. Route tables
 * live in *-routes.ts files (test/security/sandbox-surface.test.ts reads them all).
 */
export type ApiRoute = RouteSpec & {
  /** json: a JSON object is required; optional: JSON object or nothing; ignored: read (for the size limit) and dropped. */
  body: 'json' | 'optional' | 'ignored';
  fault?: ApiFaultRoute;
} & (
    | { auth: false; handle(input: RouteInput): Promise<ApiReply> }
    | { auth: true; handle(input: RouteInput, principal: Principal): Promise<ApiReply> }
  );

export function reply<T>(outcome: Outcome<T>, onOk: (value: T) => ApiReply): ApiReply {
  return outcome.ok ? onOk(outcome.value) : { kind: 'problem', problem: outcome.problem };
}

export const json = (body: unknown): ApiReply => ({ kind: 'json', status: 200, body });
export const problem = (p: Problem): ApiReply => ({ kind: 'problem', problem: p });
export const empty: ApiReply = { kind: 'empty' };
