import type { ProblemDetails } from '../engine/protocol';

/** An API error answer: rendered as RFC 9457 ProblemDetails, as ASP.NET (Nomad) does. */
export interface Problem {
  status: number;
  title: string;
  detail: string;
  extensions?: Record<string, unknown>;
  /** The request field at fault, when there is one (shown by error models that name fields). */
  field?: string;
}

/** Expected failures travel as values; exceptions are reserved for bugs and I/O failures. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function fail<T = never>(problem: Problem): Outcome<T> {
  return { ok: false, problem };
}

export const badRequest = (detail: string, extensions?: Record<string, unknown>): Problem => ({
  status: 400,
  title: 'Bad Request',
  detail,
  ...(extensions ? { extensions } : {}),
});
export const unauthorized = (detail: string): Problem => ({ status: 401, title: 'Unauthorized', detail });
export const forbidden = (detail: string): Problem => ({ status: 403, title: 'Forbidden', detail });
export const notFound = (detail: string): Problem => ({ status: 404, title: 'Not Found', detail });
export const conflict = (title: string, detail: string, extensions?: Record<string, unknown>): Problem => ({
  status: 409,
  title,
  detail,
  ...(extensions ? { extensions } : {}),
});

/** The `type` links ASP.NET puts into its ProblemDetails, so clients see familiar values. */
const TYPE_BY_STATUS: Record<number, string> = {
  400: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
  401: 'https://tools.ietf.org/html/rfc9110#section-15.5.2',
  403: 'https://tools.ietf.org/html/rfc9110#section-15.5.4',
  404: 'https://tools.ietf.org/html/rfc9110#section-15.5.5',
  405: 'https://tools.ietf.org/html/rfc9110#section-15.5.6',
  409: 'https://tools.ietf.org/html/rfc9110#section-15.5.10',
  413: 'https://tools.ietf.org/html/rfc9110#section-15.5.14',
  415: 'https://tools.ietf.org/html/rfc9110#section-15.5.16',
  429: 'https://tools.ietf.org/html/rfc6585#section-4',
  500: 'https://tools.ietf.org/html/rfc9110#section-15.6.1',
  503: 'https://tools.ietf.org/html/rfc9110#section-15.6.4',
};

export function toProblemDetails(problem: Problem): ProblemDetails {
  return {
    ...problem.extensions,
    ...(problem.field === undefined ? {} : { errors: { [problem.field]: [problem.detail] } }),
    type: TYPE_BY_STATUS[problem.status] ?? 'about:blank',
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
  };
}
