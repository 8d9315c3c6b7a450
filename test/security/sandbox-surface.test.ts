// The sandbox's attack surface, route by route. Every /api route the router knows (read
// from the route tables main/sandbox/*-routes.ts themselves, so a new route is covered the day it is added)
// refuses a missing, malformed or forged bearer with 401, except login and refresh;
// relativePath with "..", absolute paths, NUL or control characters is a 400 on both start
// routes, whatever the rest of the path; bodies over 1 MiB are a 413 on every JSON route.
// (Named cases for each of these live in test/integration/sandbox; this adds the sweep.)

import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_API_BODY_BYTES } from '../../main/sandbox/http-io';
import { call, login, startRequest, useSandboxes } from '../integration/sandbox/sandbox-harness';

const harness = useSandboxes();

interface DeclaredRoute {
  method: 'GET' | 'POST';
  pattern: string;
  auth: boolean;
}

/** The route tables of ApiHandler, read from their source: method, pattern and auth of each entry. */
async function declaredRoutes(): Promise<DeclaredRoute[]> {
  const dir = join(import.meta.dirname, '../../main/sandbox');
  const tables = (await readdir(dir)).filter((name) => name.endsWith('-routes.ts') && name !== 'inspection-routes.ts');
  const source = (await Promise.all(tables.map((name) => readFile(join(dir, name), 'utf8')))).join('\n');
  const routes = [...source.matchAll(/method:\s*'(GET|POST|PUT|DELETE|PATCH)',\s*pattern:\s*'([^']+)',\s*auth:\s*(true|false)/g)];
  return routes.map(([, method, pattern, auth]) => ({ method: method as 'GET' | 'POST', pattern: pattern ?? '', auth: auth === 'true' }));
}

const concrete = (pattern: string): string => pattern.replace(/\{\w+(:uuid)?\}/g, () => randomUUID());

describe('bearer auth on every API route', () => {
  test('all routes but sign-in answer 401 without a valid bearer, before reading the body', async () => {
    const routes = await declaredRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(10);
    // Public: sign-in itself, and the SSO provider's pages (which hand out tokens only after the page's own sign-in).
    expect(routes.filter((r) => !r.auth).map((r) => r.pattern).sort()).toEqual([
      '/api/account/login',
      '/api/account/refresh-token',
      '/api/auth/{provider}/authorize',
      '/api/auth/{provider}/callback',
      '/api/auth/{provider}/login',
    ]);
    const sandbox = await harness.start();
    const { token } = await login(sandbox);

    const bad: Array<[string, Record<string, string>]> = [
      ['missing', {}],
      ['empty', { authorization: '' }],
      ['no scheme', { authorization: token }],
      ['basic', { authorization: `Basic ${Buffer.from('demo:demo').toString('base64')}` }],
      ['forged', { authorization: 'Bearer forged-token-0000000000000000000000000000' }],
      ['token plus junk', { authorization: `Bearer ${token} extra` }],
      ['empty bearer', { authorization: 'Bearer ' }],
      ['forged API key', { authorization: 'ApiKey not-the-demo-key' }],
      ['empty API key', { authorization: 'ApiKey ' }],
    ];
    for (const route of routes.filter((r) => r.auth)) {
      const path = concrete(route.pattern);
      for (const [what, headers] of bad) {
        const reply = await call(sandbox, route.method, path, { headers, ...(route.method === 'POST' ? { json: {} } : {}) });
        expect({ route: route.pattern, what, status: reply.status }).toEqual({ route: route.pattern, what, status: 401 });
        expect(reply.headers['www-authenticate']).toBe('Bearer');
      }
      // Auth answers before the body is read: an unauthenticated 2 MiB body is a 401, not a 413.
      if (route.method === 'POST') {
        const huge = await call(sandbox, 'POST', path, { raw: `{"x":"${'y'.repeat(2 * MAX_API_BODY_BYTES)}"}` });
        expect({ route: route.pattern, status: huge.status }).toEqual({ route: route.pattern, status: 401 });
      }
      // And the same request with a real token gets past auth (whatever it then answers).
      // A fresh session each time: the logout route ends the one it is called with.
      const fresh = (await login(sandbox)).token;
      const authed = await call(sandbox, route.method, path, { token: fresh, ...(route.method === 'POST' ? { json: {} } : {}) });
      expect({ route: route.pattern, status: authed.status }).not.toEqual({ route: route.pattern, status: 401 });
    }
    // Nothing was created by any of it.
    expect(await sandbox.assets()).toEqual([]);
  });
});

describe('relativePath is refused unless it is a clean relative path', () => {
  const segment = fc.stringMatching(/^[A-Za-z0-9 _.-]{1,12}$/).filter((s) => s !== '.' && s !== '..' && s.trim() !== '');
  const hostilePath = fc.oneof(
    // a ".." segment somewhere, with / or \ separators
    fc.tuple(fc.array(segment, { maxLength: 3 }), fc.array(segment, { maxLength: 3 }), fc.constantFrom('/', '\\')).map(([a, b, sep]) => [...a, '..', ...b, 'x.mov'].join(sep)),
    // absolute: POSIX, UNC, drive letters
    fc.tuple(fc.constantFrom('/', '\\', '\\\\server\\', 'C:\\', 'c:/', 'Z:'), fc.array(segment, { minLength: 1, maxLength: 3 })).map(([root, rest]) => `${root}${rest.join('/')}`),
    // a NUL or control character anywhere
    fc.tuple(segment, fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f), segment).map(([a, c, b]) => `${a}${String.fromCharCode(c)}${b}.mov`),
  );

  test('on start and start-related-asset: always 400, never a folder', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    let checked = 0;

    await fc.assert(
      fc.asyncProperty(hostilePath, fc.boolean(), async (relativePath, related) => {
        const body = related
          ? { ...startRequest({ relativePath, contentLength: 1 }), existingAssetId: randomUUID() }
          : startRequest({ relativePath, contentLength: 1 });
        const path = related ? '/api/asset/upload/start-related-asset' : '/api/asset/upload/start';
        const reply = await call(sandbox, 'POST', path, { token, json: body });
        checked++;
        expect({ relativePath, status: reply.status }).toEqual({ relativePath, status: 400 });
      }),
      { numRuns: 150 },
    );
    expect(checked).toBe(150);
    expect((await call<{ path: string }[]>(sandbox, 'GET', '/_sandbox/folders')).json.map((f) => f.path)).toEqual(['Incoming', 'Media']);
  });
});

describe('request bodies over 1 MiB', () => {
  test('are a 413 on every JSON route, declared or streamed, and the connection stays usable', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const posts = (await declaredRoutes()).filter((r) => r.method === 'POST');
    const oversized = `{"pad":"${'z'.repeat(MAX_API_BODY_BYTES)}"}`;

    for (const route of posts) {
      const path = concrete(route.pattern);
      const reply = await call(sandbox, 'POST', path, { token, raw: oversized });
      expect({ route: route.pattern, status: reply.status }).toEqual({ route: route.pattern, status: 413 });
    }
    const declared = await call(sandbox, 'POST', '/api/asset/upload/start', {
      token,
      raw: '{}',
      headers: { 'content-length': String(MAX_API_BODY_BYTES * 64) },
    }).then(
      (reply) => reply.status,
      (error: Error) => error.name,
    );
    // undici refuses to send a body shorter than its declared length, or the server answers 413 first.
    expect([413, 'RequestContentLengthMismatchError']).toContain(declared);
    expect((await call(sandbox, 'GET', '/api/admin/asset/upload', { token })).status).toBe(200);
  });
});
