// The one app window, locked down: context isolation, sandbox, no Node in the renderer, no
// navigation away from our page, no new windows, no permissions, and a strict CSP.

import { BrowserWindow, session, type WebContents } from 'electron';
import { openExternalSafely } from './open-external';
import type { RendererLocation } from './renderer-location';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface MainWindowFiles {
  /** The sandboxed preload bundle (out/preload/index.cjs). */
  preload: string;
  /** The window icon; resources live outside app.asar when packaged. */
  icon?: string;
}

export function createMainWindow(location: RendererLocation, files: MainWindowFiles): BrowserWindow {
  const window = new BrowserWindow({
    width: 1120,
    height: 740,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Nomad Uploader',
    ...(files.icon ? { icon: files.icon } : {}),
    webPreferences: {
      preload: files.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click (auxclick) can open links outside the window-open handler's view.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  // A page that fails to load is reported by did-fail-load; the promise must not go unhandled.
  const loading = location.kind === 'dev-server' ? window.loadURL(location.url) : window.loadFile(location.path);
  loading.catch(() => undefined);
  return window;
}

function hardenContents(contents: WebContents): void {
  // Dropping a file on a page navigates to it by default: never leave our page.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  // A link with target=_blank (or window.open) goes to the user's browser through the same
  // gate as the openExternal command; the app never opens a second window.
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalSafely(url).catch(() => undefined);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Session-wide: deny every permission, and send the CSP as a header too (dev server). */
export function hardenSession(location: RendererLocation): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // WebHID/WebUSB/Web Serial ask through this one, not the permission request handler.
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    // `electron-vite dev` serves the renderer with inline styles and HMR scripts; its page
    // carries a relaxed CSP meta (dev only: the location is never the dev server when
    // packaged). Everything else gets the strict header.
    if (location.kind === 'dev-server' && originOf(details.url) === location.origin) {
      callback({ responseHeaders: details.responseHeaders });
      return;
    }
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
