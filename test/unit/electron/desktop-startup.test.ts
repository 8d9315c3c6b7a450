// Start-up of the real main process against the fake Electron: what it sets up before and
// after `ready`, the window and its page, the renderer connecting through the real preload,
// a start-up error that must not be lost, and the app's identity on Windows.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, commandChannel, eventChannel } from '../../../preload/contract';
import { SANDBOX_LABEL } from '../../../main/app-core/uploader-service';
import { APP_ID } from '../../../main/electron/app-identity';
import { CONTENT_SECURITY_POLICY } from '../../../main/electron/window';
import { fakeElectron } from './fake-electron';
import { EXEC_PATH, ROOT, Sandboxes, launchApp, type Launched } from './support/desktop';
import { storeUntil } from './support/until';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const opened: Launched[] = [];
const servers: TestSandbox[] = [];
afterEach(async () => {
  // The newest first: a restarted app shares the userData folder its predecessor made.
  for (const app of opened.splice(0).reverse()) await app.cleanup();
  for (const server of servers.splice(0)) await server.close();
});

async function launch(options: Parameters<typeof launchApp>[0] = {}): Promise<Launched> {
  const app = await launchApp(options);
  opened.push(app);
  return app;
}

/** A Nomad server to sign in to (a sandbox of its own, outliving the app's restarts). */
async function nomadServer(): Promise<TestSandbox> {
  const server = await startTestSandbox();
  servers.push(server);
  return server;
}

/** Sandboxes whose first start fails, as a port or disk problem would make it. */
class FailingSandboxes extends Sandboxes {
  override start = async (): Promise<never> => {
    throw new Error('EACCES: permission denied, mkdir');
  };
}

describe('start-up', () => {
  it('opens one hardened window on the built page, registers every command, and connects to the local sandbox', async () => {
    const launched = await launch();
    await launched.desktop.started;
    const window = launched.window();

    expect(fakeElectron.app.hasSingleInstanceLock()).toBe(true);
    expect(window.options).toMatchObject({ show: false, webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, preload: `${ROOT}/out/preload/index.cjs` } });
    expect(fakeElectron.ipcMain.channels.sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    expect(fakeElectron.session.defaultSession.respond({ url: window.webContents.getURL(), responseHeaders: {} })).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });

    await window.webContents.whenLoaded();
    expect(window.webContents.getURL()).toBe(`file://${ROOT}/out/renderer/index.html`);
    // Shown once the page has rendered, not before (no blank flash).
    expect(window.isVisible()).toBe(true);

    const { stores } = await launched.connectRenderer();
    await storeUntil(stores.session, (session) => session.account?.targetLabel === SANDBOX_LABEL);
    expect(fakeElectron.tray().toolTip).toBe('Nomad Uploader — nothing to upload');
  });

  it('keeps a start-up "Could not connect" until the renderer listens, then shows it once', async () => {
    const launched = await launch({ sandboxes: new FailingSandboxes() });
    await launched.desktop.started;
    const window = launched.window();
    await window.webContents.whenLoaded();

    // Sent now, it would reach a page that has not subscribed yet, and be lost.
    expect(window.webContents.sent.filter((m) => m.channel === eventChannel('notice'))).toEqual([]);

    const { stores } = await launched.connectRenderer();
    const toasts = await storeUntil(stores.toasts, (list) => list.length > 0);
    expect(toasts.map((t) => t.message)).toEqual(['Could not connect: EACCES: permission denied, mkdir']);
    expect(window.webContents.sent.filter((m) => m.channel === eventChannel('notice'))).toHaveLength(1);
  });
});

describe('a sign-in across restarts', () => {
  it('keeps the server in settings and the refresh token only in safeStorage’s encrypted file', async () => {
    const server = await nomadServer();
    const first = await launch();
    await first.desktop.started;
    const { api } = await first.connectRenderer();
    expect(await api.signIn({ serverUrl: server.sandbox.url, userName: 'demo', password: 'demo' })).toMatchObject({ ok: true, value: { signedIn: true } });
    fakeElectron.app.quit();
    await fakeElectron.app.whenExited();

    const settings = await readFile(join(first.userData, 'settings.json'), 'utf8');
    expect(JSON.parse(settings)).toMatchObject({ settings: { target: { kind: 'server', url: server.sandbox.url } } });
    expect(settings).not.toMatch(/token/i);
    const secret = await readFile(join(first.userData, 'session.bin'));
    expect(secret.toString('latin1')).not.toMatch(/refreshToken|demo/);

    const next = await launch({ userData: first.userData });
    await next.desktop.started;
    expect(next.desktop.service.account()).toMatchObject({ signedIn: true, userName: 'demo', target: { kind: 'server', url: server.sandbox.url } });
  });

  it('on Linux with only the hard-coded "basic_text" key, keeps the token in memory: the next start asks to sign in', async () => {
    const server = await nomadServer();
    const first = await launch({ linuxStorageBackend: 'basic_text' });
    await first.desktop.started;
    const { api } = await first.connectRenderer();
    expect(await api.signIn({ serverUrl: server.sandbox.url, userName: 'demo', password: 'demo' })).toMatchObject({ ok: true });
    fakeElectron.app.quit();
    await fakeElectron.app.whenExited();
    await expect(readFile(join(first.userData, 'session.bin'))).rejects.toThrow(/ENOENT/);

    const next = await launch({ userData: first.userData, linuxStorageBackend: 'basic_text' });
    await next.desktop.started;
    expect(next.desktop.service.account()).toMatchObject({ signedIn: false, target: { kind: 'server', url: server.sandbox.url } });
  });
});

describe('identity on Windows', () => {
  it('claims the installer’s AppUserModelID when packaged, so notifications show and their clicks arrive', async () => {
    await launch({ platform: 'win32', isPackaged: true });
    expect(fakeElectron.app.userModelId).toBe(APP_ID);
  });

  it('uses the executable path as the id in a development run, which has no shortcut carrying the app id', async () => {
    await launch({ platform: 'win32', isPackaged: false });
    expect(fakeElectron.app.userModelId).toBe(EXEC_PATH);
  });

  it('never calls the Windows-only API elsewhere (Electron does not define it there)', async () => {
    await launch({ platform: 'darwin' });
    expect('setAppUserModelId' in fakeElectron.app).toBe(false);
    expect(fakeElectron.app.userModelId).toBeNull();
  });
});
