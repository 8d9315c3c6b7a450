// A real HTTP server on 127.0.0.1:0 playing the storage side of a pre-signed PUT, so the
// bytes of a part really cross a socket. Each test gives the handler that says what this
// storage does (answers an MD5 ETag, refuses, stalls, hangs up…).

import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export type StorageHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface StorageServer {
  /** A URL shaped like a pre-signed one. */
  url: string;
  close(): Promise<void>;
}

export async function startStorage(handler: StorageHandler): Promise<StorageServer> {
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      res.destroy(error as Error);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/bucket/a.mov?partNumber=1&uploadId=u1&X-Amz-Signature=0123abcd`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');

/** A file of `size` random bytes in `dir`; returns its path and its content. */
export async function randomFile(dir: string, size: number, name = 'clip.mov'): Promise<{ path: string; bytes: Buffer }> {
  const bytes = randomBytes(size);
  const path = join(dir, name);
  await writeFile(path, bytes);
  return { path, bytes };
}

export const s3Error = (code: string, message: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>`;
