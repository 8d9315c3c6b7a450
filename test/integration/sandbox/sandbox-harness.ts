// Helpers for the sandbox integration tests: a sandbox on a free port in a fresh temp dir,
// and a tiny client that speaks the Nomad protocol over real HTTP (undici).
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach } from 'vitest';
import type { AssetPartUpload, AssetUpload, AssetUploadStartRequest, LoginResponse } from '../../../main/engine/protocol';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../main/sandbox';

export const MiB = 1024 * 1024;
export const CHUNK = 5 * MiB;

export interface Harness {
  start(options?: Partial<SandboxOptions>): Promise<Sandbox>;
  tempDir(): Promise<string>;
}

/** Registers cleanup with afterEach: every sandbox is closed and every temp dir removed. */
export function useSandboxes(): Harness {
  const sandboxes: Sandbox[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(sandboxes.splice(0).map((s) => s.close()));
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'nomad-sandbox-test-'));
    dirs.push(dir);
    return dir;
  };
  return {
    tempDir,
    async start(options = {}) {
      const sandbox = await startSandbox({ port: 0, ...options, dataDir: options.dataDir ?? (await tempDir()) });
      sandboxes.push(sandbox);
      return sandbox;
    },
  };
}

/** Anything with an API origin: a sandbox, or a proxy in front of one. */
export type Endpoint = Pick<Sandbox, 'url'>;

export interface Reply<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: T;
}

function parseMaybe(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function call<T = unknown>(
  sandbox: Endpoint,
  method: 'GET' | 'POST' | 'DELETE' | 'PUT',
  path: string,
  options: { token?: string; json?: unknown; raw?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Buffer | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  } else if (options.raw !== undefined) {
    body = options.raw;
    headers['content-type'] ??= 'application/json';
  }
  const res = await request(`${sandbox.url}${path}`, { method, headers, body });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: parseMaybe(text) as T };
}

export async function login(sandbox: Endpoint, userName = 'demo', password = 'demo'): Promise<LoginResponse & { token: string; refreshToken: string }> {
  const reply = await call<LoginResponse>(sandbox, 'POST', '/api/account/login', { json: { userName, password } });
  if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${reply.text}`);
  return reply.json as LoginResponse & { token: string; refreshToken: string };
}

export function startRequest(overrides: Partial<AssetUploadStartRequest> & { contentLength: number }): AssetUploadStartRequest {
  return { uploadOverwriteOption: 'Cancel', chunkSize: CHUNK, ...overrides };
}

export async function startUpload(sandbox: Endpoint, token: string, body: AssetUploadStartRequest): Promise<AssetUpload> {
  const reply = await call<AssetUpload>(sandbox, 'POST', '/api/asset/upload/start', { token, json: body });
  if (reply.status !== 200) throw new Error(`start failed: ${reply.status} ${reply.text}`);
  return reply.json;
}

export interface PutResult {
  status: number;
  etag: string | undefined;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

/** PUT exactly a part's bytes with an explicit Content-Length, as the design requires. */
export async function putPart(url: string, bytes: Buffer, headers: Record<string, string> = {}): Promise<PutResult> {
  const res = await request(url, { method: 'PUT', body: bytes, headers: { ...headers, 'content-length': String(bytes.length) } });
  const text = await res.body.text();
  const etag = res.headers.etag;
  return { status: res.statusCode, etag: typeof etag === 'string' ? etag : undefined, text, headers: res.headers };
}

export function partBytes(source: Buffer, part: AssetPartUpload): Buffer {
  return source.subarray(part.startingPosition, part.endingPosition + 1);
}

export async function confirmPart(sandbox: Endpoint, token: string, partId: string, etag: string): Promise<Reply> {
  return call(sandbox, 'POST', `/api/asset/upload/part/${partId}/complete`, { token, json: { etag } });
}

/** PUT and confirm the given parts (default: every incomplete one). */
export async function sendParts(sandbox: Endpoint, token: string, upload: AssetUpload, source: Buffer, only?: number[]): Promise<void> {
  for (const part of upload.parts ?? []) {
    if (part.isCompleted || (only && !only.includes(part.partNumber))) continue;
    const put = await putPart(part.url ?? '', partBytes(source, part));
    if (put.status !== 200 || !put.etag) throw new Error(`part ${part.partNumber} PUT: ${put.status} ${put.text}`);
    const confirmed = await confirmPart(sandbox, token, part.id, put.etag);
    if (confirmed.status !== 200) throw new Error(`part ${part.partNumber} confirm: ${confirmed.status} ${confirmed.text}`);
  }
}

export async function completeUpload(sandbox: Endpoint, token: string, uploadId: string): Promise<Reply> {
  return call(sandbox, 'POST', `/api/asset/upload/${uploadId}/complete`, { token });
}

/** The whole happy path: start, every part, complete. */
export async function uploadFile(sandbox: Endpoint, token: string, source: Buffer, start: Partial<AssetUploadStartRequest>): Promise<AssetUpload> {
  const upload = await startUpload(sandbox, token, startRequest({ contentLength: source.length, ...start }));
  await sendParts(sandbox, token, upload, source);
  const done = await completeUpload(sandbox, token, upload.id);
  if (done.status !== 200) throw new Error(`complete: ${done.status} ${done.text}`);
  return upload;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** Deterministic, non-repeating test content (a repeated pattern would hide misplaced parts). */
export function testBytes(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i + 4 <= length; i += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out.writeUInt32LE(state >>> 0, i);
  }
  for (let i = length - (length % 4); i < length; i++) out[i] = i & 0xff;
  return out;
}
