// Tells a Nomad admin API that refused a password from an address that is not a Nomad API
// at all. Nomad answers `POST /account/login` with 404 for wrong credentials, and so does
// any web server that has no such route: the difference is what an unauthenticated call to
// a route every Nomad has (`GET /admin/asset/upload`) gets — 401 from Nomad, anything else
// (404, an HTML page, a redirect to a login form) from a server that is not one. A web page
// there most often means the address of Nomad's web app was given instead of its admin API.

import { request, type Dispatcher } from 'undici';
import { apiBaseUrl } from '../engine/api';

export type ProbeResult =
  | { kind: 'nomad' }
  /** Answers with a web page: the web app's address, not the admin API's. */
  | { kind: 'web-app'; status: number; contentType: string | null }
  | { kind: 'not-nomad'; status: number; contentType: string | null }
  | { kind: 'unreachable'; reason: string };

/** A probe must not make a failed sign-in slow: 5 s covers a slow server, not a dead one. */
const PROBE_TIMEOUT_MS = 5_000;

export async function probeNomadApi(serverUrl: string, dispatcher?: Dispatcher): Promise<ProbeResult> {
  try {
    const response = await request(`${apiBaseUrl(serverUrl)}/admin/asset/upload`, {
      method: 'GET',
      headers: { accept: 'application/json' },
      dispatcher,
      headersTimeout: PROBE_TIMEOUT_MS,
      bodyTimeout: PROBE_TIMEOUT_MS,
    });
    await response.body.dump();
    const type = response.headers['content-type'];
    const contentType = (Array.isArray(type) ? type[0] : type) ?? null;
    if (response.statusCode === 401) return { kind: 'nomad' };
    // A single-page app answers every path with its index page (200 text/html); a redirect goes to its sign-in page.
    const isPage = /text\/html/i.test(contentType ?? '') || (response.statusCode >= 300 && response.statusCode < 400);
    return { kind: isPage ? 'web-app' : 'not-nomad', status: response.statusCode, contentType };
  } catch (error) {
    const code = (error as { code?: unknown; cause?: { code?: unknown } }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
    return { kind: 'unreachable', reason: typeof code === 'string' ? code : 'no answer' };
  }
}

/** The sentence for an address that answers but is not an admin API. */
export function notNomadMessage(serverUrl: string, probe: Extract<ProbeResult, { kind: 'web-app' | 'not-nomad' }>): string {
  const host = new URL(serverUrl).host;
  if (probe.kind === 'web-app') {
    return `${host} answers with a web page: this looks like the Nomad web app; use the admin API address (admin-app.…) instead${adminGuess(host)}.`;
  }
  return `${host} answers, but not as a Nomad admin API. Check the address.`;
}

/** Nomad's hosted web app lives at app.… or …-app.…, its admin API at admin-app.…: a hint, never a redirect. */
function adminGuess(host: string): string {
  if (/^admin-app\./i.test(host) || !/^[a-z0-9-]*app\./i.test(host)) return '';
  return `, probably https://${host.replace(/^[a-z0-9-]*app\./i, 'admin-app.')}`;
}
