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
import type { NomadApi } from './api';
import type { BandwidthLimiter } from './bandwidth';
import { UploadError } from './errors';
import type { JobJournal } from './job-journal';
import type { Logger } from './log';
import type { LedgerPart, PartLedger } from './part-ledger';
import { retrying, type RetryContext } from './retrying';
import type { SlotPool } from './slot-pool';
import type { ByteSource, FileFingerprint } from './source';
import type { PartTransport } from './transfer';

/** 403 on a fresh URL this many times in a row means storage refuses us, not expiry. */
const MAX_URL_REFUSALS = 3;

/** Workers per job: twice the largest budget, so a slot freed while a part is being confirmed always finds a worker waiting. */
export const WORKERS_PER_JOB = 64;

export interface PipelineContext {
  readonly retry: RetryContext;
  readonly ledger: PartLedger;
  readonly pool: SlotPool;
  /** Whose turn it is in the pool: the job. */
  readonly owner: object;
  readonly api: Pick<NomadApi, 'completePart' | 'getUploadParts'>;
  readonly uploadId: string;
  readonly transport: PartTransport;
  readonly source: ByteSource;
  readonly fingerprint: FileFingerprint;
  readonly limiter: BandwidthLimiter;
  readonly stallTimeoutMs: number;
  readonly dispatcher?: Dispatcher | undefined;
  readonly journal: JobJournal;
  readonly log: Logger;
  /** Bytes handed to a socket (speed, "sending"). */
  onBytes(delta: number): void;
  /** A part changed status (acked, confirmed, re-sent): the job's counters changed. */
  onProgress(): void;
}

/** Resolves when every part is confirmed; rejects with the first error that ends the job. */
export async function uploadParts(ctx: PipelineContext): Promise<void> {
  const urls = new UrlRefresher(ctx);
  const count = Math.min(ctx.ledger.unclaimed, WORKERS_PER_JOB);
  await Promise.all(Array.from({ length: count }, () => work(ctx, urls)));
}

async function work(ctx: PipelineContext, urls: UrlRefresher): Promise<void> {
  for (let part = ctx.ledger.take(); part; part = ctx.ledger.take()) {
    await deliver(ctx, urls, part);
  }
}

/** One part, from wherever it stands, to confirmed. */
async function deliver(ctx: PipelineContext, urls: UrlRefresher, part: LedgerPart): Promise<void> {
  const what = `PUT part ${part.partNumber}`;
  await retrying(
    ctx.retry,
    {
      what,
      partNumber: part.partNumber,
      refreshUrls: async (error) => {
        part.refusals += 1;
        if (part.refusals > MAX_URL_REFUSALS) {
          throw new UploadError(
            'storage-refused',
            `Storage keeps refusing part ${part.partNumber} even with fresh links (${error.context.detail ?? '403'}).`,
            error.context,
          );
        }
        await urls.refresh();
      },
    },
    async () => {
      if (part.status === 'pending') await send(ctx, urls, part);
      await confirm(ctx, part);
    },
  );
}

async function send(ctx: PipelineContext, urls: UrlRefresher, part: LedgerPart): Promise<void> {
  const run = ctx.retry.run;
  const slot = await run.track('slot', `slot for part ${part.partNumber}`, (signal) => ctx.pool.acquire(ctx.owner, signal));
  try {
    await urls.settled();
    if (!part.url) throw new UploadError('url-expired', `No upload link for part ${part.partNumber}.`, { partNumber: part.partNumber });
    const url = part.url;
    const result = await run.track('request', `PUT part ${part.partNumber}`, (signal) =>
      ctx.transport({
        url,
        partNumber: part.partNumber,
        start: part.start,
        end: part.end,
        source: ctx.source,
        signal,
        dispatcher: ctx.dispatcher,
        limiter: ctx.limiter,
        stallTimeoutMs: ctx.stallTimeoutMs,
        onBytes: (delta) => {
          if (run.ended) return;
          ctx.ledger.addSending(part, delta);
          ctx.onBytes(delta);
        },
      }),
    );
    ctx.log.debug('part sent', { job: ctx.retry.job, part: part.partNumber, bytes: result.bytes, etag: result.etag, url });
    // A file modified while its bytes were read must not have those bytes confirmed.
    await run.track('io', 'file check', () => ctx.source.checkUnchanged(ctx.fingerprint));
    run.assertLive();
    ctx.ledger.acked(part, result.etag);
    ctx.onProgress();
    await run.track('io', 'journal', () => ctx.journal.acked(part.partNumber, result.etag));
  } finally {
    ctx.ledger.resetSending(part);
    slot.release();
  }
}

async function confirm(ctx: PipelineContext, part: LedgerPart): Promise<void> {
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
  ctx.pool.success();
  ctx.retry.onWaiting(null);
  ctx.onProgress();
  await run.track('io', 'journal', () => ctx.journal.confirmed(part.partNumber));
}

/** Fresh pre-signed URLs for the whole job, one request at a time however many parts hit 403. */
class UrlRefresher {
  readonly #ctx: PipelineContext;
  #inFlight: Promise<void> | null = null;

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
    ledger.updateUrls(parts);
    retry.onWaiting(null);
  }
}
