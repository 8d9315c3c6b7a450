// Tells a Nomad admin API that refused a password from an address that is not a Nomad API
// at all. Nomad answers `POST /account/login` with 404 for wrong credentials, and so does
// any web server that has no such route: the difference is what an unauthenticated call to
// a route every Nomad has (`GET /admin/asset/upload`) gets — 401 from Nomad, anything else
// (404, an HTML page, a redirect to a login form) from a server that is not one.

import { request, type Dispatcher } from 'undici';
import { apiBaseUrl } from '../engine/api';

export type ProbeResult = { kind: 'nomad' } | { kind: 'not-nomad'; status: number; contentType: string | null } | { kind: 'unreachable' };

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
    return response.statusCode === 401 ? { kind: 'nomad' } : { kind: 'not-nomad', status: response.statusCode, contentType };
  } catch {
    return { kind: 'unreachable' };
  }
}
