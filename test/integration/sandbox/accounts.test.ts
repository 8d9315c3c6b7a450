// The built-in accounts and every way they sign in: two-factor (code and setup), a new
// password required, refused account states, an API key, and the SSO provider's pages.
import { request } from 'undici';
import { describe, expect, test } from 'vitest';
import type { LoginResponse, PingResponse } from '../../../main/engine/protocol';
import { call, login, startRequest, useSandboxes } from './sandbox-harness';

const harness = useSandboxes();
const attempt = (body: Record<string, unknown>) => ({ json: body });

describe('two-factor accounts', () => {
  test('mfa: TwoFactorCodeRequired with null tokens, then the code signs in; a wrong code is refused clearly', async () => {
    const sandbox = await harness.start();
    const first = await call<LoginResponse>(sandbox, 'POST', '/api/account/login', attempt({ userName: 'mfa', password: 'mfa' }));
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ loginStatus: 'TwoFactorCodeRequired', token: null, refreshToken: null });
    const wrong = await call(sandbox, 'POST', '/api/account/login', attempt({ userName: 'mfa', password: 'mfa', token: '654321' }));
    expect(wrong.status).toBe(404);
    expect(wrong.json).toMatchObject({ detail: expect.stringContaining('two-factor code is wrong') });
    const signedIn = await call<LoginResponse>(sandbox, 'POST', '/api/account/login', attempt({ userName: 'mfa', password: 'mfa', token: '123456' }));
    expect(signedIn.json).toMatchObject({ loginStatus: null, token: expect.any(String), userSessionId: expect.any(String) });
    // The code does not replace the password.
    expect((await call(sandbox, 'POST', '/api/account/login', attempt({ userName: 'mfa', password: 'nope', token: '123456' }))).status).toBe(404);
  });

  test('mfa-setup: TwoFactorSetupRequired with a base64 PNG and the manual code, then the code signs in', async () => {
    const sandbox = await harness.start();
    const setup = await call<LoginResponse>(sandbox, 'POST', '/api/account/login', attempt({ userName: 'mfa-setup', password: 'mfa-setup' }));
    expect(setup.json).toMatchObject({ loginStatus: 'TwoFactorSetupRequired', token: null, twoFactorQRCode: expect.stringMatching(/^[A-Z2-7]{16,}$/) });
    const png = Buffer.from(setup.json.twoFactorQRCodeImage ?? '', 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBeGreaterThan(100);
    expect(png.subarray(-8, -4).toString('ascii')).toBe('IEND');
    const done = await call<LoginResponse>(sandbox, 'POST', '/api/account/login', attempt({ userName: 'mfa-setup', password: 'mfa-setup', token: '123456' }));
    expect(done.json.token).toEqual(expect.any(String));
  });
});

describe('a new password required', () => {
  test('newpass: IsPendingNewPassword until newPassword is set; then the new password works and the old does not, after a restart too', async () => {
    const dataDir = await harness.tempDir();
    const sandbox = await harness.start({ dataDir });
    const pending = await call<LoginResponse>(sandbox, 'POST', '/api/account/login', attempt({ userName: 'newpass', password: 'newpass' }));
    expect(pending.json).toMatchObject({ loginStatus: 'IsPendingNewPassword', token: null });
    const short = await call(sandbox, 'POST', '/api/account/login', attempt({ userName: 'newpass', password: 'newpass', newPassword: 'short' }));
    expect(short.status).toBe(400);
    expect(short.json).toMatchObject({ detail: expect.stringContaining('at least 8'), errors: { newPassword: [expect.any(String)] } });
    const changed = await call<LoginResponse>(sandbox, 'POST', '/api/account/login', attempt({ userName: 'newpass', password: 'newpass', newPassword: 'a-fresh-secret' }));
    expect(changed.json.token).toEqual(expect.any(String));
    expect((await call(sandbox, 'POST', '/api/account/login', attempt({ userName: 'newpass', password: 'newpass' }))).status).toBe(404);
    await sandbox.close();
    const after = await harness.start({ dataDir });
    expect((await call<LoginResponse>(after, 'POST', '/api/account/login', attempt({ userName: 'newpass', password: 'a-fresh-secret' }))).json.token).toEqual(expect.any(String));
    expect((await call(after, 'POST', '/api/account/login', attempt({ userName: 'newpass', password: 'newpass' }))).status).toBe(404);
  });
});

describe('accounts that may not sign in', () => {
  test.each([
    ['disabled', 'IsDisabled', 'is disabled'],
    ['expired', 'IsExpired', 'has expired'],
    ['invited', 'IsPendingInvitation', 'pending invitation'],
    ['approval', undefined, 'pending approval'],
  ])('%s: 403 saying why', async (name, loginStatus, words) => {
    const sandbox = await harness.start();
    const refused = await call<Record<string, unknown>>(sandbox, 'POST', '/api/account/login', attempt({ userName: name, password: name }));
    expect(refused.status).toBe(403);
    expect(refused.json.detail).toContain(words);
    expect(refused.json.loginStatus).toBe(loginStatus);
    // A wrong password is still the plain 404: the state is told only to the account's holder.
    expect((await call(sandbox, 'POST', '/api/account/login', attempt({ userName: name, password: 'wrong' }))).status).toBe(404);
  });
});

