// A Nomad server and its storage in memory, behind the engine's two network seams (the job
// API and the part transport), on whatever clock the test installed. Every request takes
// simulated time (latency, bytes at a rate), so concurrency and backoff play out as they would
// on a link, but a whole upload runs in milliseconds of real time. Tests script what the
// server and storage answer — the next PUT of part 3 is a 503 with Retry-After, part-complete
// fails twice, every URL expires — and read back what arrived, byte for byte.
//
// The errors it produces are the ones the real client builds (transfer.ts, api.ts) for the
// same answers; those modules have their own tests against real sockets.

import { createHash, randomUUID } from 'node:crypto';
import type { ParsedAssetUpload, ParsedPart } from '../../../../main/engine/api';
import { sleep } from '../../../../main/engine/clock';
import { UploadError } from '../../../../main/engine/errors';
import type { QueueApi } from '../../../../main/engine/queue-options';
import type { AssetUploadStartRequest } from '../../../../main/engine/protocol';
import { presignedUrlExpired, type PartTransport, type PutPartRequest, type PutPartResult } from '../../../../main/engine/transfer';
import { sha256 } from './memory-files';

export type PutAnswer =
  | { kind: 'status'; status: 403 | 429 | 500 | 503; retryAfterSeconds?: number }
  /** The connection drops after some bytes. */
  | { kind: 'reset' }
  /** No byte moves until the stall watchdog gives up on the request. */
  | { kind: 'stall' }
  /** Storage stores the bytes, but its answer comes after the stall watchdog gave up. */
  | { kind: 'late' }
  /** Storage answers an ETag that is not the MD5 of what was sent. */
  | { kind: 'wrong-etag' };

export type Route = 'start' | 'parts' | 'part-complete' | 'complete' | 'cancel' | 'list';
export type CallAnswer =
  | { kind: 'status'; status: 400 | 500 | 503; retryAfterSeconds?: number }
  | { kind: 'network' }
  | { kind: 'hold'; ms: number }
  /** The server does what was asked, but its answer is lost on the way back. */
  | { kind: 'answer-lost' };

interface FakePart {
  id: string;
  partNumber: number;
  start: number;
  end: number;
  signature: number;
  /** When its URL was signed (epoch ms): URLs carry X-Amz-Date and X-Amz-Expires like SigV4 ones. */
  signedAt: number;
  stored: Buffer | null;
  storedEtag: string | null;
  completed: boolean;
}

interface FakeUpload {
  id: string;
  assetId: string;
  relativePath: string;
  size: number;
  startedAt: number;
  parts: FakePart[];
}

export interface FakeCloudOptions {
  /**
   * The server's part size (its ranges win over the client's chunkSize); 'asked': the
   * chunkSize the start asked for, as the sandbox plans.
   */
  chunkSize?: number | 'asked';
  /** A start asking for larger parts is refused (400), as a server that bounds chunkSize would. */
  maxChunkSize?: number;
  /** One way of every API call and PUT, in ms. */
  latencyMs?: number;
  /** Storage ingest, bytes per ms. */
  bytesPerMs?: number;
  /** How long a part URL works after it was signed; default an hour. */
  urlTtlSeconds?: number;
  /** Where the spec is silent, how this server answers (the sandbox's variants, in memory). */
  server?: FakeServerBehaviour;
}

export interface FakeServerBehaviour {
  /** A Continue start lists only the parts still to send (continue-pending-only). */
  continuePendingOnly?: boolean;
  /** The admin listing hands back the URLs handed out before; only a start signs new ones (no-resign). */
  noResign?: boolean;
  /** Not even a Continue start signs new URLs: the server never renews them. */
  neverResign?: boolean;
  /** The parts of a 0-byte upload; default none. */
  zeroByteParts?: 'none' | 'one-empty-part' | 'single-part-0-0';
  /** "Already exists" without naming the asset or the upload (conflict-400 / conflict-422). */
  conflictWithoutIds?: boolean;
}

