// The one gate between a URL from the renderer (a link in the UI, a window.open, the
// openExternal command) and the user's browser. Plain Node so it is tested without Electron;
// main/electron/open-external.ts binds it to shell.openExternal.
//
// Why so strict: shell.openExternal hands the string to the OS, which happily runs
// `file:`, `smb:`, `ms-settings:` or custom protocol handlers; a compromised renderer must
// not be able to turn that into code execution. Only http(s) links that parse are opened,
// and the browser gets the parsed, normalised form, never the raw string.

/** Longest URL we pass on; matches the openExternal payload schema. */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

/** The normalised URL when it is an http(s) link with a host and no embedded credentials; otherwise null. */
export function parseExternalUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_EXTERNAL_URL_LENGTH) return null;
  // Control characters (NUL, CR/LF, tabs) are stripped silently by the URL parser; a link that
  // needs them is not one a person clicked.
  if (/[\u0000-\u001f\u007f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.hostname === '') return null;
  // user:pass@host is a classic disguise (https://docs.example.com@evil.example/).
  if (url.username !== '' || url.password !== '') return null;
  return url.toString();
}

export type UrlOpener = (url: string) => Promise<void>;

/**
 * Opens `raw` with `open` when parseExternalUrl accepts it. Resolves to the URL opened, or
 * null when it was refused (nothing is opened then).
 */
export async function openExternalSafely(raw: unknown, open: UrlOpener): Promise<string | null> {
  const url = parseExternalUrl(raw);
  if (url === null) return null;
  await open(url);
  return url;
}
