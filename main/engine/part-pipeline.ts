// Sending a job's parts: AWS lib-storage's shape. A fixed set of workers pulls parts from the
// ledger; each keeps its part through every retry (backoff, fresh URLs, re-send after a bad
// ETag) until the server confirmed it, then takes the next. Every await is on something
// that resolves by itself — a slot (the next release grants it), a request (its own timeout
// or stall watchdog ends it), a backoff (a timer) — so a part cannot be left behind.
//
// A slot is held for the PUT and the journal line that records it, not for part-complete:
// a slot waiting for part-complete held the link idle for one round trip per part. The kill
// -9 bound still holds — parts sent but not confirmed are in the journal with their ETag, and
// a resume confirms them without sending them again; only PUTs in flight (≤ budget) are lost.

import type { Dispatcher } from 'undici';
import type { NomadApi, ParsedAssetUpload } from './api';
import type { BandwidthLimiter } from './bandwidth';
import type { DigestPass } from './digest-pass';
import { UploadError } from './errors';
import type { JobJournal } from './job-journal';
import type { Logger } from './log';
import type { LedgerPart, PartLedger } from './part-ledger';
import type { PartSizeAdvisor } from './part-size';
import { retrying, type RetryContext } from './retrying';
import type { SlotPool } from './slot-pool';
import type { OpenFile } from './source';
import { presignedUrlExpired, type PartTransport } from './transfer';

/**
 * 403s with fresh URLs this many times in a row, over the whole job, with no part taken in
 * between, means storage refuses us rather than links expiring. Counted per job, not per
 * part: a part unlucky enough to meet several expiries while other parts go through is not
 * being refused.
 */
const MAX_URL_REFUSALS = 3;

/** Workers per job: twice the largest budget, so a slot freed while a part is being confirmed always finds a worker waiting. */
export const WORKERS_PER_JOB = 64;

export interface PipelineContext {
  readonly retry: RetryContext;
  readonly ledger: PartLedger;
  readonly pool: SlotPool;
  /** Learns from each part sent how large the next uploads' parts should be. */
  readonly partSizes: Pick<PartSizeAdvisor, 'observe'>;
  /** Whose turn it is in the pool: the job. */
  readonly owner: object;
  readonly api: Pick<NomadApi, 'completePart' | 'getUploadParts'>;
  readonly uploadId: string;
  /**
   * Starts this upload again with Continue: the way to fresh links on a server whose listing
   * hands back the links it handed out before (expired or not). Absent: no such fallback.
   */
  continueStart?: ((signal: AbortSignal) => Promise<ParsedAssetUpload>) | undefined;
  readonly transport: PartTransport;
  /** The run's open file: every part is read from it. */
  readonly file: OpenFile;
  /** The run's in-order hash pass: parts' MD5s read ahead of their PUTs. Absent: each PUT hashes its part. */
  readonly digests?: DigestPass | undefined;
  readonly limiter: BandwidthLimiter;
  readonly stallTimeoutMs: number;
  readonly dispatcher?: Dispatcher | undefined;
  readonly journal: JobJournal;
  readonly log: Logger;
  /** Monotonic ms. */
  now(): number;
  /** Whether the API answers at all: a part that times out while it does is storage's trouble. */
  reachable(): Promise<boolean>;
  /** Bytes handed to a socket (speed, "sending"). */
  onBytes(delta: number): void;
  /** A part changed status (acked, confirmed, re-sent): the job's counters changed. */
  onProgress(): void;
}

/** Resolves when every part is confirmed; rejects with the first error that ends the job. */
export async function uploadParts(ctx: PipelineContext): Promise<void> {
  const urls = new UrlRefresher(ctx);
  const storage: StorageWatch = { lastAnswerAt: ctx.now(), refusals: 0, refusedGeneration: -1 };
  const count = Math.min(ctx.ledger.unclaimed, WORKERS_PER_JOB);
  await Promise.all(Array.from({ length: count }, () => work(ctx, urls, storage)));
}

/** How storage has been treating this job lately. */
interface StorageWatch {
  /** When storage last took a part (a 2xx with a good ETag). */
  lastAnswerAt: number;
  /** 403s since storage last took a part, one per generation of URLs refused. */
  refusals: number;
  /** The newest generation of URLs a 403 was counted for: the other parts refused with it are the same event. */
  refusedGeneration: number;
}

async function work(ctx: PipelineContext, urls: UrlRefresher, storage: StorageWatch): Promise<void> {
  for (let part = ctx.ledger.take(); part; part = ctx.ledger.take()) {
    await deliver(ctx, urls, storage, part);
  }
}

