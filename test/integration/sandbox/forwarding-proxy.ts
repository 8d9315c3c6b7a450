// A tiny HTTP reverse proxy for topology tests: everything below `prefix` is forwarded to an
// upstream origin (set once known), everything else is refused with 404, so a test can prove
// that every URL a client used went through it.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';

export interface ForwardingProxy {
  /** Origin + prefix, e.g. http://127.0.0.1:40123/nomad. */
  readonly base: string;
  readonly origin: string;
  /** Where to forward; until set, every request is answered 503. */
  setUpstream(origin: string): void;
  /** Forwarded requests as `METHOD path` (no query: it carries signatures). */
  readonly forwarded: string[];
  readonly refused: string[];
  close(): Promise<void>;
}

export async function startForwardingProxy(prefix = ''): Promise<ForwardingProxy> {
  let upstream: URL | null = null;
  const forwarded: string[] = [];
  const refused: string[] = [];
  const agent = new http.Agent({ keepAlive: true });

  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const path = req.url ?? '/';
    const pathname = path.split('?')[0] ?? '';
    if (!upstream || !(pathname === prefix || pathname.startsWith(`${prefix}/`))) {
      refused.push(`${req.method} ${pathname}`);
      res.writeHead(upstream ? 404 : 503, { 'content-length': '0' }).end();
      req.resume();
      return;
    }
    forwarded.push(`${req.method} ${pathname}`);
    // The Host header is passed on unchanged, as a TCP-level proxy would: signed URLs name this proxy's host.
    const outgoing = http.request({
      hostname: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: path.slice(prefix.length) || '/',
      headers: req.headers,
      agent,
    });
    outgoing.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      pipeline(answer, res).catch(() => res.destroy());
    });
    outgoing.on('error', () => res.destroy());
    pipeline(req, outgoing).catch(() => outgoing.destroy());
  };

  const server = http.createServer(forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base: `${origin}${prefix}`,
    origin,
    setUpstream: (value) => {
      upstream = new URL(value);
    },
    forwarded,
    refused,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
