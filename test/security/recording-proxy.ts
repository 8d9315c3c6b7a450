// A pass-through HTTP proxy in front of the sandbox that remembers every secret it sees go
// by: bearer tokens in Authorization headers, access and refresh tokens in login/refresh
// answers, and the signature and credential of every pre-signed URL in any JSON answer.
// The secrets test then looks for exactly those values in logs and user-facing text.

import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface RecordingProxy {
  url: string;
  /** Every secret value seen so far (raw and URL-encoded forms). */
  secrets(): Set<string>;
  /** Paths of the API requests that went through, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

const SIGNED_PARAMS = ['X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token'];

export async function startRecordingProxy(target: string, onRequest: (path: string) => Promise<void> | void = () => undefined): Promise<RecordingProxy> {
  const secrets = new Set<string>();
  const requests: string[] = [];
  const remember = (value: string): void => {
    // Short values (a region, "s3") would match innocent text: secrets here are long.
    if (value.length < 12) return;
    secrets.add(value);
    secrets.add(encodeURIComponent(value));
  };
  const harvest = (value: unknown, key = ''): void => {
    if (typeof value === 'string') {
      if (/^(token|refreshToken|accessToken)$/i.test(key)) remember(value);
      if (/^https?:\/\//i.test(value)) {
        const url = new URL(value);
        for (const param of SIGNED_PARAMS) {
          const found = url.searchParams.get(param);
          if (found) remember(found);
        }
      }
    } else if (Array.isArray(value)) {
      for (const item of value) harvest(item);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) harvest(v, k);
    }
  };
  const upstream = new URL(target);

  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = req.url ?? '/';
      if (path.startsWith('/api/')) requests.push(`${req.method} ${path.split('?')[0]}`);
      const bearer = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer) remember(bearer);
      if (path.includes('X-Amz-')) harvest(`http://x${path}`);
      await onRequest(path);
      const body = await readAll(req);
      if (req.headers['content-type']?.includes('json') && body.length > 0) harvest(JSON.parse(body.toString('utf8')) as unknown);
      const forwarded = httpRequest(
        { hostname: upstream.hostname, port: upstream.port, method: req.method, path, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const text = Buffer.concat(chunks);
            if (String(answer.headers['content-type']).includes('json') && text.length > 0) {
              // The engine asks for compressed answers (engine/response-body.ts): read what it reads.
              const plain = answer.headers['content-encoding'] === 'gzip' ? gunzipSync(text) : text;
              harvest(JSON.parse(plain.toString('utf8')) as unknown);
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(text);
          });
        },
      );
      forwarded.on('error', () => res.destroy());
      forwarded.end(body);
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secrets: () => new Set(secrets),
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => done(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}
