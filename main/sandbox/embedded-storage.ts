import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import S3rver from 's3rver';
import { installAtomicPartWrites, readPartRecord } from './s3rver-atomic-parts';
import { S3Storage } from './s3-storage';
import { installSignatureGuard } from './s3rver-signature-guard';
import type { UrlSigning } from './part-url-signer';
import { urlHost } from './url-host';
import type { SigningIdentity } from './sigv4-verifier';
import type { ObjectDigest, PartQuery, StorageBackend, StoredPart } from './storage-backend';
import { makeDirs } from '../engine/make-dirs';

export const EMBEDDED_BUCKET = 'nomad-sandbox';

export interface EmbeddedPlacement {
  host?: string;
  port?: number;
  /** Origin that part URLs name instead of s3rver's own (a proxy in front of it). */
  signingEndpoint?: string;
  /** Clients talk to s3rver directly: verify their pre-signed requests (see s3rver-signature-guard.ts). */
  verifySignatures?: boolean;
}
/** s3rver accepts any signature but only its own access key. */
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const EMBEDDED_REGION = 'us-east-1';
/** s3rver keeps multipart parts in `<bucket>/._S3rver_uploads/<uploadId>/<partNumber>` (lib/stores/filesystem.js). */
const S3RVER_UPLOADS_DIR = '._S3rver_uploads';
/** s3rver's upload ids are 16 random bytes in hex; anything else is refused before touching the disk. */
const S3RVER_UPLOAD_ID = /^[0-9a-f]{32}$/;

/**
 * s3rver (in this process, on a free port) as the part storage.
 *
 * s3rver 3.7.1 implements CreateMultipartUpload, UploadPart and CompleteMultipartUpload, but
 * answers ListParts and AbortMultipartUpload with 405 MethodNotAllowed. So:
 * - part verification takes the MD5 and size that putPart computed from the bytes it stored,
 *   checked to still describe the part file CompleteMultipartUpload will assemble (else it
 *   hashes the bytes): the same facts ListParts would report (ETag, size);
 * - abort deletes s3rver's upload directory, which is all AbortMultipartUpload would do;
 * - UploadPart's storage step is made atomic (see s3rver-atomic-parts.ts).
 */
export class EmbeddedStorage implements StorageBackend {
  readonly kind = 'embedded' as const;
  readonly bucket = EMBEDDED_BUCKET;
  readonly partVerification = 'MD5 and size recorded while s3rver stored the part, checked against the part file (hashed again without a record; s3rver has no ListParts)';
  readonly #server: S3rver;
  readonly #s3: S3Storage;
  readonly #uploadsDir: string;

  private constructor(server: S3rver, s3: S3Storage, directory: string) {
    this.#server = server;
    this.#s3 = s3;
    this.#uploadsDir = join(directory, EMBEDDED_BUCKET, S3RVER_UPLOADS_DIR);
  }

  static async start(directory: string, placement: EmbeddedPlacement = {}): Promise<EmbeddedStorage> {
    await makeDirs(directory);
    const host = placement.host ?? '127.0.0.1';
    // Port 0 by default: a fixed port (s3rver's 4568) may be taken. Behind the gateway nobody
    // else talks to it; with direct URLs clients do, so it binds where the sandbox binds.
    const server = new S3rver({
      port: placement.port ?? 0,
      address: host,
      directory,
      silent: true,
      // Path-style only: with virtual hosts on, s3rver reads any non-IP Host (a proxy's name) as a bucket.
      vhostBuckets: false,
      configureBuckets: [{ name: EMBEDDED_BUCKET }],
    });
    // `silent` only quiets the console transport, and s3rver closes its logger (removing that
    // transport) when its server closes: a request still running then (a part PUT the client
    // aborted) logs into a logger with no transports, and winston prints the line itself —
    // the part's whole pre-signed URL, signature included — on stderr. The logger itself is
    // made silent, so nothing is written at all, before or after close.
    (server as unknown as { logger: { silent: boolean } }).logger.silent = true;
    // s3rver logs every request through koa-logger even when silent (chalk formatting per line,
    // a counting stream around every streamed body): 6 % of the sandbox's CPU over a 2,000-file
    // run, for lines nobody sees. Koa composes its middleware at run(), so it is taken out here.
    const middleware = (server as unknown as { middleware: { name: string }[] }).middleware;
    const requestLogger = middleware.findIndex((fn) => fn.name === 'logger');
    if (requestLogger !== -1) middleware.splice(requestLogger, 1);
    installAtomicPartWrites(server);
    // Behind the gateway the gateway verifies signatures; with direct URLs s3rver must do it.
    if (placement.verifySignatures) installSignatureGuard(server, { ...S3RVER_CREDENTIALS, region: EMBEDDED_REGION });
    const address = await server.run();
    const s3 = new S3Storage({
      endpoint: `http://${urlHost(host)}:${address.port}`,
      bucket: EMBEDDED_BUCKET,
      region: EMBEDDED_REGION,
      credentials: S3RVER_CREDENTIALS,
      ...(placement.signingEndpoint === undefined ? {} : { signingEndpoint: placement.signingEndpoint }),
    });
    return new EmbeddedStorage(server, s3, directory);
  }

  get upstream(): URL {
    return this.#s3.upstream;
  }

  createMultipartUpload(key: string): Promise<string> {
    return this.#s3.createMultipartUpload(key);
  }

  signingIdentity(): Promise<SigningIdentity & { host: string }> {
    return this.#s3.signingIdentity();
  }

  signPartUrls(key: string, multipartUploadId: string, partNumbers: number[], signing: UrlSigning): Promise<Map<number, string>> {
    return this.#s3.signPartUrls(key, multipartUploadId, partNumbers, signing);
  }

  async inspectPart(query: PartQuery): Promise<StoredPart> {
    if (!S3RVER_UPLOAD_ID.test(query.multipartUploadId)) return { kind: 'missing' };
    const path = join(this.#uploadsDir, query.multipartUploadId, String(query.partNumber));
    // The record putPart wrote while storing these very bytes; hash them only without one.
    const hashed = (await readPartRecord(path)) ?? (await md5OfFile(path));
    return hashed === null ? { kind: 'missing' } : { kind: 'stored', ...hashed };
  }

  completeMultipartUpload(key: string, multipartUploadId: string, parts: { partNumber: number; etag: string }[]): Promise<{ etag: string }> {
    return this.#s3.completeMultipartUpload(key, multipartUploadId, parts);
  }

  async abortMultipartUpload(_key: string, multipartUploadId: string): Promise<void> {
    if (!S3RVER_UPLOAD_ID.test(multipartUploadId)) return;
    await rm(join(this.#uploadsDir, multipartUploadId), { recursive: true, force: true });
  }

  putEmptyObject(key: string): Promise<{ etag: string }> {
    return this.#s3.putEmptyObject(key);
  }

  digestObject(key: string): Promise<ObjectDigest> {
    return this.#s3.digestObject(key);
  }

  headObject(key: string): Promise<{ size: number; etag: string } | null> {
    return this.#s3.headObject(key);
  }

  deleteObject(key: string): Promise<void> {
    return this.#s3.deleteObject(key);
  }

  async close(): Promise<void> {
    await this.#s3.close();
    // Drop idle keep-alive sockets, or close() would wait for their timeout.
    this.#server.httpServer?.closeAllConnections();
    await this.#server.close();
  }
}

async function md5OfFile(path: string): Promise<{ etag: string; size: number } | null> {
  const hash = createHash('md5');
  let size = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      size += bytes.length;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return { etag: hash.digest('hex'), size };
}
