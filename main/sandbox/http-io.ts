import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { toProblemDetails, type Problem } from './problem';

/** The API accepts request bodies up to 1 MiB: every Nomad request model is tiny. */
export const MAX_API_BODY_BYTES = 1024 * 1024;

export type BodyRead =
  | { kind: 'body'; bytes: Buffer }
  | { kind: 'too-large' }
  | { kind: 'aborted' };

export type JsonBody =
  | { kind: 'empty' }
  | { kind: 'json'; value: unknown }
  | { kind: 'malformed'; reason: string };

/**
 * Reads a request body up to `limit` bytes. Beyond the limit the rest is still consumed and
 * discarded (not left unread), so the answer reaches the client instead of a reset, and the
 * keep-alive connection stays usable.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve({ kind: 'too-large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let overLimit = false;
    req.on('data', (chunk: Buffer) => {
      if (overLimit) return;
      size += chunk.length;
      if (size > limit) {
        overLimit = true;
        chunks.length = 0;
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!overLimit) resolve({ kind: 'body', bytes: Buffer.concat(chunks) });
    });
    req.on('error', () => resolve({ kind: 'aborted' }));
    req.on('close', () => {
      if (!req.complete) resolve({ kind: 'aborted' });
    });
  });
}

export function parseJson(bytes: Buffer): JsonBody {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return { kind: 'empty' };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'malformed', reason: error instanceof Error ? error.message : String(error) };
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json; charset=utf-8',
): void {
  const text = JSON.stringify(body);
  // gzip when the client asks and it pays (a start's answer of many parts: one pre-signed URL each), as
  // servers behind a CDN or API gateway do; the engine asks (engine/response-body.ts).
  const packed = text.length >= GZIP_FROM_BYTES && acceptsGzip(res.req?.headers['accept-encoding']) ? gzipSync(text) : null;
  res.writeHead(status, {
    ...headers,
    'content-type': contentType,
    ...(packed ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
    'content-length': String(packed ? packed.length : Buffer.byteLength(text)),
  });
  res.end(packed ?? text);
}

/**
 * Below this an answer fits TCP's initial window (10 segments ≈ 14 KB) even uncompressed:
 * gzip saves it no round trip, only costs CPU — per small file, on every API answer.
 */
const GZIP_FROM_BYTES = 8 * 1024;

/** Whether Accept-Encoding admits gzip (`gzip`, `gzip;q=0.8`, `*`; not `gzip;q=0`). */
export function acceptsGzip(header: string | undefined): boolean {
  for (const item of (header ?? '').split(',')) {
    const [raw = '', ...params] = item.toLowerCase().split(';');
    const name = raw.trim();
    if (name !== 'gzip' && name !== 'x-gzip' && name !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

export function sendProblem(res: ServerResponse, problem: Problem, headers: Record<string, string> = {}): void {
  sendJson(res, problem.status, toProblemDetails(problem), headers, 'application/problem+json; charset=utf-8');
}

/** The spec documents several 200 answers without a body (cancel, part complete, logout). */
export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-length': '0' });
  res.end();
}

export function sendText(res: ServerResponse, status: number, text: string, contentType: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...headers,
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** A header's value as one string (repeated headers joined with commas, as HTTP defines). */
export function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
