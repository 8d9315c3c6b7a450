// PUT one part to its pre-signed URL: stream the exact byte range from a fresh read stream,
// MD5 it on the way out, count bytes as they are handed to the socket, and check the ETag
// storage answers with against the MD5 we computed. Nothing is reported as sent unless that
// check passed.

import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import type { BandwidthLimiter } from './bandwidth';
import { UploadError, toUploadError } from './errors';
import { parseRetryAfter } from './api';
import { rangeLength } from './plan';
import { READ_CHUNK, type RangeReader } from './source';

export interface PutPartRequest {
  url: string;
  partNumber: number;
  start: number;
  end: number;
  source: RangeReader;
  signal: AbortSignal;
  dispatcher?: Dispatcher;
  limiter?: BandwidthLimiter;
  /** Bytes handed to the connection since the last call (progress). */
  onBytes?: (delta: number) => void;
  /** Abort when no byte moved for this long; default 60 s. */
  stallTimeoutMs?: number;
}

/** The seam for part PUTs: `putPart` in the app; a scripted storage in tests on a fake clock. */
export type PartTransport = (req: PutPartRequest) => Promise<PutPartResult>;

export interface PutPartResult {
  /** Storage's ETag, normalised (unquoted, lower case): what part-complete is told. */
  etag: string;
  /** Lower-case MD5 hex of the bytes sent (the journal keeps it to check a resume against). */
  md5: string;
  bytes: number;
}

const MD5_HEX = /^[0-9a-f]{32}$/;

/** How long storage may take to answer after the last byte: S3 answers in well under a second; 30 s is a broken server. */
const RESPONSE_TIMEOUT_MS = 30_000;