export class FakeCloud {
  readonly #chunk: number | 'asked';
  readonly #maxChunk: number;
  readonly #latency: number;
  readonly #rate: number;
  readonly #server: FakeServerBehaviour;
  readonly #urlTtlSeconds: number;
  readonly #uploads = new Map<string, FakeUpload>();
  readonly #putScript: Array<{ partNumber: number | null; answer: PutAnswer }> = [];
  readonly #callScript: Array<{ route: Route; answer: CallAnswer }> = [];
  #signatureEpoch = 0;
  /** Whether the API answers at all (storage may still not): false is "offline". */
  apiReachable = true;
  /** How storage answers every PUT no script answers: null is "as it should". */
  storageBehaviour: PutAnswer | null = null;
  /** Random faults on every request, for the storm tests. */
  chaos: ((what: 'put' | Route) => PutAnswer | CallAnswer | null) | null = null;
  readonly assets = new Map<string, { assetId: string; sha256: string; size: number }>();
  /** Called as each scripted answer is given: `put 3 status`, `part-complete status`. */
  onScripted: ((what: string) => void) | null = null;
  readonly counts = { puts: 0, partCompletes: 0, lists: 0, starts: 0, completes: 0, cancels: 0, bytesReceived: 0 };
  /** Every start request as it arrived. */
  readonly startRequests: AssetUploadStartRequest[] = [];

  constructor(options: FakeCloudOptions = {}) {
    this.#chunk = options.chunkSize ?? 1024;
    this.#maxChunk = options.maxChunkSize ?? Number.POSITIVE_INFINITY;
    this.#latency = options.latencyMs ?? 20;
    this.#rate = options.bytesPerMs ?? 1024;
    this.#server = options.server ?? {};
    this.#urlTtlSeconds = options.urlTtlSeconds ?? 3600;
  }

  /** The next PUT (of part `partNumber`, or of any part) gets this answer. */
  onPut(partNumber: number | null, answer: PutAnswer, times = 1): this {
    for (let i = 0; i < times; i += 1) this.#putScript.push({ partNumber, answer });
    return this;
  }

  /** The next call to `route` gets this answer. */
  onCall(route: Route, answer: CallAnswer, times = 1): this {
    for (let i = 0; i < times; i += 1) this.#callScript.push({ route, answer });
    return this;
  }

  /** Every URL handed out so far stops working (as pre-signed URLs do when they expire). */
  expireUrls(): void {
    this.#signatureEpoch += 1;
  }

  /** Scripted answers not used yet: a test that scripted a fault checks it fired. */
  get pending(): number {
    return this.#putScript.length + this.#callScript.length;
  }

  get openUploads(): number {
    return this.#uploads.size;
  }

