// Who may call a command: only the top frame of our own window, showing exactly our page.
// Structural types so it is tested in plain Node with stand-ins for Electron's objects.

export interface FrameLike {
  url: string;
}

export interface InvokeEventLike {
  sender: unknown;
  senderFrame: FrameLike | null;
}

export interface WindowLike {
  isDestroyed(): boolean;
  webContents: { mainFrame: FrameLike };
}

/**
 * The one page allowed to speak for the app: the built renderer's index.html (its file
 * URL), or — only in development, never in the packaged app — the electron-vite dev server.
 */
export type TrustedPage = { kind: 'file'; url: string } | { kind: 'dev-server'; origin: string };

export function isTrustedSender(event: InvokeEventLike, window: WindowLike | null, page: TrustedPage): boolean {
  if (!window || window.isDestroyed()) return false;
  if (event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  // An iframe (even one of ours) is not the app: only the main frame speaks for it.
  if (!frame || frame !== window.webContents.mainFrame) return false;
  return isTrustedPageUrl(page, frame.url);
}

/**
 * Whether `url` is exactly the trusted page. A prefix test (`startsWith('file://')`) would
 * trust every file on the disk — a downloaded .html the window was somehow made to show,
 * or `file://host/share/…` on Windows — which Electron's security guide warns against. So:
 * a file URL must name the same file (same decoded path; Chromium and Node percent-encode a
 * few characters differently, so the encoded strings are not compared), with no host, query
 * or fragment; the dev server must match by origin (Vite serves `/` and `/index.html`).
 */
export function isTrustedPageUrl(page: TrustedPage, url: string): boolean {
  const actual = parseUrl(url);
  if (!actual) return false;
  switch (page.kind) {
    case 'file': {
      const expected = parseUrl(page.url);
      if (!expected || actual.protocol !== 'file:' || actual.host !== '' || actual.search !== '' || actual.hash !== '') return false;
      const path = decodedPath(actual);
      return path !== null && path === decodedPath(expected);
    }
    case 'dev-server':
      return actual.origin === page.origin;
  }
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The URL's path decoded, with a Windows drive letter upper-cased (`/c:/` and `/C:/` are one file). */
function decodedPath(url: URL): string | null {
  try {
    return decodeURIComponent(url.pathname).replace(/^\/([a-z]):/, (_m, drive: string) => `/${drive.toUpperCase()}:`);
  } catch {
    return null;
  }
}
