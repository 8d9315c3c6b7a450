// Single sign-on in the app: the provider's page opens in the person's own browser (where
// their company sign-in, password manager and security keys live) and sends the browser back
// to a one-shot listener on 127.0.0.1 (RFC 8252 §7.3, loopback redirect). No page of the
// provider ever runs inside our window or near our preload.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UploadError } from '../engine/errors';

/** A sign-in in the browser takes a minute or two; after this the app stops waiting and says so. */
export const SSO_WAIT_MS = 5 * 60_000;

const CALLBACK_PATH = '/nomad-uploader/sso-callback';

export interface LoopbackListener {
  /** Where the provider sends the browser back (the redirect_uri). */
  redirectUri: string;
  /** The full callback address the browser arrived with. */
  callback: Promise<string>;
  close(): void;
}

export async function listenForSsoCallback(signal: AbortSignal, waitMs = SSO_WAIT_MS): Promise<LoopbackListener> {
  let settle: { resolve: (address: string) => void; reject: (error: Error) => void } | null = null;
  const callback = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Unhandled until the caller awaits it: a cancel before then must not crash the process.
  callback.catch(() => undefined);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const failed = url.searchParams.has('error');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    settle?.resolve(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? ''}`);
    // Closed once the page is out: one callback per sign-in, nothing listens afterwards.
    res.end(page(failed ? 'Sign-in did not finish' : 'Signed in', failed ? 'Go back to Nomad Uploader to see why and try again.' : 'You can close this tab and go back to Nomad Uploader.'), done);
  });
  const timer = setTimeout(() => {
    settle?.reject(new UploadError('timeout', 'The sign-in in the browser did not come back within 5 minutes. Start it again.', { request: 'SSO callback' }));
    done();
  }, waitMs);
  const onAbort = (): void => {
    settle?.reject(new UploadError('aborted', 'Single sign-on was cancelled.', { request: 'SSO callback' }));
    done();
  };
  function done(): void {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    server.close();
    server.closeAllConnections?.();
  }
  signal.addEventListener('abort', onAbort, { once: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return { redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`, callback, close: done };
}

function page(title: string, text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}</style></head>
<body><h1>${title}</h1><p>${text}</p></body></html>`;
}
