// The app's only call of shell.openExternal: everything that opens a link in the user's
// browser (the openExternal command, window.open from the page) comes through here, so the
// http(s)-only rule lives in one place (main/ipc/external-url.ts, tested in plain Node).

import { shell } from 'electron';
import { openExternalSafely as openWith } from '../ipc/external-url';

/** Opens an http(s) link in the user's browser; resolves to the URL opened, or null if refused. */
export function openExternalSafely(raw: unknown): Promise<string | null> {
  return openWith(raw, (url) => shell.openExternal(url));
}