/** `"abc…"`, `W/"abc…"`, `abc…` → `abc…` in lower case. */
export function normalizeEtag(raw: string): string {
  return raw.trim().replace(/^W\//i, '').replace(/^"|"$/g, '').toLowerCase();
}

export async function putPart(req: PutPartRequest): Promise<PutPartResult> {
  const length = rangeLength(req);
  const stallMs = req.stallTimeoutMs ?? 60_000;
  const what = `PUT part ${req.partNumber}`;
  const context = { request: what, partNumber: req.partNumber };
  const hash = createHash('md5');
  let sent = 0;
  let lastMove = performance.now();

  // Our own controller: the caller's signal (pause, cancel) or the stall watchdog stop it.
  const controller = new AbortController();
  const onParentAbort = (): void => controller.abort(req.signal.reason);
  if (req.signal.aborted) onParentAbort();
  req.signal.addEventListener('abort', onParentAbort, { once: true });
  let stalled = false;
  let throttled = false;
  /** Every byte is handed to the socket: from here on we wait for storage's answer, not for bytes to move. */
  let bodySent = false;
  const watchdog = setInterval(
    () => {
      if (throttled || bodySent) lastMove = performance.now();
      else if (performance.now() - lastMove > stallMs) {
        stalled = true;
        controller.abort(new UploadError('timeout', `No bytes moved for ${Math.round(stallMs / 1000)} s.`, context));
      }
    },
    Math.min(1000, Math.max(10, stallMs / 4)),
  );
  watchdog.unref();

  async function* body(): AsyncGenerator<Buffer> {
    const chunk = req.limiter ? req.limiter.preferredChunk(READ_CHUNK) : READ_CHUNK;
    const stream = req.source.openRange(req.start, req.end, chunk);
    try {
      for await (const data of stream as AsyncIterable<Buffer>) {
        if (req.limiter) {
          // Time spent waiting for our own bandwidth limit is not a stall of the connection.
          throttled = true;
          await req.limiter.take(data.length, controller.signal);
          throttled = false;
        }
        hash.update(data);
        sent += data.length;
        lastMove = performance.now();
        req.onBytes?.(data.length);
        yield data;
      }
      bodySent = true;
    } finally {
      stream.destroy();
    }
  }

  try {
    const response = await request(req.url, {
      method: 'PUT',
      // An explicit length: without it undici would send chunked, which pre-signed S3 PUTs refuse.
      headers: { 'content-length': String(length) },
      // undici streams async iterables natively (its types only list Readable): no extra
      // stream layer between the file and the socket.
      body: length === 0 ? '' : (body() as unknown as Readable),
      signal: controller.signal,
      dispatcher: req.dispatcher,
      // Once the last byte is out, storage hashes and stores the part before it answers: a
      // loaded server can take seconds, which is not a stalled connection.
      headersTimeout: Math.max(stallMs, RESPONSE_TIMEOUT_MS),
      bodyTimeout: Math.max(stallMs, RESPONSE_TIMEOUT_MS),
    });
    const text = await response.body.text();
    const status = response.statusCode;
    if (status < 200 || status >= 300) {
      throw storageError(status, text, response.headers['retry-after'], context);
    }
    if (sent !== length) {
      throw new UploadError('file-changed', `Part ${req.partNumber}: read ${sent} bytes, expected ${length}.`, context);
    }
    const header = response.headers.etag;
    const raw = Array.isArray(header) ? header[0] : header;
    if (!raw) {
      throw new UploadError('invalid-response', `Storage answered part ${req.partNumber} without an ETag.`, { ...context, status });
    }
    const etag = normalizeEtag(raw);
    if (!MD5_HEX.test(etag)) {
      // SSE-KMS or SSE-C storage answers with an ETag that is not the MD5 of the bytes:
      // we cannot prove the part arrived intact, so we do not claim it did.
      throw new UploadError(
        'etag-unverifiable',
        `Storage answered part ${req.partNumber} with an ETag that is not an MD5, so its integrity cannot be checked.`,
        { ...context, status },
      );
    }
    const md5 = hash.digest('hex');
    if (etag !== md5) {
      throw new UploadError(
        'etag-mismatch',
        `Part ${req.partNumber} arrived damaged (storage ETag ${etag}, sent MD5 ${md5}); sending it again.`,
        { ...context, status },
      );
    }
    return { etag, md5, bytes: length };
  } catch (error) {
    if (stalled && !req.signal.aborted) {
      throw new UploadError('timeout', `Part ${req.partNumber}: no bytes moved for ${Math.round(stallMs / 1000)} s.`, context);
    }
    if (controller.signal.aborted && req.signal.aborted) {
      throw new UploadError('aborted', `Part ${req.partNumber} was stopped.`, context, { cause: error });
    }
    const uploadError = toUploadError(error, context);
    // Storage refuses an expired URL as soon as it has the headers and may close the
    // connection without reading the body: we then see a broken pipe or a reset, never the
    // 403. Treated as `network`, the part would be re-sent to the dead URL forever; if the
    // URL's own expiry has passed, it is the expiry.
    if (uploadError.code === 'network' && presignedUrlExpired(req.url)) {
      throw new UploadError('url-expired', `The upload link for part ${req.partNumber} expired.`, context, { cause: error });
    }
    throw uploadError;
  } finally {
    clearInterval(watchdog);
    req.signal.removeEventListener('abort', onParentAbort);
  }
}

/**
 * Whether a SigV4 pre-signed URL is past `X-Amz-Date + X-Amz-Expires` by our clock; false
 * when the URL does not say (not SigV4-presigned, or unreadable).
 */
export function presignedUrlExpired(url: string, now = Date.now()): boolean {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return false;
  }
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(params.get('X-Amz-Date') ?? '');
  const expires = Number(params.get('X-Amz-Expires') ?? Number.NaN);
  if (!date || !Number.isFinite(expires)) return false;
  const [, y, mo, d, h, mi, sec] = date.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, sec) + expires * 1000 <= now;
}

function xmlField(text: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
}

function storageError(
  status: number,
  text: string,
  retryAfter: string | string[] | undefined,
  context: { request: string; partNumber: number },
): UploadError {
  const code = xmlField(text, 'Code');
  const message = xmlField(text, 'Message');
  const detail = [code, message].filter(Boolean).join(': ') || undefined;
  const full = { ...context, status, detail, retryAfterMs: parseRetryAfter(retryAfter) };
  // A pre-signed URL past its expiry answers 403 AccessDenied "Request has expired".
  if (status === 403) return new UploadError('url-expired', `The upload link for part ${context.partNumber} expired.`, full);
  if (status === 429 || status === 503) {
    return new UploadError('rate-limited', `Storage asked to slow down (${status}) on part ${context.partNumber}.`, full);
  }
  if (status >= 500) return new UploadError('storage-error', `Storage failed on part ${context.partNumber} (${status}).`, full);
  // S3 closes idle uploads with 400 RequestTimeout: a network problem, not a refusal.
  if (code === 'RequestTimeout') return new UploadError('timeout', `Storage timed out part ${context.partNumber}.`, full);
  return new UploadError(
    'storage-refused',
    `Storage refused part ${context.partNumber} (${status}${detail ? `, ${detail}` : ''}).`,
    full,
  );
}
