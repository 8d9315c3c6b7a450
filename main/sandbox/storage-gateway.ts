import { createHash, randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { normalizeEtag, quoteEtag } from './etag';
import type { FaultQueue, PartFault, PartFaultStatus } from './faults';
import { headerText } from './http-io';
import { PartBodyMeter } from './part-body-meter';
import { BAD_DIGEST_MESSAGE, INVALID_DIGEST_MESSAGE, parseContentMd5, type ContentMd5 } from './content-md5';
import { S3_ERRORS, s3ErrorXml, sendS3Error, type S3ErrorCode } from './s3-error-xml';
import type { PartRecord, UploadRecord } from './state-model';
import type { SandboxState } from './state-store';
import type { StatsCounter } from './stats';
import type { StorageBackend } from './storage-backend';
import { MAX_PART_SIZE } from './upload-plan';
import { verifyPresigned } from './sigv4-verifier';
import type { UrlExpiry } from './url-expiry';

/** Pre-signed URLs handed to clients are the upstream path + query behind this prefix on the sandbox's origin. */
export const STORAGE_PREFIX = '/_storage';
/** Upstream answers to a part PUT are empty or a short XML error; anything longer is cut. */
const MAX_UPSTREAM_BODY = 64 * 1024;
/** Request headers S3 may evaluate for UploadPart; everything else stays with the gateway. */
const FORWARDED_HEADERS = ['content-md5', 'content-type'] as const;

const STATUS_FAULT_ERRORS: Record<PartFaultStatus, { code: S3ErrorCode; message: string }> = {
  500: { code: 'InternalError', message: 'We encountered an internal error. Please try again.' },
  503: { code: 'SlowDown', message: 'Please reduce your request rate.' },
  429: { code: 'TooManyRequests', message: 'Please reduce your request rate.' },
  403: { code: 'AccessDenied', message: 'Access Denied' },
};

export interface GatewayDeps {
  state: SandboxState;
  storage: StorageBackend;
  faults: FaultQueue;
  stats: StatsCounter;
  expiry: UrlExpiry;
  /** Makes the recorded part acknowledgement durable. */
  commit: () => Promise<void>;
  /** The kms-etag variant: answer random 32-hex ETags (as SSE-KMS S3 does), not storage's MD5s. */
  kmsEtags: boolean;
}

/**
 * The storage side of pre-signed URLs: every part PUT lands here first, so the sandbox can
 * count bytes, enforce S3's request rules and expiry, and inject faults, then streams the body
 * to the real S3 endpoint (or hashes and drops it for discard storage).
 */
export class StorageGateway {
  readonly #deps: GatewayDeps;
  // Keep-alive to the upstream: a fresh TCP connection per part would cost more than the part on loopback.
  readonly #httpAgent = new http.Agent({ keepAlive: true });
  readonly #httpsAgent = new https.Agent({ keepAlive: true });

  constructor(deps: GatewayDeps) {
    this.#deps = deps;
  }

  /** Public URL for an upstream pre-signed URL: same path and query, behind the sandbox's public base. */
  static publicUrl(base: string, upstreamUrl: string): string {
    const parsed = new URL(upstreamUrl);
    return `${base}${STORAGE_PREFIX}${parsed.pathname}${parsed.search}`;
  }

  close(): void {
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { stats, expiry, state, storage, faults } = this.#deps;
    if (req.method !== 'PUT') {
      sendS3Error(res, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', { allow: 'PUT' });
      return;
    }
    stats.increment('partPuts');
    const refuse = (code: S3ErrorCode, message: string, headers: Record<string, string> = {}, status?: number): void => {
      stats.countPartAnswer(status ?? statusOf(code));
      sendS3Error(res, code, message, headers, status);
    };

    // S3 refuses streamed bodies on pre-signed PUTs: the length must be declared up front.
    if (req.headers['transfer-encoding'] !== undefined) {
      refuse('NotImplemented', 'A header you provided implies functionality that is not implemented: Transfer-Encoding');
      return;
    }
    const declaredLength = req.headers['content-length'];
    if (declaredLength === undefined) {
      refuse('MissingContentLength', 'You must provide the Content-Length HTTP header.');
      return;
    }
    const contentLength = Number(declaredLength);
    if (contentLength > MAX_PART_SIZE) {
      refuse('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
      return;
    }
    // The URL was signed for the upstream, which receives it with the upstream's host: verify
    // it exactly as the upstream will (path and query as the client sent them).
    const identity = await storage.signingIdentity();
    const target = (req.url ?? '/').slice(STORAGE_PREFIX.length);
    const queryAt = target.indexOf('?');
    const signed = verifyPresigned(
      {
        method: 'PUT',
        path: queryAt < 0 ? target : target.slice(0, queryAt),
        query: queryAt < 0 ? '' : target.slice(queryAt + 1),
        header: (name) => (name === 'host' ? identity.host : headerText(req.headers[name])),
      },
      identity,
    );
    if (signed.kind === 'refused') {
      refuse(signed.code, signed.message);
      return;
    }
    if (expiry.isCutOff(signed.signedAt, signed.signature)) {
      refuse('AccessDenied', 'Request has expired');
      return;
    }
    const multipartUploadId = url.searchParams.get('uploadId') ?? '';
    const upload = state.uploadByMultipartId(multipartUploadId);
    const objectPath = url.pathname.slice(STORAGE_PREFIX.length);
    if (!upload || upload.status.state !== 'in-progress' || objectPath !== `/${storage.bucket}/${upload.storage.key}`) {
      refuse(
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      );
      return;
    }
    const partNumber = Number(url.searchParams.get('partNumber'));
    const part = upload.parts.find((p) => p.partNumber === partNumber);
    if (!part) {
      refuse('InvalidArgument', `Part number ${url.searchParams.get('partNumber') ?? '(none)'} is not a part of this upload.`);
      return;
    }

    // S3 refuses a malformed Content-MD5 before reading the body; a wrong one after (storage's job).
    const contentMd5 = parseContentMd5(req.headers['content-md5']);
    if (contentMd5.kind === 'malformed') {
      refuse('InvalidDigest', INVALID_DIGEST_MESSAGE);
      return;
    }

    const fault = faults.takePartFault();
    switch (fault?.kind) {
      case 'part-status':
        this.#drain(req);
        refuse(
          STATUS_FAULT_ERRORS[fault.status].code,
          STATUS_FAULT_ERRORS[fault.status].message,
          fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
          fault.status,
        );
        return;
      case 'part-reset':
        this.#resetAfter(req, fault.afterBytes);
        return;
      default:
        await this.#store(req, res, upload, part, contentLength, fault);
    }
  }

  /** Reads the body (counting it) without storing it, so a fault answer is not lost in a reset. */
  #drain(req: IncomingMessage): void {
    req.on('data', (chunk: Buffer) => this.#deps.stats.increment('partBytesReceived', chunk.length));
  }

  /** A network failure mid-part: take `afterBytes` of the body, then cut the client's connection. Nothing is stored. */
  #resetAfter(req: IncomingMessage, afterBytes: number): void {
    const { stats } = this.#deps;
    let received = 0;
    let cut = false;
    const cutNow = (): void => {
      if (cut) return;
      cut = true;
      stats.countPartAnswer('reset');
      req.socket.destroy();
    };
    if (afterBytes === 0) {
      cutNow();
      return;
    }
    req.on('data', (chunk: Buffer) => {
      if (cut) return;
      received += chunk.length;
      stats.increment('partBytesReceived', chunk.length);
      if (received >= afterBytes) cutNow();
    });
    req.on('end', cutNow);
  }

  async #store(
    req: IncomingMessage,
    res: ServerResponse,
    upload: UploadRecord,
    part: PartRecord,
    contentLength: number,
    fault: Exclude<PartFault, { kind: 'part-status' | 'part-reset' }> | null,
  ): Promise<void> {
    const { stats } = this.#deps;
    const meter = new PartBodyMeter({
      onBytes: (count) => stats.increment('partBytesReceived', count),
      stall: fault?.kind === 'part-stall' ? { afterBytes: fault.afterBytes, ms: fault.stallMs } : undefined,
    });
    const wrongEtag = fault?.kind === 'part-wrong-etag';
    const outcome = this.#deps.storage.upstream
      ? await this.#forward(req, meter, contentLength, this.#deps.storage.upstream)
      : await this.#discard(req, meter, parseContentMd5(req.headers['content-md5']));

    switch (outcome.kind) {
      case 'client-gone':
        stats.countPartAnswer('aborted');
        return;
      case 'upstream-failed':
        stats.countPartAnswer(500);
        sendS3Error(res, 'InternalError', 'We encountered an internal error. Please try again.', { connection: 'close' });
        return;
      case 'answered': {
        // Under kms-etag the client sees a random ETag, as SSE-KMS S3 answers; storage's own is kept for complete.
        const etag = outcome.status === 200 && outcome.etag !== null && this.#deps.kmsEtags ? randomBytes(16).toString('hex') : outcome.etag;
        if (outcome.status === 200 && etag !== null && outcome.etag !== null) {
          // Remember what storage acknowledged; durable before the client learns the ETag.
          const stored = normalizeEtag(etag);
          part.stored = { etag: stored, size: meter.bytes, ...(this.#deps.kmsEtags ? { storageEtag: normalizeEtag(outcome.etag) } : {}) };
          // New bytes replaced the confirmed ones: that confirmation no longer describes storage
          // (S3 would refuse the old ETag in CompleteMultipartUpload with InvalidPart).
          if (part.confirmedEtag !== null && part.confirmedEtag !== stored) part.confirmedEtag = null;
          this.#deps.state.partChanged(upload, part);
          await this.#deps.commit();
        }
        const headers: Record<string, string> = { 'content-length': String(outcome.body.length) };
        if (outcome.contentType) headers['content-type'] = outcome.contentType;
        if (etag !== null) headers.etag = wrongEtag ? wrongEtagFor(etag) : quoteEtag(etag);
        stats.countPartAnswer(outcome.status);
        res.writeHead(outcome.status, headers);
        res.end(outcome.body);
        return;
      }
    }
  }

  /** Discard storage: S3's ETag for a part is the MD5 of its bytes; the bytes themselves are dropped. */
  async #discard(req: IncomingMessage, meter: PartBodyMeter, contentMd5: ContentMd5): Promise<StoreOutcome> {
    const md5 = createHash('md5');
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        md5.update(chunk);
        callback();
      },
    });
    try {
      await pipeline(req, meter, sink);
    } catch {
      return { kind: 'client-gone' };
    }
    if (!req.complete) return { kind: 'client-gone' };
    const digest = md5.digest('hex');
    if (contentMd5.kind === 'expected' && contentMd5.hex !== digest) {
      return { kind: 'answered', status: 400, etag: null, body: Buffer.from(s3ErrorXml('BadDigest', BAD_DIGEST_MESSAGE)), contentType: 'application/xml' };
    }
    return { kind: 'answered', status: 200, etag: digest, body: Buffer.alloc(0), contentType: null };
  }

  /** Streams the body to the upstream with the original path + query; SigV4 signs the host, so it is the upstream's. */
  #forward(req: IncomingMessage, meter: PartBodyMeter, contentLength: number, upstream: URL): Promise<StoreOutcome> {
    const secure = upstream.protocol === 'https:';
    const headers: Record<string, string> = { host: upstream.host, 'content-length': String(contentLength) };
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const path = (req.url ?? '/').slice(STORAGE_PREFIX.length);
    const upstreamReq = (secure ? https : http).request({
      protocol: upstream.protocol,
      hostname: upstream.hostname,
      port: upstream.port === '' ? undefined : Number(upstream.port),
      method: 'PUT',
      path,
      headers,
      agent: secure ? this.#httpsAgent : this.#httpAgent,
    });

    return new Promise<StoreOutcome>((resolve) => {
      let settled = false;
      const settle = (outcome: StoreOutcome): void => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      upstreamReq.on('response', (upstreamRes) => {
        collect(upstreamRes, MAX_UPSTREAM_BODY).then(
          (body) => {
            const etag = upstreamRes.headers.etag;
            settle({
              kind: 'answered',
              status: upstreamRes.statusCode ?? 502,
              etag: typeof etag === 'string' ? etag : null,
              body,
              contentType: upstreamRes.headers['content-type'] ?? null,
            });
          },
          () => settle({ kind: 'upstream-failed' }),
        );
      });
      upstreamReq.on('error', () => settle(req.destroyed ? { kind: 'client-gone' } : { kind: 'upstream-failed' }));
      pipeline(req, meter, upstreamReq).catch(() => {
        upstreamReq.destroy();
        settle({ kind: 'client-gone' });
      });
    });
  }
}

type StoreOutcome =
  | { kind: 'answered'; status: number; etag: string | null; body: Buffer; contentType: string | null }
  | { kind: 'client-gone' }
  | { kind: 'upstream-failed' };


function statusOf(code: S3ErrorCode): number {
  return S3_ERRORS[code];
}

/** Well-formed (quoted, 32 hex digits) but not the MD5 of the part. */
function wrongEtagFor(etag: string): string {
  return `"${createHash('md5').update(`wrong:${normalizeEtag(etag)}`).digest('hex')}"`;
}

async function collect(stream: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    if (size < limit) chunks.push(bytes.subarray(0, limit - size));
    size += bytes.length;
  }
  return Buffer.concat(chunks);
}