/** One part, from wherever it stands, to confirmed. */
async function deliver(ctx: PipelineContext, urls: UrlRefresher, storage: StorageWatch, part: LedgerPart): Promise<void> {
  const what = `PUT part ${part.partNumber}`;
  /** Which generation of URLs the last PUT of this part used. */
  const used = { generation: urls.generation };
  /** How long its PUT held a slot, if it was sent in this run (not only confirmed from the journal's ack): the pool learns from it how fast parts go. */
  let sendMs: number | null = null;
  await retrying(
    ctx.retry,
    {
      what,
      partNumber: part.partNumber,
      // "Offline" is a fact, not a guess: only if the API cannot be reached either. A PUT that
      // times out or is dropped while the API answers is storage not responding — backed off,
      // shown as such, and given up after a long silence (the upload stays resumable).
      reclassify: async (error) => {
        if (error.code !== 'network' && error.code !== 'timeout') return error;
        if (!(await ctx.retry.run.track('request', 'is the server there?', () => ctx.reachable()))) {
          // Offline: storage's silence is not storage's fault, and does not count against it.
          storage.lastAnswerAt = ctx.now();
          return error;
        }
        // A PUT lost on the way to storage while the server answers: fewer parts in flight for
        // a while. (An acked part failed in part-complete, an API call: not the storage path.)
        if (part.status === 'pending') ctx.pool.loss();
        return new UploadError(
          'storage-unresponsive',
          `Storage is not responding to part ${part.partNumber} (${error.message.replace(/\.$/, '')}), while the server answers.`,
          error.context,
        );
      },
      facts: () => ({ storageSilentMs: ctx.now() - storage.lastAnswerAt }),
      refreshUrls: async (error) => {
        if (used.generation > storage.refusedGeneration) {
          storage.refusedGeneration = used.generation;
          storage.refusals += 1;
        }
        if (storage.refusals > MAX_URL_REFUSALS) {
          throw new UploadError(
            'storage-refused',
            `Storage keeps refusing part ${part.partNumber} even with fresh links (${error.context.detail ?? '403'}).`,
            error.context,
          );
        }
        // Links were renewed since this PUT left (another part's 403 asked first): use those.
        if (used.generation < urls.generation) return;
        await urls.refresh();
      },
    },
    async () => {
      if (part.status === 'pending') {
        sendMs = await send(ctx, urls, part, used);
        storage.lastAnswerAt = ctx.now();
        storage.refusals = 0;
      }
      await confirm(ctx, part, sendMs);
    },
  );
}

/** Sends the part and records it acked; resolves with how long it held its slot (ms). */
async function send(ctx: PipelineContext, urls: UrlRefresher, part: LedgerPart, used: { generation: number }): Promise<number> {
  const run = ctx.retry.run;
  const slot = await run.track('slot', `slot for part ${part.partNumber}`, (signal) =>
    ctx.pool.acquire(ctx.owner, signal, { bytes: part.end - part.start + 1, partsInFile: ctx.ledger.partsTotal }),
  );
  const grantedAt = ctx.now();
  try {
    await urls.settled();
    used.generation = urls.generation;
    if (!part.url) throw new UploadError('url-expired', `No upload link for part ${part.partNumber}.`, { partNumber: part.partNumber });
    const url = part.url;
    const digests = ctx.digests;
    const result = await run.track('request', `PUT part ${part.partNumber}`, (signal) =>
      ctx.transport({
        url,
        partNumber: part.partNumber,
        start: part.start,
        end: part.end,
        source: ctx.file,
        signal,
        dispatcher: ctx.dispatcher,
        limiter: ctx.limiter,
        stallTimeoutMs: ctx.stallTimeoutMs,
        digestAhead: digests ? (signal) => digests.take(part.start, part.end, signal) : undefined,
        onBytes: (delta) => {
          if (run.ended) return;
          ctx.ledger.addSending(part, delta);
          ctx.onBytes(delta);
        },
      }),
    );
    ctx.log.debug('part sent', { job: ctx.retry.job, part: part.partNumber, bytes: result.bytes, etag: result.etag, url });
    // A file modified while its bytes were read must not have those bytes confirmed.
    await run.track('io', 'file check', () => ctx.file.checkUnchanged());
    run.assertLive();
    ctx.ledger.acked(part, result.etag, result.md5);
    ctx.onProgress();
    await run.track('io', 'journal', () => ctx.journal.acked(part.partNumber, result.etag, result.md5));
    return ctx.now() - grantedAt;
  } finally {
    ctx.ledger.resetSending(part);
    slot.release();
  }
}