  readonly api: QueueApi = {
    baseUrl: 'memory://nomad/api',
    session: { token: 't', refreshToken: 'r', expiresAt: Number.MAX_SAFE_INTEGER, userName: 'demo' },
    startUpload: (request: AssetUploadStartRequest) => this.#call('start', () => this.#start(request)),
    getUploadParts: (id: string) => this.#call('parts', () => this.#listParts(id)),
    completePart: async (partId: string, etag: string) => void (await this.#call('part-complete', () => this.#completePart(partId, etag))),
    completeUpload: async (id: string) => void (await this.#call('complete', () => this.#complete(id))),
    cancelUpload: async (id: string) => void (await this.#call('cancel', () => this.#cancel(id))),
    listUploads: () => this.#call('list', () => [...this.#uploads.values()].map((u) => this.#view(u, !this.#server.noResign && !this.#server.neverResign))),
    reachable: async () => {
      await sleep(this.#latency);
      return this.apiReachable;
    },
  };

  readonly transport: PartTransport = (req) => this.#put(req);

  // --- the API ---------------------------------------------------------------------

  async #call<T>(route: Route, act: () => T): Promise<T> {
    const scripted = this.#take(this.#callScript, (s) => s.route === route)?.answer ?? (this.chaos?.(route) as CallAnswer | null);
    if (scripted) this.onScripted?.(`${route} ${scripted.kind}`);
    await sleep(this.#latency);
    if (scripted?.kind === 'hold') await sleep(scripted.ms);
    if (scripted?.kind === 'network') throw new UploadError('network', 'The connection failed (ECONNRESET).', { request: route });
    if (scripted?.kind === 'status') throw apiError(route, scripted.status, scripted.retryAfterSeconds);
    const result = act();
    await sleep(this.#latency);
    if (scripted?.kind === 'answer-lost') throw new UploadError('network', 'The connection failed (ECONNRESET).', { request: route });
    return result;
  }

  #start(request: AssetUploadStartRequest): ParsedAssetUpload {
    this.counts.starts += 1;
    this.startRequests.push(structuredClone(request));
    if (request.chunkSize > this.#maxChunk) {
      throw new UploadError('bad-request', `chunkSize: must be at most ${this.#maxChunk}.`, {
        request: 'POST /asset/upload/start',
        status: 400,
        detail: `chunkSize: must be at most ${this.#maxChunk}`,
      });
    }
    const path = request.relativePath ?? request.displayName ?? 'unnamed';
    const running = [...this.#uploads.values()].find((u) => u.relativePath === path);
    const existing = this.assets.get(path);
    if ((running || existing) && request.uploadOverwriteOption === 'Cancel') {
      throw new UploadError('asset-exists', 'The asset already exists on the server.', {
        request: 'POST /asset/upload/start',
        status: 409,
        conflict: this.#server.conflictWithoutIds
          ? { assetId: null, uploadId: null }
          : { assetId: running?.assetId ?? existing?.assetId ?? null, uploadId: running?.id ?? null },
      });
    }
    if (running && request.uploadOverwriteOption === 'Continue') {
      const view = this.#view(running, !this.#server.neverResign);
      return this.#server.continuePendingOnly ? { ...view, parts: view.parts!.filter((p) => !p.isCompleted) } : view;
    }
    if (running) this.#uploads.delete(running.id);
    const upload: FakeUpload = {
      id: randomUUID(),
      assetId: existing?.assetId ?? running?.assetId ?? randomUUID(),
      relativePath: path,
      size: request.contentLength,
      startedAt: Date.now(),
      parts: [],
    };
    const zero = this.#server.zeroByteParts ?? 'none';
    if (request.contentLength === 0 && zero !== 'none') {
      const end = zero === 'one-empty-part' ? -1 : 0;
      upload.parts.push({ id: randomUUID(), partNumber: 1, start: 0, end, signature: this.#signatureEpoch, signedAt: Date.now(), stored: null, storedEtag: null, completed: false });
    }
    const chunk = this.#chunk === 'asked' ? request.chunkSize : this.#chunk;
    for (let start = 0, n = 1; start < request.contentLength; start += chunk, n += 1) {
      const end = Math.min(start + chunk, request.contentLength) - 1;
      upload.parts.push({ id: randomUUID(), partNumber: n, start, end, signature: this.#signatureEpoch, signedAt: Date.now(), stored: null, storedEtag: null, completed: false });
    }
    this.#uploads.set(upload.id, upload);
    return this.#view(upload);
  }

  #listParts(id: string): ParsedPart[] {
    this.counts.lists += 1;
    const upload = this.#uploads.get(id);
    if (!upload) throw new UploadError('not-found', 'Not found on the server.', { request: 'GET /admin/asset/upload/{id}', status: 404 });
    return this.#view(upload, !this.#server.noResign && !this.#server.neverResign).parts!;
  }

  #completePart(partId: string, etag: string): null {
    this.counts.partCompletes += 1;
    const part = [...this.#uploads.values()].flatMap((u) => u.parts).find((p) => p.id === partId);
    if (!part) throw new UploadError('not-found', 'No such part.', { status: 404 });
    if (part.storedEtag !== etag) {
      throw new UploadError('bad-request', `The ETag of part ${part.partNumber} does not match what storage holds.`, { status: 400 });
    }
    part.completed = true;
    return null;
  }

  #complete(id: string): null {
    this.counts.completes += 1;
    const upload = this.#uploads.get(id);
    if (!upload) throw new UploadError('not-found', 'Not found on the server.', { status: 404 });
    if (upload.parts.some((p) => !p.completed)) throw new UploadError('bad-request', 'Parts are missing.', { status: 400 });
    const bytes = Buffer.concat(upload.parts.map((p) => p.stored!));
    this.assets.set(upload.relativePath, { assetId: upload.assetId, sha256: sha256(bytes), size: bytes.length });
    this.#uploads.delete(id);
    return null;
  }

  #cancel(id: string): null {
    this.counts.cancels += 1;
    this.#uploads.delete(id);
    return null;
  }

  #view(upload: FakeUpload, resign = true): ParsedAssetUpload {
    if (resign) {
      for (const part of upload.parts) {
        part.signature = this.#signatureEpoch; // fresh URLs
        part.signedAt = Date.now();
      }
    }
    return {
      id: upload.id,
      assetId: upload.assetId,
      contentLength: upload.size,
      startDate: new Date(upload.startedAt).toISOString(),
      parts: upload.parts.map((p) => ({
        id: p.id,
        url: `memory://storage/${upload.id}/${p.partNumber}?sig=${p.signature}&X-Amz-Date=${amzDate(p.signedAt)}&X-Amz-Expires=${this.#urlTtlSeconds}`,
        partNumber: p.partNumber,
        startingPosition: p.start,
        endingPosition: p.end,
        isCompleted: p.completed,
      })),
    };
  }

  // --- storage ---------------------------------------------------------------------

  async #put(req: PutPartRequest): Promise<PutPartResult> {
    this.counts.puts += 1;
    const what = { request: `PUT part ${req.partNumber}`, partNumber: req.partNumber };
    const url = new URL(req.url);
    const [, uploadId, partText] = url.pathname.split('/');
    const part = this.#uploads.get(uploadId!)?.parts.find((p) => p.partNumber === Number(partText));
    const scripted =
      this.#take(this.#putScript, (s) => s.partNumber === null || s.partNumber === req.partNumber)?.answer ??
      this.storageBehaviour ??
      (this.chaos?.('put') as PutAnswer | null);
    if (scripted) this.onScripted?.(`put ${req.partNumber} ${scripted.kind}`);
    await sleep(this.#latency, req.signal).catch(() => aborted(what));
    if (!part || Number(url.searchParams.get('sig')) < this.#signatureEpoch || presignedUrlExpired(req.url) || scripted?.kind === 'status' && scripted.status === 403) {
      throw new UploadError('url-expired', `The upload link for part ${req.partNumber} expired.`, { ...what, status: 403 });
    }
    if (scripted?.kind === 'status') throw storageError(scripted.status, scripted.retryAfterSeconds, what);
    if (scripted?.kind === 'stall') {
      await sleep(req.stallTimeoutMs ?? 60_000, req.signal).catch(() => aborted(what));
      throw new UploadError('timeout', `Part ${req.partNumber}: no bytes moved.`, what);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req.source.openRange(req.start, req.end) as AsyncIterable<Buffer>) {
      await sleep(chunk.length / this.#rate, req.signal).catch(() => aborted(what));
      chunks.push(chunk);
      this.counts.bytesReceived += chunk.length;
      req.onBytes?.(chunk.length);
      if (scripted?.kind === 'reset') throw new UploadError('network', 'The connection failed (ECONNRESET).', what);
    }
    const bytes = Buffer.concat(chunks);
    const md5 = createHash('md5').update(bytes).digest('hex');
    part.stored = bytes;
    part.storedEtag = scripted?.kind === 'wrong-etag' ? createHash('md5').update('garbled').digest('hex') : md5;
    if (scripted?.kind === 'late') {
      await sleep(req.stallTimeoutMs ?? 60_000, req.signal).catch(() => aborted(what));
      throw new UploadError('timeout', `Part ${req.partNumber}: no answer.`, what);
    }
    await sleep(this.#latency, req.signal).catch(() => aborted(what));
    if (part.storedEtag !== md5) {
      throw new UploadError('etag-mismatch', `Part ${req.partNumber} arrived damaged.`, { ...what, status: 200 });
    }
    return { etag: md5, md5, bytes: bytes.length };
  }

  #take<T>(script: T[], match: (entry: T) => boolean): T | undefined {
    const index = script.findIndex(match);
    return index < 0 ? undefined : script.splice(index, 1)[0];
  }
}

/** SigV4's X-Amz-Date: `20240131T235959Z`. */
const amzDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function aborted(context: { request: string; partNumber: number }): never {
  throw new UploadError('aborted', 'Stopped.', context);
}

function storageError(status: number, retryAfterSeconds: number | undefined, context: { request: string; partNumber: number }): UploadError {
  const full = { ...context, status, retryAfterMs: retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000 };
  if (status === 429 || status === 503) return new UploadError('rate-limited', `Storage asked to slow down (${status}).`, full);
  return new UploadError('storage-error', `Storage failed on part ${context.partNumber} (${status}).`, full);
}

function apiError(route: Route, status: number, retryAfterSeconds?: number): UploadError {
  const context = { request: route, status, retryAfterMs: retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000 };
  if (status === 503) return new UploadError('rate-limited', `The server is busy (${status}).`, context);
  if (status >= 500) return new UploadError('server-error', `The server failed (${status}).`, context);
  return new UploadError('bad-request', `The server refused the request (${status}).`, context);
}
