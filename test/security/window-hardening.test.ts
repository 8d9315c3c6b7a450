// The Electron window and session, driven through the fake `electron` module (the binary
// cannot run here): every webPreference that matters, navigation and new windows denied,
// links only through openExternalSafely, every permission denied, a strict CSP — and the
// packaged app never taking its page (or its trust) from ELECTRON_RENDERER_URL.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commandChannel } from '../../preload/contract';
import { rendererLocation, type RendererLocation } from '../../main/electron/renderer-location';
import { CONTENT_SECURITY_POLICY, createMainWindow, hardenSession } from '../../main/electron/window';
import { asFake, fakeElectron } from '../unit/electron/fake-electron';
import { launchApp, type Launched } from '../unit/electron/support/desktop';

vi.mock('electron', async () => (await import('../unit/electron/fake-electron')).electronModule);

const root = join(import.meta.dirname, '../..');
const DEV_SERVER = 'http://localhost:5173/';
const built: RendererLocation = rendererLocation('/app/out', { isPackaged: true, devServerUrl: undefined });
const files = { preload: '/app/out/preload/index.cjs' };

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name ?? '', values]),
  );
}

/** What the browser enforces for scripts: script-src, else default-src. */
function expectStrictScripts(csp: string): void {
  const map = directives(csp);
  const scripts = map.get('script-src') ?? map.get('default-src') ?? [];
  expect(scripts).toEqual(["'self'"]);
  expect(csp).not.toMatch(/(script|default)-src[^;]*'unsafe-(inline|eval|hashes)'/);
  expect(map.get('default-src')).toEqual(["'self'"]);
}

let launched: Launched | null = null;
beforeEach(() => {
  fakeElectron.reset();
});
afterEach(async () => {
  await launched?.cleanup();
  launched = null;
});

describe('the app window', () => {
  it('runs the renderer isolated and sandboxed, without Node, with web security', () => {
    const window = asFake(createMainWindow(built, files));
    const prefs = window.webPreferences();

    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(String(prefs.disableBlinkFeatures)).toContain('Auxclick');
    for (const risky of ['experimentalFeatures', 'enableBlinkFeatures', 'nodeIntegrationInSubFrames', 'enableRemoteModule']) {
      expect(prefs[risky], risky).toBeFalsy();
    }
  });

  it('loads the built page from disk', async () => {
    const window = asFake(createMainWindow(built, files));
    await window.webContents.whenLoaded();
    expect(window.webContents.getURL()).toBe('file:///app/out/renderer/index.html');
  });

  it('never navigates away, never redirects, never attaches a webview', async () => {
    const window = asFake(createMainWindow(built, files));
    await window.webContents.whenLoaded();
    const contents = window.webContents;

    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'file:///app/out/renderer/index.html', 'javascript:alert(1)']) {
      expect(contents.navigate(url), url).toBe(false);
      expect(contents.emitPreventable('will-redirect', { url }), url).toBe(true);
    }
    expect(contents.getURL()).toBe('file:///app/out/renderer/index.html');
    expect(contents.emitPreventable('will-attach-webview', {}, {})).toBe(true);
  });

  it('opens no window: web links go to the browser through openExternalSafely, anything else nowhere', async () => {
    const window = asFake(createMainWindow(built, files));
    const handler = window.webContents.windowOpenHandler!;

    for (const url of ['https://docs.nomad-media.com/help', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://x/y', 'https://a@evil.example/']) {
      expect(handler({ url }), url).toEqual({ action: 'deny' });
    }
    await vi.waitFor(() => expect(fakeElectron.shell.opened).toEqual(['https://docs.nomad-media.com/help']));
  });
});

describe('the session', () => {
  it('denies every permission request, check and device request', () => {
    hardenSession(built);
    const { permissionRequest, permissionCheck, devicePermission } = fakeElectron.session.defaultSession;
    const permissions = [
      'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen', 'geolocation', 'idle-detection',
      'media', 'mediaKeySystem', 'midi', 'midiSysex', 'notifications', 'pointerLock', 'keyboardLock', 'openExternal',
      'speaker-selection', 'storage-access', 'top-level-storage-access', 'window-management', 'unknown',
    ];
    for (const permission of permissions) {
      const answers: boolean[] = [];
      permissionRequest!({}, permission, (ok) => answers.push(ok));
      expect(answers, permission).toEqual([false]);
      expect(permissionCheck!({}, permission, 'file://', {}), permission).toBe(false);
    }
    expect(devicePermission!({ deviceType: 'usb', origin: 'file://' })).toBe(false);
  });

  it('sends the strict CSP with every response', () => {
    hardenSession(built);
    const headers = fakeElectron.session.defaultSession.respond({ url: 'file:///app/out/renderer/index.html', responseHeaders: { 'Content-Type': ['text/html'] } });

    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expectStrictScripts(CONTENT_SECURITY_POLICY);
    const map = directives(CONTENT_SECURITY_POLICY);
    expect(map.get('object-src')).toEqual(["'none'"]);
    expect(map.get('base-uri')).toEqual(["'none'"]);
    expect(map.get('frame-ancestors')).toEqual(["'none'"]);
  });
});

