import { afterEach, describe, expect, test, vi } from 'vitest';
import type { LoginResponse } from '../../../main/engine/protocol';
import { call, login, MiB, useSandboxes } from './sandbox-harness';

const harness = useSandboxes();
afterEach(() => {
  vi.useRealTimers();
});

describe('a user signs in, refreshes and signs out', () => {
  test('login answers a session; a wrong password or user is 404, missing fields 400', async () => {
    const sandbox = await harness.start({ users: { 'ana@example.com': 's3cret' }, tokenTtlSeconds: 120 });

    const ok = await call<LoginResponse>(sandbox, 'POST', '/api/account/login', { json: { userName: 'ana@example.com', password: 's3cret' } });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      userName: 'ana@example.com',
      token: expect.any(String),
      refreshToken: expect.any(String),
      expirationSeconds: 120,
      loginStatus: null,
      userSessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });

    const wrongPassword = await call(sandbox, 'POST', '/api/account/login', { json: { userName: 'ana@example.com', password: 'nope' } });
    expect(wrongPassword.status).toBe(404);
    expect(wrongPassword.headers['content-type']).toContain('application/problem+json');
    expect(wrongPassword.json).toMatchObject({ status: 404, title: 'Not Found', type: expect.any(String), detail: expect.any(String) });
    expect((await call(sandbox, 'POST', '/api/account/login', { json: { userName: 'bob', password: 's3cret' } })).status).toBe(404);

    expect((await call(sandbox, 'POST', '/api/account/login', { json: { userName: 'ana@example.com' } })).status).toBe(400);
    expect((await call(sandbox, 'POST', '/api/account/login', { json: { userName: '', password: '' } })).status).toBe(400);
    expect((await call(sandbox, 'POST', '/api/account/login')).status).toBe(400);
    expect(sandbox.stats().logins).toBe(1);
  });

  test('refresh rotates: a new token and refresh token, and the used refresh token is refused at once', async () => {
    const sandbox = await harness.start();
    const first = await login(sandbox);

    const refreshed = await call<LoginResponse>(sandbox, 'POST', '/api/account/refresh-token', { json: { refreshToken: first.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.token).not.toBe(first.token);
    expect(refreshed.json.refreshToken).not.toBe(first.refreshToken);
    expect(refreshed.json.userSessionId).toBe(first.userSessionId);

    const reused = await call(sandbox, 'POST', '/api/account/refresh-token', { json: { refreshToken: first.refreshToken } });
    expect(reused.status).toBe(404);
    expect((await call(sandbox, 'POST', '/api/account/refresh-token', { json: { refreshToken: 'made-up' } })).status).toBe(404);
    expect((await call(sandbox, 'POST', '/api/account/refresh-token', { json: {} })).status).toBe(400);

    // Both access tokens work until they expire; the new refresh token works once.
    expect((await call(sandbox, 'GET', '/api/admin/asset/upload', { token: first.token })).status).toBe(200);
    expect((await call(sandbox, 'GET', '/api/admin/asset/upload', { token: refreshed.json.token ?? '' })).status).toBe(200);
    expect((await call(sandbox, 'POST', '/api/account/refresh-token', { json: { refreshToken: refreshed.json.refreshToken } })).status).toBe(200);
    expect(sandbox.stats().refreshes).toBe(2);
  });

  test('API calls need a valid, unexpired bearer token: 401 otherwise', async () => {
    const sandbox = await harness.start({ tokenTtlSeconds: 60 });
    const session = await login(sandbox);

    const none = await call(sandbox, 'GET', '/api/admin/asset/upload');
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect((await call(sandbox, 'GET', '/api/admin/asset/upload', { token: 'forged' })).status).toBe(401);
    expect((await call(sandbox, 'POST', '/api/asset/upload/start', { json: {} })).status).toBe(401);
    expect((await call(sandbox, 'GET', '/api/admin/asset/upload', { token: session.token })).status).toBe(200);

    // The clock moves (Date only) instead of the test sleeping: a slow machine cannot expire the token early.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    vi.setSystemTime(Date.now() + 61_000);
    const expired = await call(sandbox, 'GET', '/api/admin/asset/upload', { token: session.token });
    expect(expired.status).toBe(401);
    expect(expired.json).toMatchObject({ detail: expect.stringContaining('expired') });

    // The refresh token outlives the access token.
    const renewed = await call<LoginResponse>(sandbox, 'POST', '/api/account/refresh-token', { json: { refreshToken: session.refreshToken } });
    expect((await call(sandbox, 'GET', '/api/admin/asset/upload', { token: renewed.json.token ?? '' })).status).toBe(200);
  });

  test('logout ends the session: its tokens stop working', async () => {
    const sandbox = await harness.start();
    const session = await login(sandbox);
    const other = await login(sandbox);
    expect((await call(sandbox, 'POST', '/api/account/logout', { token: session.token })).status).toBe(200);
    expect((await call(sandbox, 'GET', '/api/admin/asset/upload', { token: session.token })).status).toBe(401);
    expect((await call(sandbox, 'POST', '/api/account/refresh-token', { json: { refreshToken: session.refreshToken } })).status).toBe(404);
    expect((await call(sandbox, 'GET', '/api/admin/asset/upload', { token: other.token })).status).toBe(200);
    expect((await call(sandbox, 'POST', '/api/account/logout')).status).toBe(401);
  });
});

describe('bad requests get ProblemDetails, never a crash', () => {
  test('malformed JSON is 400, a body over 1 MiB is 413, unknown routes 404, wrong methods 405', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);

    const malformed = await call(sandbox, 'POST', '/api/account/login', { raw: '{"userName": "demo", ' });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toMatchObject({ status: 400, detail: expect.stringContaining('not valid JSON') });
    expect((await call(sandbox, 'POST', '/api/asset/upload/start', { token, raw: '[1,2' })).status).toBe(400);
    expect((await call(sandbox, 'POST', '/api/asset/upload/start', { token, raw: '"a string"' })).status).toBe(400);
    expect((await call(sandbox, 'POST', '/api/asset/upload/start', { token, raw: 'null' })).status).toBe(400);

    const huge = await call(sandbox, 'POST', '/api/account/login', { raw: `{"userName":"${'x'.repeat(MiB + 10)}","password":"p"}` });
    expect(huge.status).toBe(413);
    expect(huge.json).toMatchObject({ status: 413 });
    // The connection is still usable after the refused body.
    expect((await call(sandbox, 'POST', '/api/account/login', { json: { userName: 'demo', password: 'demo' } })).status).toBe(200);

    expect((await call(sandbox, 'GET', '/api/nothing/here', { token })).status).toBe(404);
    expect((await call(sandbox, 'GET', '/', {})).status).toBe(404);
    expect((await call(sandbox, 'POST', '/api/asset/upload/not-a-uuid/complete', { token })).status).toBe(404);
    const wrongMethod = await call(sandbox, 'GET', '/api/account/login');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
    expect((await call(sandbox, 'GET', '/_sandbox/nothing')).status).toBe(404);
  });
});
