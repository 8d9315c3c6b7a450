// The app's sign-in commands through the handler map, against the sandbox's accounts: the
// steps a password sign-in can take, an API key that survives a restart (kept in the secret
// store, never the password), single sign-on through the loopback listener, and Test
// connection on the session in use.

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandHandlers } from '../../../preload/contract';
import { MemorySecretStore } from '../../../main/app-core/secret-store';
import { MemorySettingsStore } from '../../../main/app-core/settings';
import { UploaderService } from '../../../main/app-core/uploader-service';
import { createCommandHandlers, dispatchCommand } from '../../../main/ipc/command-handlers';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { makeTempDir } from '../../support/files';
import { signInOnSandboxPage } from '../../support/sso-browser';

let temp: { dir: string; cleanup: () => Promise<void> };
let sandbox: Sandbox;
/** The app's embedded sandbox: another server than the one signed in to (its sessions are never saved). */
let embedded: Sandbox;
let secrets: MemorySecretStore;
let settings: MemorySettingsStore;
let service: UploaderService;
let handlers: CommandHandlers;
let browser: (url: string) => Promise<void>;
const call = (name: string, payload: unknown) => dispatchCommand(handlers, name, payload);

function newService(): UploaderService {
  const created = new UploaderService({ settings, secrets, journalDir: null, startSandbox: async () => embedded });
  handlers = createCommandHandlers(created, { pickPaths: async () => [], openExternal: (url) => browser(url) });
  return created;
}

beforeEach(async () => {
  temp = await makeTempDir('nomad-app-signin-');
  sandbox = await startSandbox({ dataDir: join(temp.dir, 'sandbox') });
  embedded = await startSandbox({ dataDir: join(temp.dir, 'embedded') });
  secrets = new MemorySecretStore();
  settings = new MemorySettingsStore();
  browser = async () => undefined;
  service = newService();
  await service.start();
});

afterEach(async () => {
  await service.shutdown();
  await sandbox.close();
  await embedded.close();
  await temp.cleanup();
});

