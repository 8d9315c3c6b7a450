// Every way a Nomad login can answer, as the engine sees it: a session, a step the person has
// to take (a two-factor code, a two-factor setup, a new password), or an account the server
// refuses, each with its own words. Plus API keys (no session at all) and how a refresh keeps
// a session alive on servers that answer differently.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NomadApi, type NomadApiOptions, type Session } from '../../../main/engine/api';
import { pingSession } from '../../../main/engine/auth-account';
import { FakeNomad, SERVER, loginAnswer, problem } from './support/fake-nomad';

const NOW = 1_700_000_000_000;
const HOUR = 3_600_000;
const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const SESSION_ID = '6fa459ea-ee8a-3ca4-894e-db77e160355e';

let nomad: FakeNomad;
beforeEach(() => {
  nomad = new FakeNomad();
});
afterEach(async () => {
  await nomad.close();
});

function client(options: Partial<NomadApiOptions> = {}): NomadApi {
  return new NomadApi({ serverUrl: SERVER, dispatcher: nomad.agent, now: () => NOW, ...options });
}

const step = (loginStatus: string, extra: Record<string, unknown> = {}) => ({
  status: 200,
  body: { token: null, refreshToken: null, expirationSeconds: 0, loginStatus, userSessionId: null, ...extra },
});

describe('a login that needs another step', () => {
  it('TwoFactorCodeRequired asks for the code; the second login sends it as `token` and signs in', async () => {
    nomad.on('POST', '/account/login', step('TwoFactorCodeRequired'));
    nomad.on('POST', '/account/login', loginAnswer('t1', 'r1'));
    const api = client();

    expect(await api.signIn({ userName: 'mfa', password: 'mfa' })).toEqual({ kind: 'needs-code' });
    expect(api.signedIn).toBe(false);
    const done = await api.signIn({ userName: 'mfa', password: 'mfa', token: '123456' });

    expect(done).toMatchObject({ kind: 'signed-in', session: { token: 't1', refreshToken: 'r1', userName: 'mfa' } });
    expect(nomad.to('POST', '/account/login').map((r) => r.body)).toEqual([
      { userName: 'mfa', password: 'mfa' },
      { userName: 'mfa', password: 'mfa', token: '123456' },
    ]);
  });

  it('TwoFactorSetupRequired hands over the QR image and the manual code', async () => {
    nomad.on('POST', '/account/login', step('TwoFactorSetupRequired', { twoFactorQRCodeImage: 'iVBORw0KGgo=', twoFactorQRCode: 'JBSWY3DP' }));

    expect(await client().signIn({ userName: 'mfa-setup', password: 'mfa-setup' })).toEqual({
      kind: 'needs-setup',
      qrImage: 'iVBORw0KGgo=',
      manualCode: 'JBSWY3DP',
    });
  });

  it('IsPendingNewPassword asks for one; the login that sets it sends `newPassword`', async () => {
    nomad.on('POST', '/account/login', step('IsPendingNewPassword'));
    nomad.on('POST', '/account/login', loginAnswer('t1', 'r1'));
    const api = client();

    expect(await api.signIn({ userName: 'newpass', password: 'newpass' })).toEqual({ kind: 'needs-new-password' });
    expect((await api.signIn({ userName: 'newpass', password: 'newpass', newPassword: 'a-longer-one' })).kind).toBe('signed-in');
    expect(nomad.to('POST', '/account/login')[1]!.body).toEqual({ userName: 'newpass', password: 'newpass', newPassword: 'a-longer-one' });
  });

  it('a refused new password says what the server said', async () => {
    nomad.on('POST', '/account/login', problem(400, { detail: 'newPassword must be at least 8 characters' }));

    expect(await client().signIn({ userName: 'newpass', password: 'newpass', newPassword: 'short' })).toMatchObject({
      kind: 'refused',
      reason: 'new-password-rejected',
      detail: 'newPassword must be at least 8 characters',
    });
  });

  it('a wrong two-factor code is told apart from a wrong password', async () => {
    nomad.on('POST', '/account/login', problem(404, { detail: 'Authentication failed' }), { times: 2 });
    const api = client();

    expect(await api.signIn({ userName: 'mfa', password: 'mfa', token: '000000' })).toMatchObject({ kind: 'refused', reason: 'wrong-code' });
    expect(await api.signIn({ userName: 'mfa', password: 'nope' })).toMatchObject({ kind: 'refused', reason: 'wrong-password' });
  });

  it('a status the app does not know, without tokens, is a clear protocol error', async () => {
    nomad.on('POST', '/account/login', step('SomethingNew'));

    await expect(client().signIn({ userName: 'a', password: 'b' })).rejects.toMatchObject({
      code: 'invalid-response',
      message: expect.stringContaining('"SomethingNew"'),
    });
  });
});

describe('accounts the server refuses', () => {
  it.each([
    ['disabled', 'The account "disabled" is disabled', 'This account is disabled. Ask your Nomad administrator to enable it.'],
    ['expired', 'The account "expired" has expired', 'This account has expired. Ask your Nomad administrator to extend it.'],
    ['pending-invitation', 'The account "invited" has a pending invitation: complete it first', "This account's invitation is not accepted yet"],
    ['pending-approval', 'The account "approval" is pending approval by an administrator', "This account is waiting for an administrator's approval"],
  ])('403 %s has its own words, never "refused (403)"', async (reason, detail, words) => {
    nomad.on('POST', '/account/login', problem(403, { title: 'Forbidden', detail }));
    const api = client();

    expect(await api.signIn({ userName: 'x', password: 'x' })).toMatchObject({ kind: 'refused', reason, detail, status: 403 });
    nomad.on('POST', '/account/login', problem(403, { title: 'Forbidden', detail }));
    await expect(api.login({ userName: 'x', password: 'x' })).rejects.toMatchObject({
      code: 'account-refused',
      message: expect.stringContaining(words),
    });
  });

  it('a 200 with loginStatus IsExpired and no tokens is an expired account', async () => {
    nomad.on('POST', '/account/login', step('IsExpired'));

    expect(await client().signIn({ userName: 'x', password: 'x' })).toEqual({ kind: 'refused', reason: 'expired', detail: null });
  });

  it('where nobody can be asked (a fallback login), a step is an error that says what is missing', async () => {
    nomad.on('POST', '/account/login', step('TwoFactorCodeRequired'));

    await expect(client().login({ userName: 'mfa', password: 'mfa' })).rejects.toMatchObject({
      code: 'sign-in-incomplete',
      message: 'The server asks for a two-factor code: sign in again and enter it.',
    });
  });
});

