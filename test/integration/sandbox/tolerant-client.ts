// A correct Nomad client that assumes only what the spec says, written for the variant tests:
// it reads every error body shape, treats "already exists" as a conflict whatever its status,
// merges partial Continue answers with what it knows, re-fetches (then re-starts for) expired
// URLs, sends Content-MD5 and reports the ETag storage answered, keeps its refresh token when
// a refresh answers none, and refreshes on a 401 or 403 from the API.
import { createHash } from 'node:crypto';
import { request } from 'undici';
import type { AssetPartUpload, AssetUpload, LoginResponse } from '../../../main/engine/protocol';
import { CHUNK, type Endpoint } from './sandbox-harness';

export class ClientError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

interface Answer {
  status: number;
  text: string;
  json: unknown;
}

/** The server's own words from any of the error body shapes. */
export function errorText(answer: { text: string; json: unknown }): string {
  const body = answer.json;
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    if (typeof record.detail === 'string') return record.detail;
    if (typeof record.message === 'string') return record.message;
    if (Array.isArray(record.errors)) return record.errors.map((e) => String((e as { message?: unknown }).message ?? '')).join('; ');
  }
  return answer.text;
}

export class TolerantClient {
  readonly #server: Endpoint;
  #token = '';
  #refreshToken = '';
  /** What each upload's parts are known to be, by upload id then part number. */
  readonly #known = new Map<string, Map<number, AssetPartUpload>>();
  refreshes = 0;

  constructor(server: Endpoint) {
    this.#server = server;
  }

  async login(userName = 'demo', password = 'demo'): Promise<void> {
    const answer = await this.#send('POST', '/api/account/login', { userName, password }, false);
    if (answer.status !== 200) throw new ClientError(`login: ${answer.status} ${errorText(answer)}`, answer.status);
    const session = answer.json as LoginResponse;
    this.#token = session.token ?? '';
    this.#refreshToken = session.refreshToken ?? '';
  }

  /** Uploads `source` to `relativePath`; with `resume`, a Cancel conflict continues the upload in progress. */
  async upload(source: Buffer, relativePath: string, { resume = false, only }: { resume?: boolean; only?: number[] } = {}): Promise<AssetUpload> {
    const start = { relativePath, contentLength: source.length, chunkSize: CHUNK };
    let answer = await this.#api('POST', '/api/asset/upload/start', { ...start, uploadOverwriteOption: 'Cancel' });
    if (answer.status !== 200 && isConflict(answer) && resume) {
      answer = await this.#api('POST', '/api/asset/upload/start', { ...start, uploadOverwriteOption: 'Continue' });
    }
    if (answer.status !== 200) throw new ClientError(`start: ${answer.status} ${errorText(answer)}`, answer.status);
    const upload = answer.json as AssetUpload;
    this.#merge(upload.id, upload.parts ?? []);
    for (const part of [...(this.#known.get(upload.id)?.values() ?? [])]) {
      if (part.isCompleted || (only && !only.includes(part.partNumber))) continue;
      await this.#sendPart(upload.id, part, source, relativePath, start);
    }
    if (only) return upload;
    const done = await this.#api('POST', `/api/asset/upload/${upload.id}/complete`);
    if (done.status !== 200) throw new ClientError(`complete: ${done.status} ${errorText(done)}`, done.status);
    return upload;
  }

  #merge(uploadId: string, parts: AssetPartUpload[]): void {
    const known = this.#known.get(uploadId) ?? new Map<number, AssetPartUpload>();
    for (const part of parts) known.set(part.partNumber, { ...known.get(part.partNumber), ...part });
    this.#known.set(uploadId, known);
  }

  async #sendPart(uploadId: string, part: AssetPartUpload, source: Buffer, relativePath: string, start: object): Promise<void> {
    // The range is inclusive and clamped to the file (a 0-byte file may be planned as [0, 0]).
    const bytes = source.subarray(part.startingPosition, Math.min(part.endingPosition + 1, source.length));
    let url = part.url ?? '';
    for (let attempt = 0; attempt < 3; attempt++) {
      const put = await request(url, {
        method: 'PUT',
        body: bytes,
        headers: { 'content-length': String(bytes.length), 'content-md5': createHash('md5').update(bytes).digest('base64') },
      });
      const text = await put.body.text();
      if (put.statusCode === 200) {
        const etag = String(put.headers.etag ?? '');
        const confirmed = await this.#api('POST', `/api/asset/upload/part/${part.id}/complete`, { etag });
        if (confirmed.status !== 200) throw new ClientError(`part ${part.partNumber} confirm: ${confirmed.status} ${errorText(confirmed)}`, confirmed.status);
        this.#merge(uploadId, [{ ...part, isCompleted: true }]);
        return;
      }
      if (put.statusCode !== 403 || !text.includes('Request has expired')) throw new ClientError(`part ${part.partNumber} PUT: ${put.statusCode} ${text}`, put.statusCode);
      // Expired: the listing first; if it hands back the same URL, a Continue start re-signs.
      const listed = await this.#api('GET', `/api/admin/asset/upload/${uploadId}`);
      const fresh = (listed.json as AssetPartUpload[]).find((p) => p.partNumber === part.partNumber)?.url ?? url;
      if (fresh !== url) {
        url = fresh;
        continue;
      }
      const continued = await this.#api('POST', '/api/asset/upload/start', { ...start, relativePath, uploadOverwriteOption: 'Continue' });
      url = (continued.json as AssetUpload).parts?.find((p) => p.partNumber === part.partNumber)?.url ?? url;
    }
    throw new ClientError(`part ${part.partNumber}: the server does not renew upload links`, 403);
  }

  async #api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
    const answer = await this.#send(method, path, body, true);
    if (answer.status !== 401 && answer.status !== 403) return answer;
    const renewed = await this.#send('POST', '/api/account/refresh-token', { refreshToken: this.#refreshToken }, false);
    if (renewed.status !== 200) return answer;
    this.refreshes++;
    const session = renewed.json as LoginResponse;
    this.#token = session.token ?? '';
    // A server that does not rotate answers null: keep the refresh token we have.
    this.#refreshToken = session.refreshToken ?? this.#refreshToken;
    return this.#send(method, path, body, true);
  }

  async #send(method: 'GET' | 'POST', path: string, body: unknown, authorized: boolean): Promise<Answer> {
    const headers: Record<string, string> = authorized ? { authorization: `Bearer ${this.#token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await request(`${this.#server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.body.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, text, json };
  }
}

/** "Already exists" under Cancel: 400, 409 or 422 whose words say so, in any body shape. */
export function isConflict(answer: { status: number; text: string; json: unknown }): boolean {
  return [400, 409, 422].includes(answer.status) && /already exists/i.test(errorText(answer));
}