describe('API key', () => {
  test('Authorization: ApiKey demo-api-key works on authenticated routes without a session', async () => {
    const sandbox = await harness.start();
    const headers = { authorization: 'ApiKey demo-api-key' };
    expect((await call(sandbox, 'GET', '/api/admin/asset/upload', { headers })).status).toBe(200);
    const started = await call(sandbox, 'POST', '/api/asset/upload/start', { headers, json: startRequest({ relativePath: 'by-key.bin', contentLength: 3 }) });
    expect(started.status).toBe(200);
    expect((await call(sandbox, 'GET', '/api/account/user', { headers })).json).toMatchObject({ firstName: 'demo' });
    expect((await call(sandbox, 'POST', '/api/account/logout', { headers })).status).toBe(400);
    expect((await call(sandbox, 'GET', '/api/ping/auth', { headers: { authorization: 'ApiKey wrong-key' } })).status).toBe(401);
  });
});

describe('sessions', () => {
  test('applicationId is accepted; ping keeps a session alive and says when it has ended; /ping/auth and /account/user', async () => {
    const sandbox = await harness.start();
    const applicationId = '0f0e0d0c-0b0a-4908-8706-050403020100';
    const signedIn = await call<LoginResponse>(sandbox, 'POST', '/api/account/login', attempt({ userName: 'demo', password: 'demo', applicationId }));
    const { token, userSessionId } = signedIn.json as { token: string; userSessionId: string };
    expect((await call(sandbox, 'POST', '/api/account/login', attempt({ userName: 'demo', password: 'demo', applicationId: 'web' }))).status).toBe(400);

    const ping = await call<PingResponse>(sandbox, 'POST', '/api/account/ping', { token, json: { userSessionId, applicationId } });
    expect(ping.json).toEqual({ redirectUrl: null, pingStatus: 'Normal' });
    expect((await call(sandbox, 'POST', '/api/account/ping', { token, json: {} })).status).toBe(400);
    expect((await call(sandbox, 'GET', '/api/ping/auth', { token })).json).toBe('Pong Auth');
    expect((await call(sandbox, 'GET', '/api/account/user', { token })).json).toMatchObject({ id: signedIn.json.id, firstName: 'demo', isAdmin: false });

    // Logout of another session by id; pinging it then says it is gone.
    const other = await login(sandbox);
    expect((await call(sandbox, 'POST', '/api/account/logout', { token, json: { userSessionId: other.userSessionId } })).status).toBe(200);
    expect((await call<PingResponse>(sandbox, 'POST', '/api/account/ping', { token, json: { userSessionId: other.userSessionId } })).json.pingStatus).toBe('SessionDeactivated');
  });
});

describe('SSO provider "sandbox"', () => {
  test('the login page signs in demo and redirects to a loopback callback with the tokens', async () => {
    const sandbox = await harness.start();
    const callback = 'http://127.0.0.1:47999/sso/done';
    const page = await call(sandbox, 'GET', `/api/auth/sandbox/login?redirect_uri=${encodeURIComponent(callback)}&state=xyz`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    const href = /href="([^"]+)"/.exec(page.text)?.[1]?.replace(/&#38;/g, '&') ?? '';
    expect(href).toMatch(/^\/api\/auth\/sandbox\/authorize\?/);

    const answer = await request(`${sandbox.url}${href}`, { method: 'GET' });
    await answer.body.text();
    expect(answer.statusCode).toBe(302);
    const location = new URL(String(answer.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(callback);
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.get('expires')).toBe('3600');
    const token = location.searchParams.get('azurePortal_token') ?? '';
    expect((await call(sandbox, 'GET', '/api/ping/auth', { token })).status).toBe(200);
    const refreshed = await call<LoginResponse>(sandbox, 'POST', '/api/account/refresh-token', { json: { refreshToken: location.searchParams.get('azurePortal_refresh_token') } });
    expect(refreshed.status).toBe(200);
  });

  test('without redirect_uri the sandbox callback page shows the address to paste; other redirects and providers are refused', async () => {
    const sandbox = await harness.start();
    const answer = await request(`${sandbox.url}/api/auth/sandbox/authorize`, { method: 'GET' });
    await answer.body.text();
    const location = String(answer.headers.location);
    expect(location.startsWith(`${sandbox.url}/api/auth/sandbox/callback?`)).toBe(true);
    const callbackPage = await call(sandbox, 'GET', location.slice(sandbox.url.length));
    expect(callbackPage.status).toBe(200);
    expect(callbackPage.text).toContain('azurePortal_token=');

    expect((await call(sandbox, 'GET', `/api/auth/sandbox/login?redirect_uri=${encodeURIComponent('https://evil.example/steal')}`)).status).toBe(400);
    expect((await call(sandbox, 'GET', `/api/auth/sandbox/authorize?redirect_uri=${encodeURIComponent('https://evil.example/steal')}`)).status).toBe(400);
    expect((await call(sandbox, 'GET', '/api/auth/okta/login')).status).toBe(404);
    expect((await call(sandbox, 'GET', '/api/auth/sandbox/callback')).status).toBe(400);
  });
});
