import { isUuid } from './ids';

export interface RouteSpec {
  method: string;
  /** Literal segments and `{name}` or `{name:uuid}` parameters, e.g. `/api/asset/upload/{id:uuid}/complete`. */
  pattern: string;
}

export type RouteMatch<R> =
  | { kind: 'found'; route: R; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

type Segment = { kind: 'literal'; text: string } | { kind: 'param'; name: string; uuid: boolean };

/**
 * Matches a method and path to a route. A `{x:uuid}` parameter that is not a UUID does not
 * match at all (404, like an ASP.NET route constraint) rather than reaching a handler.
 */
export class Router<R extends RouteSpec> {
  readonly #routes: { route: R; segments: Segment[] }[];

  constructor(routes: R[]) {
    this.#routes = routes.map((route) => ({ route, segments: compile(route.pattern) }));
  }

  match(method: string, pathname: string): RouteMatch<R> {
    const parts = split(pathname);
    if (parts === null) return { kind: 'not-found' };
    const allow: string[] = [];
    for (const { route, segments } of this.#routes) {
      const params = matchSegments(segments, parts);
      if (params === null) continue;
      if (route.method === method) return { kind: 'found', route, params };
      allow.push(route.method);
    }
    return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
  }
}

function compile(pattern: string): Segment[] {
  return pattern
    .split('/')
    .filter((s) => s !== '')
    .map((text): Segment => {
      const param = /^\{(\w+)(:uuid)?\}$/.exec(text);
      return param?.[1] ? { kind: 'param', name: param[1], uuid: param[2] !== undefined } : { kind: 'literal', text };
    });
}

/** Decoded path segments; a trailing slash is ignored; undecodable input matches nothing. */
function split(pathname: string): string[] | null {
  try {
    return pathname
      .split('/')
      .filter((s, index, all) => !(s === '' && (index === 0 || index === all.length - 1)))
      .map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | null {
  if (segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const part = parts[index] ?? '';
    if (segment.kind === 'literal') {
      if (segment.text.toLowerCase() !== part.toLowerCase()) return null;
    } else {
      if (segment.uuid && !isUuid(part)) return null;
      params[segment.name] = part;
    }
  }
  return params;
}
