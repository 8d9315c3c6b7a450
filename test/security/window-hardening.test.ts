// The Electron window and session, driven with stand-ins for Electron's objects (the
// binary cannot run here): every webPreference that matters, navigation and new windows
// denied, links only through openExternalSafely, every permission denied, a strict CSP.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

const electron = vi.hoisted(() => {
  const state = {
    windows: [] as Array<{ options: Record<string, unknown>; contents: FakeContents; loaded: string[] }>,
    opened: [] as string[],
    session: {
      permissionRequest: null as null | ((contents: unknown, permission: string, callback: (ok: boolean) => void, details?: unknown) => void),
      permissionCheck: null as null | ((...args: unknown[]) => boolean),
      devicePermission: null as null | ((...args: unknown[]) => boolean),
      headers: null as null | ((details: { responseHeaders?: Record<string, string[]> }, callback: (r: { responseHeaders?: Record<string, string[]> }) => void) => void),
    },
  };
  class FakeContents {
    listeners = new Map<string, Listener[]>();
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
    on(event: string, listener: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.windowOpenHandler = handler;
    }
    /** Emits like Electron: returns whether some listener called preventDefault. */
    emit(event: string, ...args: unknown[]): boolean {
      let prevented = false;
      const e = { preventDefault: () => (prevented = true) };
      for (const listener of this.listeners.get(event) ?? []) listener(e, ...args);
      return prevented;
    }
  }
  class BrowserWindow {
    webContents = new FakeContents();
    loaded: string[] = [];
    constructor(options: Record<string, unknown>) {
      state.windows.push({ options, contents: this.webContents, loaded: this.loaded });
    }
    once(): this {
      return this;
    }
    on(): this {
      return this;
    }
    async loadFile(path: string): Promise<void> {
      this.loaded.push(`file:${path}`);
    }
    async loadURL(url: string): Promise<void> {
      this.loaded.push(url);
    }
  }
  const session = {
    defaultSession: {
      setPermissionRequestHandler: (h: typeof state.session.permissionRequest) => (state.session.permissionRequest = h),
      setPermissionCheckHandler: (h: typeof state.session.permissionCheck) => (state.session.permissionCheck = h),
      setDevicePermissionHandler: (h: typeof state.session.devicePermission) => (state.session.devicePermission = h),
      webRequest: { onHeadersReceived: (h: typeof state.session.headers) => (state.session.headers = h) },
    },
  };
  const shell = {
    openExternal: async (url: string) => {
      state.opened.push(url);
    },
  };
  return { state, module: { BrowserWindow, session, shell } };
});

vi.mock('electron', () => ({ ...electron.module, default: electron.module }));

const { CONTENT_SECURITY_POLICY, createMainWindow, hardenSession } = await import('../../main/electron/window');
const root = join(import.meta.dirname, '../..');

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

beforeEach(() => {
  electron.state.windows.length = 0;
  electron.state.opened.length = 0;
});

describe('the app window', () => {
  it('runs the renderer isolated and sandboxed, without Node, with web security', () => {
    createMainWindow('/app/out');
    const prefs = electron.state.windows[0]?.options.webPreferences as Record<string, unknown>;

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

  it('loads the packaged page from disk unless the dev server is given', () => {
    const saved = process.env.ELECTRON_RENDERER_URL;
    delete process.env.ELECTRON_RENDERER_URL;
    createMainWindow('/app/out');
    process.env.ELECTRON_RENDERER_URL = saved;
    expect(electron.state.windows[0]?.loaded).toEqual(['file:/app/out/renderer/index.html']);
  });

  it('never navigates away, never redirects, never attaches a webview', () => {
    createMainWindow('/app/out');
    const contents = electron.state.windows[0]!.contents;

    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'file:///app/out/renderer/index.html', 'javascript:alert(1)']) {
      expect(contents.emit('will-navigate', url), url).toBe(true);
      expect(contents.emit('will-redirect', url), url).toBe(true);
    }
    expect(contents.emit('will-attach-webview', {}, {})).toBe(true);
  });

  it('opens no window: web links go to the browser through openExternalSafely, anything else nowhere', async () => {
    createMainWindow('/app/out');
    const handler = electron.state.windows[0]!.contents.windowOpenHandler!;

    for (const url of ['https://docs.nomad-media.com/help', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://x/y', 'https://a@evil.example/']) {
      expect(handler({ url }), url).toEqual({ action: 'deny' });
    }
    await vi.waitFor(() => expect(electron.state.opened).toEqual(['https://docs.nomad-media.com/help']));
  });
});

describe('the session', () => {
  it('denies every permission request, check and device request', () => {
    hardenSession();
    const { permissionRequest, permissionCheck, devicePermission } = electron.state.session;
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
    hardenSession();
    const answers: Array<{ responseHeaders?: Record<string, string[]> }> = [];
    electron.state.session.headers!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => answers.push(r));

    expect(answers[0]?.responseHeaders).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expectStrictScripts(CONTENT_SECURITY_POLICY);
    const map = directives(CONTENT_SECURITY_POLICY);
    expect(map.get('object-src')).toEqual(["'none'"]);
    expect(map.get('base-uri')).toEqual(["'none'"]);
    expect(map.get('frame-ancestors')).toEqual(["'none'"]);
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