describe('ELECTRON_RENDERER_URL (the electron-vite dev server)', () => {
  it('is ignored by the packaged app: the built page, the strict CSP for the dev URL too', async () => {
    const packaged = rendererLocation('/app/out', { isPackaged: true, devServerUrl: DEV_SERVER });
    expect(packaged).toEqual(built);

    const window = asFake(createMainWindow(packaged, files));
    hardenSession(packaged);
    await window.webContents.whenLoaded();

    expect(window.webContents.getURL()).toBe('file:///app/out/renderer/index.html');
    expect(fakeElectron.session.defaultSession.respond({ url: `${DEV_SERVER}index.html`, responseHeaders: {} })).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it('is honoured in development only: the dev page loads, keeps its own relaxed CSP, nothing else does', async () => {
    const dev = rendererLocation('/app/out', { isPackaged: false, devServerUrl: DEV_SERVER });
    expect(dev).toEqual({ kind: 'dev-server', url: DEV_SERVER, origin: 'http://localhost:5173' });

    const window = asFake(createMainWindow(dev, files));
    hardenSession(dev);
    await window.webContents.whenLoaded();

    expect(window.webContents.getURL()).toBe(DEV_SERVER);
    expect(fakeElectron.session.defaultSession.respond({ url: `${DEV_SERVER}src/main.tsx`, responseHeaders: {} })).toEqual({});
    // Another port of the same host is not the dev server (a prefix test would say it is).
    expect(fakeElectron.session.defaultSession.respond({ url: 'http://localhost:51730/', responseHeaders: {} })).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it('ignores a value that is not a web address, even in development', () => {
    for (const value of ['file:///tmp/evil.html', 'javascript:alert(1)', 'not a url', '']) {
      expect(rendererLocation('/app/out', { isPackaged: false, devServerUrl: value }).kind, value).toBe('file');
    }
  });

  it('set for the packaged app, gives a page at that address no command: the sender check trusts only the built page', async () => {
    launched = await launchApp({ isPackaged: true, rendererUrl: DEV_SERVER });
    await launched.desktop.started;
    const contents = launched.window().webContents;
    await contents.whenLoaded();
    expect(contents.getURL()).toBe(`file://${root}/out/renderer/index.html`);

    // Whatever got the window to show the dev server's page: it speaks for nobody.
    await contents.load(DEV_SERVER);
    expect(await contents.page!.invoke(commandChannel('getAccount'), {})).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });

    await contents.load(`file://${root}/out/renderer/index.html`);
    expect(await contents.page!.invoke(commandChannel('getAccount'), {})).toMatchObject({ ok: true });
  });

  it('in development, the dev server’s page is the app', async () => {
    launched = await launchApp({ isPackaged: false, rendererUrl: DEV_SERVER });
    await launched.desktop.started;
    const contents = launched.window().webContents;
    await contents.whenLoaded();

    expect(contents.getURL()).toBe(DEV_SERVER);
    expect(await contents.page!.invoke(commandChannel('getAccount'), {})).toMatchObject({ ok: true });
  });
});

describe('the renderer page', () => {
  it('declares a CSP without inline or eval scripts, in the source and in the built page', async () => {
    for (const file of ['renderer/index.html', 'out/renderer/index.html']) {
      const html = await readFile(join(root, file), 'utf8');
      const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
      expect(meta, file).not.toBeNull();
      expectStrictScripts(meta![1]!);
      // With script-src 'self' an inline script would be blocked anyway; none should exist.
      const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(([, attrs, body]) => !/\bsrc=/.test(attrs ?? '') && (body ?? '').trim() !== '');
      expect(inline, file).toEqual([]);
      expect(html, file).not.toMatch(/\son[a-z]+\s*=\s*["']/i);
    }
  });
});