describe('a password sign-in that takes steps', () => {
  it('two-factor: the first answer asks for the code, the second signs in', async () => {
    const login = { serverUrl: sandbox.url, userName: 'mfa', password: 'mfa' };

    expect(await call('signInStep', login)).toEqual({ ok: true, value: { kind: 'needs-code' } });
    expect(await call('signInStep', { ...login, code: '000000' })).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    expect(await call('signInStep', { ...login, code: '123456' })).toMatchObject({ ok: true, value: { kind: 'signed-in', account: { signedIn: true, userName: 'mfa' } } });
    expect(secrets.sessions()).toMatchObject([{ serverUrl: sandbox.url, userName: 'mfa' }]);
    expect(JSON.stringify(secrets.value)).not.toContain('"mfa","password"');
  });

  it('setup hands the QR image and manual code to the window', async () => {
    const answer = await call('signInStep', { serverUrl: sandbox.url, userName: 'mfa-setup', password: 'mfa-setup' });

    expect(answer).toMatchObject({ ok: true, value: { kind: 'needs-setup', manualCode: 'JBSWY3DPEHPK3PXPNOMADSBX' } });
    const image = (answer as { value: { qrImage: string } }).value.qrImage;
    expect(Buffer.from(image, 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  it('a new password, then signed in with it', async () => {
    const login = { serverUrl: sandbox.url, userName: 'newpass', password: 'newpass' };

    expect(await call('signInStep', login)).toEqual({ ok: true, value: { kind: 'needs-new-password' } });
    expect(await call('signInStep', { ...login, newPassword: 'short' })).toMatchObject({ ok: false, error: { detail: 'newPassword must be at least 8 characters' } });
    expect(await call('signInStep', { ...login, newPassword: 'a-new-password' })).toMatchObject({ ok: true, value: { kind: 'signed-in' } });
  });

  it.each([
    ['disabled', 'account-refused', 'This account is disabled.', 'disabled'],
    ['approval', 'account-refused', "This account is waiting for an administrator's approval.", 'pending-approval'],
  ])('%s is refused with its own words, and says why for the window to word in its language', async (account, code, words, refusal) => {
    const answer = await call('signInStep', { serverUrl: sandbox.url, userName: account, password: account });

    expect(answer).toMatchObject({ ok: false, error: { code, message: expect.stringContaining(words), status: 403, refusal } });
  });

  it('a two-factor code that is not digits is refused before anything is sent', async () => {
    expect(await call('signInStep', { serverUrl: sandbox.url, userName: 'mfa', password: 'mfa', code: '12ab' })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });
});

describe('API keys', () => {
  it('sign in as the key’s account, and the key (only) is kept for the next start', async () => {
    expect(await call('signInWithApiKey', { serverUrl: sandbox.url, apiKey: 'demo-api-key' })).toMatchObject({ ok: true, value: { signedIn: true, userName: 'demo' } });
    expect(secrets.sessions()).toEqual([{ serverUrl: sandbox.url, userName: 'demo', refreshToken: '', apiKey: 'demo-api-key' }]);
    await service.shutdown();

    service = newService();
    await service.start();
    expect(service.account()).toMatchObject({ signedIn: true, userName: 'demo', target: { kind: 'server', url: sandbox.url } });
    expect(await call('listLeftovers', {})).toEqual({ ok: true, value: [] });
  });

  it('a wrong key says so and changes nothing', async () => {
    expect(await call('signInWithApiKey', { serverUrl: sandbox.url, apiKey: 'nope' })).toMatchObject({ ok: false, error: { code: 'auth-failed', message: expect.stringContaining('refused this API key') } });
    expect(service.account().target).toEqual({ kind: 'sandbox' });
    expect(secrets.sessions()).toEqual([]);
  });
});

describe('single sign-on', () => {
  it('opens the provider page with a loopback redirect and signs in when the browser comes back', async () => {
    const opened: string[] = [];
    browser = async (url) => {
      opened.push(url);
      // The person's browser follows the page; the redirect lands on the app's listener.
      const callback = await signInOnSandboxPage(url);
      await fetch(callback);
    };

    expect(await call('signInWithSso', { serverUrl: sandbox.url, provider: 'sandbox' })).toMatchObject({ ok: true, value: { signedIn: true, userName: 'demo' } });
    expect(new URL(opened[0]!).searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/nomad-uploader\/sso-callback$/);
    expect(secrets.sessions()).toMatchObject([{ serverUrl: sandbox.url, userName: 'demo' }]);
  });

  it('cancelSso stops the wait; nothing changes', async () => {
    let opened!: () => void;
    const pageOpened = new Promise<void>((resolve) => (opened = resolve));
    browser = async () => opened();

    const waiting = call('signInWithSso', { serverUrl: sandbox.url, provider: 'sandbox' });
    await pageOpened;
    expect(await call('cancelSso', {})).toEqual({ ok: true, value: null });

    expect(await waiting).toMatchObject({ ok: false, error: { code: 'aborted' } });
    expect(service.account().target).toEqual({ kind: 'sandbox' });
  });
});

describe('Test connection', () => {
  it('runs the doctor’s checks on the signed-in session, with the test upload when asked', async () => {
    await call('signInStep', { serverUrl: sandbox.url, userName: 'demo', password: 'demo' });

    const answer = await call('testConnection', { writeTest: true });

    expect(answer).toMatchObject({ ok: true, value: { ok: true, variants: [] } });
    const checks = (answer as { value: { checks: Array<{ id: string; status: string }> } }).value.checks;
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['reachable', 'pass'],
      ['admin-api', 'pass'],
      ['sign-in', 'pass'],
      ['token-lifetime', 'pass'],
      ['refresh', 'pass'],
      ['session', 'pass'],
      ['error-style', 'info'],
      ['write-test', 'pass'],
      ['zero-byte', 'info'],
      ['expiry-answer', 'info'],
    ]);
    // The refresh the check made rotated the saved refresh token, and the app still works with it.
    expect(await call('listLeftovers', {})).toEqual({ ok: true, value: [] });
  });
});