async function confirm(ctx: PipelineContext, part: LedgerPart, sendMs: number | null): Promise<void> {
  const run = ctx.retry.run;
  const etag = part.etag!;
  try {
    await run.track('request', `POST part ${part.partNumber} complete`, (signal) => ctx.api.completePart(part.id, etag, signal), 120_000);
  } catch (error) {
    if (error instanceof UploadError && error.code === 'bad-request' && !run.ended) {
      // The server compared our ETag with what storage holds and refused: send it again.
      ctx.ledger.unacked(part);
      ctx.onProgress();
      throw new UploadError('etag-mismatch', error.message, { ...error.context, partNumber: part.partNumber });
    }
    throw error;
  }
  run.assertLive();
  ctx.ledger.confirmed(part);
  const sent = sendMs === null ? undefined : { bytes: part.length, partsInFile: ctx.ledger.partsTotal, sendMs };
  ctx.pool.success(sent);
  if (sent) ctx.partSizes.observe(sent);
  ctx.retry.onWaiting(null);
  ctx.onProgress();
  await run.track('io', 'journal', () => ctx.journal.confirmed(part.partNumber));
}

/** Fresh pre-signed URLs for the whole job, one request at a time however many parts hit 403. */
class UrlRefresher {
  readonly #ctx: PipelineContext;
  #inFlight: Promise<void> | null = null;
  /** How many times the URLs were renewed: 0 is the plan's own. */
  generation = 0;

  constructor(ctx: PipelineContext) {
    this.#ctx = ctx;
  }

  /** Waits for a refresh in progress (so no PUT leaves with a URL about to be replaced). */
  async settled(): Promise<void> {
    if (this.#inFlight) await this.#inFlight.catch(() => undefined);
  }

  refresh(): Promise<void> {
    this.#inFlight ??= this.#fetch().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #fetch(): Promise<void> {
    const { retry, api, uploadId, ledger } = this.#ctx;
    retry.onWaiting('Upload links expired; fetching fresh ones.');
    const parts = await retrying(retry, { what: 'GET /admin/asset/upload/{id}' }, () =>
      retry.run.track('request', 'GET /admin/asset/upload/{id}', (signal) => api.getUploadParts(uploadId, signal), 120_000),
    );
    // A server that stores the links it signed hands the same (expired) ones back: only a
    // Continue start signs new ones. Only if that gives none either are we stuck.
    if (ledger.updateUrls(parts) === 0) await this.#continueForFreshUrls();
    this.generation += 1;
    retry.onWaiting(null);
  }

  async #continueForFreshUrls(): Promise<void> {
    const { retry, uploadId, ledger, continueStart } = this.#ctx;
    const what = 'POST /asset/upload/start (Continue)';
    const notRenewed = (why: string, cause?: UploadError): UploadError =>
      new UploadError(
        'urls-not-renewed',
        `The server does not renew upload links: they expired, and neither the upload's listing nor a Continue start gave new ones (${why}). The upload stays on the server; retry to resume it.`,
        { request: cause?.context.request ?? what, status: cause?.context.status, detail: cause?.context.detail },
        { cause },
      );
    if (!continueStart) throw notRenewed('the listing repeated the expired links');
    retry.onWaiting('The server repeated the expired upload links; asking for new ones with a Continue start.');
    let upload: ParsedAssetUpload;
    try {
      upload = await retrying(retry, { what }, () => retry.run.track('request', what, (signal) => continueStart(signal), 120_000));
    } catch (error) {
      if (!(error instanceof UploadError) || error.code === 'aborted' || retry.run.ended) throw error;
      throw notRenewed(`the Continue start failed: ${error.message}`, error);
    }
    // Continue of another upload (ours vanished meanwhile) must not lend us its links.
    if (upload.id !== uploadId) throw notRenewed(`the Continue start answered another upload, ${upload.id}`);
    if (ledger.updateUrls(upload.parts ?? []) > 0) return;
    // The same links again. Past their own stated expiry, nothing will renew them; links that
    // do not say when they expire (or have not yet) go back to storage, whose refusals are
    // counted (MAX_URL_REFUSALS) — a 403 is not always an expiry.
    if (ledger.parts().some((p) => p.status === 'pending' && p.url !== null && presignedUrlExpired(p.url))) {
      throw notRenewed('the Continue start repeated them too');
    }
  }
}