describe('the session the login opened', () => {
  it('applicationId goes with the login; userSessionId is kept for ping and logout', async () => {
    nomad.on('POST', '/account/login', { status: 200, body: { token: 't1', refreshToken: 'r1', expirationSeconds: 600, userSessionId: SESSION_ID } });
    nomad.on('POST', '/account/ping', { status: 200, body: { redirectUrl: null, pingStatus: 'Normal' } });
    nomad.on('POST', '/account/logout', { status: 200 });
    const api = client({ applicationId: APP_ID });

    const session = await api.login({ userName: 'demo', password: 'demo' });
    expect(session.userSessionId).toBe(SESSION_ID);
    expect(await pingSession(api)).toBe('Normal');
    await api.logout();

    expect(nomad.to('POST', '/account/login')[0]!.body).toEqual({ userName: 'demo', password: 'demo', applicationId: APP_ID });
    expect(nomad.to('POST', '/account/ping')[0]!.body).toEqual({ userSessionId: SESSION_ID, applicationId: APP_ID });
    expect(nomad.to('POST', '/account/logout')[0]).toMatchObject({ body: { userSessionId: SESSION_ID, applicationId: APP_ID }, headers: { authorization: 'Bearer t1' } });
    nomad.assertDone();
  });

  it('a refresh answer with a null refresh token keeps the one in use', async () => {
    const sessions: Array<Session | null> = [];
    nomad.on('POST', '/account/refresh-token', { status: 200, body: { token: 't2', refreshToken: null, expirationSeconds: 600 } });
    nomad.on('GET', '/admin/asset/upload', { status: 200, body: [] }, { token: 't2' });
    const api = client({ session: { token: 't1', refreshToken: 'r1', expiresAt: NOW - 1, userName: 'demo' }, onSession: (s) => sessions.push(s) });

    await api.listUploads();

    expect(api.session).toMatchObject({ token: 't2', refreshToken: 'r1', expiresAt: NOW + 600_000 });
    expect(api.lastRotation).toBe('kept-previous');
    expect(sessions.at(-1)?.refreshToken).toBe('r1');
  });

  it('a refresh answer without the field at all keeps it too', async () => {
    nomad.on('POST', '/account/refresh-token', { status: 200, body: { token: 't2', expirationSeconds: 600 } });

    expect(await client({ session: { token: 't1', refreshToken: 'r1', expiresAt: NOW + HOUR, userName: 'demo' } }).refreshNow()).toBe('kept-previous');
  });

  it('a 403 from an API call refreshes once and retries, as Nomad’s SDK does', async () => {
    nomad.on('GET', '/admin/asset/upload', problem(403, { detail: 'The bearer token has expired; refresh it' }), { token: 't1' });
    nomad.on('POST', '/account/refresh-token', loginAnswer('t2', 'r2'));
    nomad.on('GET', '/admin/asset/upload', { status: 200, body: [] }, { token: 't2' });
    const api = client({ session: { token: 't1', refreshToken: 'r1', expiresAt: NOW + HOUR, userName: 'demo' } });

    expect(await api.listUploads()).toEqual([]);
    expect(nomad.to('POST', '/account/refresh-token')).toHaveLength(1);
    nomad.assertDone();
  });

  it('a second 403 after the refresh is the answer, not a loop', async () => {
    nomad.on('GET', '/admin/asset/upload', problem(403, { detail: 'not yours' }), { times: 2 });
    nomad.on('POST', '/account/refresh-token', loginAnswer('t2', 'r2'));
    const api = client({ session: { token: 't1', refreshToken: 'r1', expiresAt: NOW + HOUR, userName: 'demo' } });

    await expect(api.listUploads()).rejects.toMatchObject({ context: { status: 403 } });
    expect(nomad.to('POST', '/account/refresh-token')).toHaveLength(1);
  });
});

describe('API keys', () => {
  it('sign every call with `Authorization: ApiKey <key>`: no login, no refresh, no logout', async () => {
    nomad.on('GET', '/admin/asset/upload', { status: 200, body: [] });
    nomad.on('GET', '/admin/asset/upload', problem(401, { detail: 'The API key is not valid' }));
    const api = client({ apiKey: 'k-123' });

    expect(api.signedIn).toBe(true);
    expect(api.authMethod).toBe('api-key');
    await api.listUploads();
    await expect(api.listUploads()).rejects.toMatchObject({ code: 'auth-failed', message: expect.stringContaining('refused the API key') });
    await api.logout();

    expect(nomad.requests.map((r) => `${r.method} ${r.route} ${r.headers.authorization}`)).toEqual([
      'GET /admin/asset/upload ApiKey k-123',
      'GET /admin/asset/upload ApiKey k-123',
    ]);
    await expect(api.refreshNow()).rejects.toMatchObject({ code: 'bad-request' });
  });
});
