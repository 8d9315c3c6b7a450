// PUT one part to its pre-signed URL. The part is read twice: once to MD5 it (mostly by the
// run's in-order pass, ahead of the PUT: digest-pass.ts; else here), so the PUT
// carries `Content-MD5` and storage itself verifies every byte whatever the bucket's
// encryption (S3 answers 400 BadDigest on a mismatch: the part is sent again), then again as
// it is sent, counted as the bytes are handed to the socket. Holding the part in memory
// between the two (as before) cost budget × part size (48 MiB at 6 × 8 MiB; peak RSS 186 MiB
// on lan) and so capped the parts in flight, which decide how fast a long link fills; a
// second read of the same range is served from the page cache and costs no second MD5 pass:
// bytes that changed in between fail storage's Content-MD5 check (or the file check after the
// PUT), never reach an asset. Memory per part in flight is now its read buffers (≤ 2 MiB).
//
// PUTs that hash their own parts take turns (HASH_LANES at a time): sixteen parts hashed side
// by side on one thread all finish together, ≈ 16 × 20 ms after the start, where taking turns
// lets the first PUT leave after 20 ms — on a long link every connection that starts early
// ramps up early.
//
// An ETag equal to our MD5 is the proof for unencrypted and SSE-S3 buckets; any other ETag
// (SSE-KMS and SSE-C buckets answer opaque ones, 32-hex or not) is storage's own name for
// bytes it verified against our Content-MD5, and is what part-complete is told. Nothing is
// reported as sent without storage's 2xx to a PUT that carried our digest.

import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import type { BandwidthLimiter } from './bandwidth';
import { UploadError, toUploadError } from './errors';
import { parseRetryAfter } from './api';
import { rangeLength } from './plan';
import type { PartDigest } from './digest-pass';
import { md5OfRange, READ_CHUNK, type RangeReader } from './source';
import { TurnGate } from './turn-gate';

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
  /**
   * The part's MD5 as the run's in-order pass read it (digest-pass.ts), if it has one; null:
   * the PUT hashes the part itself.
   */
  digestAhead?: (signal: AbortSignal) => Promise<PartDigest | null>;
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

/** Parts MD5'd at once, over every job (see the top): two, so a slow disk's read does not hold all the others. */
const HASH_LANES = 2;
const hashLanes = new TurnGate(HASH_LANES);

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
  let sent = 0;
  let lastMove = performance.now();

  // Our own controller: the caller's signal (pause, cancel) or the stall watchdog stop it.
  const controller = new AbortController();
  const onParentAbort = (): void => controller.abort(req.signal.reason);
  if (req.signal.aborted) onParentAbort();
  req.signal.addEventListener('abort', onParentAbort, { once: true });
  let stalled = false;
  let throttled = false;
  /** Reading the part from disk, or every byte handed to the socket: no stall of the connection. */
  let notOnWire = true;
  const watchdog = setInterval(
    () => {
      if (throttled || notOnWire) lastMove = performance.now();
      else if (performance.now() - lastMove > stallMs) {
        stalled = true;
        controller.abort(new UploadError('timeout', `No bytes moved for ${Math.round(stallMs / 1000)} s.`, context));
      }
    },
    Math.min(1000, Math.max(10, stallMs / 4)),
  );
  watchdog.unref();

  const chunkSize = req.limiter ? req.limiter.preferredChunk(READ_CHUNK) : READ_CHUNK;

  async function* body(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const data of chunks) {
      if (req.limiter) {
        // Time spent waiting for our own bandwidth limit is not a stall of the connection.
        throttled = true;
        await req.limiter.take(data.length, controller.signal);
        throttled = false;
      }
      sent += data.length;
      lastMove = performance.now();
      req.onBytes?.(data.length);
      yield data;
    }
    notOnWire = true;
  }

  let sending: Readable | null = null;
  try {
    // The part's size and MD5, read from disk; its bytes are not kept (they are read again as sent).
    const ahead = req.digestAhead ? await req.digestAhead(controller.signal) : null;
    const part =
      ahead ?? (await hashLanes.turn(controller.signal, () => md5OfRange(req.source, req.start, req.end, { chunkSize, signal: controller.signal })));
    if (part.bytes !== length) {
      throw new UploadError('file-changed', `Part ${req.partNumber}: read ${part.bytes} bytes, expected ${length}.`, context);
    }
    notOnWire = length === 0; // an empty part is all sent with its headers
    lastMove = performance.now();
    sending = length === 0 ? null : req.source.openRange(req.start, req.end, chunkSize);
    const response = await request(req.url, {
      method: 'PUT',
      // An explicit length: without it undici would send chunked, which pre-signed S3 PUTs refuse.
      // Content-MD5 (RFC 1864): storage checks the bytes against it and refuses a damaged part.
      headers: { 'content-length': String(length), 'content-md5': Buffer.from(part.md5, 'hex').toString('base64') },
      // undici streams async iterables natively (its types only list Readable): no extra
      // stream layer between the part and the socket.
      body: sending ? (body(sending as AsyncIterable<Buffer>) as unknown as Readable) : '',
      signal: controller.signal,
      dispatcher: req.dispatcher,
      // Once the last byte is out, storage hashes and stores the part before it answers: a
      // loaded server can take seconds, which is not a stalled connection.
      headersTimeout: Math.max(stallMs, RESPONSE_TIMEOUT_MS),
      bodyTimeout: Math.max(stallMs, RESPONSE_TIMEOUT_MS),
    });
    notOnWire = true;
    const text = await response.body.text();
    const status = response.statusCode;
    if (status < 200 || status >= 300) {
      throw storageError(status, text, response.headers['retry-after'], context);
    }
    if (sent !== length) {
      throw new UploadError('file-changed', `Part ${req.partNumber}: sent ${sent} bytes, expected ${length}.`, context);
    }
    const header = response.headers.etag;
    const raw = Array.isArray(header) ? header[0] : header;
    if (!raw || normalizeEtag(raw) === '') {
      throw new UploadError('invalid-response', `Storage answered part ${req.partNumber} without an ETag.`, { ...context, status });
    }
    // Equal to our MD5: proven. Anything else is storage's own ETag (SSE-KMS, SSE-C) for bytes
    // it checked against our Content-MD5 before it answered 2xx.
    return { etag: normalizeEtag(raw), md5: part.md5, bytes: length };
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
    sending?.destroy();
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
  // Storage checked the part against our Content-MD5 and it differs: damaged on the way. Send it again.
  if (code === 'BadDigest') {
    return new UploadError('etag-mismatch', `Part ${context.partNumber} arrived damaged (storage: ${detail}); sending it again.`, full);
  }
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
