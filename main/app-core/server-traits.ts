// The probes behind "which reading of the spec does this server follow" (DESIGN.md, "Where
// the spec is silent"): the shape of its error bodies, the kind of ETag its storage answers,
// and the plan it makes for an empty file. Each names the sandbox variant that behaves the
// same, so a report from a real server says which variant to test against.

import { createHash } from 'node:crypto';
import { request, type Dispatcher } from 'undici';
import { apiBaseUrl, type NomadApi, type ParsedPart } from '../engine/api';
import { DEFAULT_CHUNK_SIZE } from '../engine/protocol';

/** How long one probe request may take: a slow server, not a dead one. */
const PROBE_TIMEOUT_MS = 10_000;

export type ErrorStyle = 'problem-details' | 'errors-array' | 'errors-message' | 'errors-string' | 'empty' | 'html' | 'other';

/** Sandbox variant names of the error styles (ProblemDetails is its default). */
export const ERROR_STYLE_VARIANTS: Partial<Record<ErrorStyle, string>> = {
  'errors-array': 'errors-array',
  'errors-message': 'errors-message',
  'errors-string': 'errors-string',
};

export function errorStyleOf(contentType: string | null, text: string): ErrorStyle {
  if (text.trim() === '') return 'empty';
  if (/text\/html/i.test(contentType ?? '') || /^\s*</.test(text)) return 'html';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'other';
  }
  if (typeof json === 'string') return 'errors-string';
  if (json === null || typeof json !== 'object') return 'other';
  const body = json as Record<string, unknown>;
  if (Array.isArray(body.errors) && !('title' in body)) return 'errors-array';
  if ('title' in body || 'detail' in body || 'type' in body) return 'problem-details';
  if (typeof body.message === 'string') return 'errors-message';
  return 'other';
}

/**
 * A refusal that changes nothing on the server: refreshing with a refresh token that does
 * not exist. Every Nomad answers it 4xx with an error body in its own style.
 */
export async function probeErrorStyle(serverUrl: string, dispatcher?: Dispatcher): Promise<{ status: number; style: ErrorStyle }> {
  const response = await request(`${apiBaseUrl(serverUrl)}/account/refresh-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ refreshToken: 'nomad-upload-doctor-probe-not-a-token' }),
    dispatcher,
    headersTimeout: PROBE_TIMEOUT_MS,
    bodyTimeout: PROBE_TIMEOUT_MS,
  });
  const text = await response.body.text();
  const type = response.headers['content-type'];
  return { status: response.statusCode, style: errorStyleOf((Array.isArray(type) ? type[0] : type) ?? null, text) };
}

export type EtagKind = 'md5' | 'not-md5' | 'missing';

export function etagKindOf(etag: string | null, md5Hex: string): EtagKind {
  if (etag === null || etag === '') return 'missing';
  return etag.replace(/^W\//, '').replace(/"/g, '').toLowerCase() === md5Hex ? 'md5' : 'not-md5';
}

export interface WriteTestResult {
  uploadId: string;
  /** The storage host the part URL points at (never the URL: it is signed). */
  storageHost: string | null;
  putStatus: number;
  etagKind: EtagKind;
  /** After cancel: the server no longer lists the upload. */
  cancelDeleted: boolean;
}

/**
 * Starts a 1-byte upload in the incoming folder, PUTs its byte with Content-MD5 (so storage
 * checks it whatever its encryption), reads the ETag, and cancels the upload: nothing is
 * completed, nothing stays. The name says what it was, should a cancel not delete it.
 */
export async function runWriteTest(api: NomadApi, dispatcher?: Dispatcher, now: () => number = Date.now): Promise<WriteTestResult> {
  const name = `nomad-upload-doctor-${new Date(now()).toISOString().replace(/[:.]/g, '-')}.bin`;
  const upload = await api.startUpload({ displayName: name, relativePath: name, uploadOverwriteOption: 'Cancel', contentLength: 1, chunkSize: DEFAULT_CHUNK_SIZE });
  try {
    const part: ParsedPart | undefined = upload.parts?.[0];
    if (!part?.url) throw new Error(`the server's plan for a 1-byte file has ${upload.parts?.length ?? 0} parts and no URL to send it to`);
    const byte = Buffer.from('N');
    const md5 = createHash('md5').update(byte);
    const response = await request(part.url, {
      method: 'PUT',
      headers: { 'content-length': '1', 'content-md5': md5.copy().digest('base64') },
      body: byte,
      dispatcher,
      headersTimeout: PROBE_TIMEOUT_MS,
      bodyTimeout: PROBE_TIMEOUT_MS,
    });
    await response.body.dump();
    const etag = response.headers.etag;
    return {
      uploadId: upload.id,
      storageHost: new URL(part.url).host,
      putStatus: response.statusCode,
      etagKind: response.statusCode < 300 ? etagKindOf((Array.isArray(etag) ? etag[0] : etag) ?? null, md5.digest('hex')) : 'missing',
      cancelDeleted: await cancelAndCheck(api, upload.id),
    };
  } catch (error) {
    await api.cancelUpload(upload.id, 'nomad-upload doctor write test').catch(() => undefined);
    throw error;
  }
}

async function cancelAndCheck(api: NomadApi, uploadId: string): Promise<boolean> {
  await api.cancelUpload(uploadId, 'nomad-upload doctor write test');
  const open = await api.listUploads();
  return !open.some((upload) => upload.id === uploadId);
}

export type ZeroBytePlan = 'one-empty-part' | 'no-parts' | 'single-part-0-0' | 'other';

/** Sandbox variant names of the zero-byte plans ([0, -1] is its default). */
export const ZERO_BYTE_VARIANTS: Partial<Record<ZeroBytePlan, string>> = { 'no-parts': 'zero-byte-no-parts', 'single-part-0-0': 'zero-byte-single-part' };

/** The plan the server makes for an empty file (started, never sent, cancelled). */
export async function probeZeroBytePlan(api: NomadApi, now: () => number = Date.now): Promise<ZeroBytePlan> {
  const name = `nomad-upload-doctor-empty-${new Date(now()).toISOString().replace(/[:.]/g, '-')}.bin`;
  const upload = await api.startUpload({ displayName: name, relativePath: name, uploadOverwriteOption: 'Cancel', contentLength: 0, chunkSize: DEFAULT_CHUNK_SIZE });
  await api.cancelUpload(upload.id, 'nomad-upload doctor write test').catch(() => undefined);
  const parts = upload.parts ?? [];
  if (parts.length === 0) return 'no-parts';
  const [first] = parts;
  if (parts.length === 1 && first?.startingPosition === 0 && first.endingPosition === -1) return 'one-empty-part';
  if (parts.length === 1 && first?.startingPosition === 0 && first.endingPosition === 0) return 'single-part-0-0';
  return 'other';
}
