// The one app window, locked down: context isolation, sandbox, no Node in the renderer, no
// navigation away from our page, no new windows, no permissions, and a strict CSP.

import { BrowserWindow, session, type WebContents } from 'electron';
import { join } from 'node:path';
import { openExternalSafely } from './open-external';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * @param outDir the built app's out/ folder (inside app.asar when packaged)
 * @param iconPath the window icon; resources live outside app.asar when packaged
 */
export function createMainWindow(outDir: string, iconPath?: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1120,
    height: 740,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Nomad Uploader',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: join(outDir, 'preload/index.cjs'),
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
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl && !process.env.NODE_ENV?.startsWith('prod')) void window.loadURL(devUrl);
  else void window.loadFile(join(outDir, 'renderer/index.html'));
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
export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // WebHID/WebUSB/Web Serial ask through this one, not the permission request handler.
  ses.setDevicePermissionHandler(() => false);
  const devServer = process.env.ELECTRON_RENDERER_URL;
  ses.webRequest.onHeadersReceived((details, callback) => {
    // `electron-vite dev` serves the renderer with inline styles and HMR scripts; its page
    // carries a relaxed CSP meta (dev only). Everything else gets the strict header.
    if (devServer && details.url?.startsWith(devServer)) {
      callback({ responseHeaders: details.responseHeaders });
      return;
    }
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}
