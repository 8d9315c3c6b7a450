// One file's upload: a state machine over a discriminated union.
//
//   queued → starting → (awaiting-decision →) uploading ⇄ paused → completing → done
//                                                  ↘ failed | cancelled | skipped
//
// Every activation ("run") owns an AbortController and the timers it made; pause, cancel
// and failure end the run, which aborts its requests and clears its timers (Uppy's lesson:
// listeners and timers die with their upload). Callbacks of an ended run change nothing.

import { getEventListeners, setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import type { NomadApi, ParsedPart } from './api';
import type { BandwidthLimiter } from './bandwidth';
import { UploadError, toUploadError } from './errors';
import type { JournalRecord, JournalStore } from './journal';
import type { Logger } from './log';
import { checkServerPlan, chunkSizeFor, partCount, rangeLength } from './plan';
import type { AssetUploadStartRequest, UploadOverwriteOption, UploadReplaceOption } from './protocol';
import { RateMeter, etaSeconds } from './rate-meter';
import { decideRetry, isRetryableCode, type RetryPolicyOptions } from './retry-policy';
import type { PartScheduler, SlotTask, WorkSource } from './scheduler';
import { fingerprintFile, type ByteSource, type FileFingerprint } from './source';
import { putPart } from './transfer';
import type { ConflictDecision, ConflictView, JobStateKind, JobView, OverwritePolicy, PauseReason } from './views';

export interface JobOptions {
  parentId: string | null;
  languageId: string | null;
  relatedContentId: string | null;
  existingAssetId: string | null;
  overwrite: OverwritePolicy;
  replaceOptions: UploadReplaceOption[];
}

export interface JobInit {
  id: string;
  localPath: string;
  relativePath: string;
  displayName: string;
  /** Which enqueue (drop, restore) this job came from. */
  dropId: string;
  fingerprint: FileFingerprint;
  options: JobOptions;
  createdAt: number;
  /** From the journal: an upload this job began in an earlier run of the program. */
  resume?: Pick<JournalRecord, 'uploadId' | 'assetId' | 'parts' | 'paused'> | undefined;
  /** The job could not even be read (missing path at enqueue): it starts failed. */
  initialError?: UploadError | undefined;
}

export interface JobContext {
  readonly api: NomadApi;
  /** Which server a journal record belongs to (an upload id means nothing elsewhere). */
  readonly serverKey: string;
  readonly scheduler: PartScheduler;
  readonly limiter: BandwidthLimiter;
  readonly journal: JournalStore;
  readonly dispatcher?: Dispatcher | undefined;
  readonly retryPolicy: RetryPolicyOptions;
  readonly stallTimeoutMs: number;
  readonly log: Logger;
  source(path: string): ByteSource;
  now(): number;
  /** Something visible changed (bytes, waiting reason): coalesced by the queue. */
  changed(job: UploadJob): void;
  /** The state kind changed: the queue may activate more jobs or apply a standing decision. */
  transitioned(job: UploadJob, from: JobStateKind): void;
  /** A problem worth telling the user that does not stop the upload. */
  warn(job: UploadJob, error: UploadError): void;
}

type JobState =
  | { kind: 'queued' }
  | { kind: 'starting' }
  | { kind: 'awaiting-decision'; conflict: ConflictView }
  | { kind: 'uploading' }
  | { kind: 'paused'; reason: PauseReason }
  | { kind: 'completing' }
  | { kind: 'done' }
  | { kind: 'skipped' }
  | { kind: 'failed'; error: UploadError }
  | { kind: 'cancelled' };

interface PartState {
  /** Position in #parts of the plan this part belongs to: a stale part fails this check. */
  index: number;
  id: string;
  partNumber: number;
  start: number;
  end: number;
  url: string | null;
  confirmed: boolean;
  etag: string | null;
  /** Queued for a slot, sending, or awaiting part-complete. */
  busy: boolean;
  /** Bytes of the current attempt handed to the socket. */
  sent: number;
  attempt: number;
  notBefore: number;
  /** 403s in a row: a URL that is still refused right after a refresh is not "expired". */
  refusals: number;
}

interface Run {
  readonly controller: AbortController;
  readonly timers: Set<NodeJS.Timeout>;
}

/** 403 on a fresh URL this many times in a row means storage refuses us, not expiry. */
const MAX_URL_REFUSALS = 3;

export class UploadJob implements WorkSource {
  readonly id: string;
  readonly localPath: string;
  readonly relativePath: string;
  readonly displayName: string;
  readonly dropId: string;
  readonly createdAt: number;
  readonly options: JobOptions;

  #ctx: JobContext;
  #source: ByteSource;
  #fingerprint: FileFingerprint;
  #state: JobState;
  #run: Run | null = null;
  #uploadId: string | null;
  #assetId: string | null;
  #parts: PartState[] = [];
  /** Indexes into #parts still to send, in part order; retried parts go to #retry. */
  #fresh: number[] = [];
  #retry: PartState[] = [];
  #confirmedCount = 0;
  #bytesConfirmed = 0;
  #bytesInFlight = 0;
  #startOption: UploadOverwriteOption;
  #existingAssetOverride: string | null = null;
  #replaceOptions: UploadReplaceOption[];
  /**
   * A start request went out whose answer we never saw (crash, pause, lost connection): a
   * conflict naming an in-progress upload is then most likely our own.
   */
  #startSent: boolean;
  #refreshingUrls: Promise<void> | null = null;
  #waiting: string | null = null;
  #meter: RateMeter;
  #finishedAt: number | null = null;

  constructor(init: JobInit, ctx: JobContext) {
    this.id = init.id;
    this.localPath = init.localPath;
    this.relativePath = init.relativePath;
    this.displayName = init.displayName;
    this.dropId = init.dropId;
    this.createdAt = init.createdAt;
    this.options = init.options;
    this.#ctx = ctx;
    this.#source = ctx.source(init.localPath);
    this.#fingerprint = init.fingerprint;
    this.#uploadId = init.resume?.uploadId ?? null;
    this.#assetId = init.resume?.assetId ?? null;
    // A journal record without an upload id is written just before start is sent.
    this.#startSent = init.resume !== undefined && init.resume.uploadId === null;
    this.#startOption = init.options.overwrite === 'Ask' ? 'Cancel' : init.options.overwrite;
    this.#replaceOptions = init.options.replaceOptions;
    this.#meter = new RateMeter();
    this.#showJournaledProgress(init.resume?.parts ?? []);
    if (init.initialError) {
      this.#state = { kind: 'failed', error: init.initialError };
      this.#finishedAt = ctx.now();
    } else if (init.resume?.paused) {
      this.#state = { kind: 'paused', reason: 'user' };
    } else {
      this.#state = { kind: 'queued' };
    }
  }

  /**
   * Until the server is asked, show what the journal says was confirmed, so a restored job
   * reads "60 %" rather than "0 %". The ranges assume our own chunk size; the server's
   * answer replaces all of it when the job runs (#adoptParts).
   */
  #showJournaledProgress(parts: ReadonlyArray<{ partNumber: number }>): void {
    if (parts.length === 0) return;
    const chunk = chunkSizeFor(this.size);
    for (const { partNumber } of parts) {
      const start = (partNumber - 1) * chunk;
      if (start >= this.size && this.size > 0) continue;
      this.#confirmedCount += 1;
      this.#bytesConfirmed += Math.max(0, Math.min(chunk, this.size - start));
    }
  }

  get state(): JobStateKind {
    return this.#state.kind;
  }

  get size(): number {
    return this.#fingerprint.size;
  }

  get error(): UploadError | null {
    return this.#state.kind === 'failed' ? this.#state.error : null;
  }

  get uploadId(): string | null {
    return this.#uploadId;
  }

  get conflict(): ConflictView | null {
    return this.#state.kind === 'awaiting-decision' ? this.#state.conflict : null;
  }

  get bytesConfirmed(): number {
    return this.#bytesConfirmed;
  }

  get bytesInFlight(): number {
    return this.#bytesInFlight;
  }

  /** Bytes per second now; 0 unless uploading (as in view()). */
  get speed(): number {
    return this.#state.kind === 'uploading' ? this.#meter.rate() : 0;
  }

  get isFinished(): boolean {
    const kind = this.#state.kind;
    return kind === 'done' || kind === 'failed' || kind === 'cancelled' || kind === 'skipped';
  }

  view(): JobView {
    const speed = this.speed;
    const error = this.error;
    return {
      id: this.id,
      name: this.displayName,
      relativePath: this.relativePath,
      localPath: this.localPath,
      dropId: this.dropId,
      size: this.size,
      state: this.#state.kind,
      bytesConfirmed: this.#bytesConfirmed,
      bytesInFlight: this.#bytesInFlight,
      partsTotal: this.#parts.length || partCount(this.size, chunkSizeFor(this.size)),
      partsConfirmed: this.#confirmedCount,
      speed,
      etaSeconds:
        this.#state.kind === 'uploading' ? etaSeconds(this.size - this.#bytesConfirmed - this.#bytesInFlight, speed) : null,
      waiting: this.#waiting,
      pauseReason: this.#state.kind === 'paused' ? this.#state.reason : null,
      error: error ? { code: error.code, message: error.message, retryable: isRetryableCode(error.code) } : null,
      conflict: this.conflict,
      uploadId: this.#uploadId,
      assetId: this.#assetId,
      createdAt: this.createdAt,
      finishedAt: this.#finishedAt,
    };
  }

  // --- commands ------------------------------------------------------------------

  /** Called by the queue when there is room for another active job. */
  activate(): void {
    if (this.#state.kind !== 'queued') return;
    const run = this.#newRun();
    this.#setState({ kind: 'starting' });
    void this.#begin(run);
  }

  pause(reason: PauseReason = 'user'): void {
    switch (this.#state.kind) {
      case 'queued':
      case 'awaiting-decision':
      case 'starting':
      case 'uploading':
        this.#endRun();
        this.#setState({ kind: 'paused', reason });
        void this.#saveJournal();
        return;
      case 'completing':
        // The parts are all there; completing takes a moment and pausing it would only
        // make the user wait longer. Let it finish.
        return;
      case 'paused':
        // A person pausing what the system paused makes it theirs: wake must not resume it.
        if (reason === 'user' && this.#state.reason === 'system') {
          this.#setState({ kind: 'paused', reason });
          void this.#saveJournal();
        }
        return;
      case 'done':
      case 'skipped':
      case 'failed':
      case 'cancelled':
        return;
    }
  }

  /** A person resumes any pause; the system (wake) resumes only what the system paused. */
  resume(reason: PauseReason = 'user'): void {
    if (this.#state.kind !== 'paused') return;
    if (reason === 'system' && this.#state.reason === 'user') return;
    this.#setState({ kind: 'queued' });
    void this.#saveJournal();
  }

  retry(): void {
    switch (this.#state.kind) {
      case 'failed':
        if (this.#state.error.code === 'file-changed') {
          // The bytes on the server belong to the old version: start over and let the new
          // version take the old one's place, never splice the two.
          this.#forgetUpload();
          this.#startOption = 'Replace';
        }
        this.#finishedAt = null;
        this.#setState({ kind: 'queued' });
        return;
      case 'cancelled':
      case 'skipped':
        // The server upload was cancelled (or never made): begin again from nothing.
        this.#forgetUpload();
        this.#finishedAt = null;
        this.#setState({ kind: 'queued' });
        return;
      default:
        return;
    }
  }

  /** Also for a failed job: the user giving up on it is the one reason to delete its parts. */
  async cancel(): Promise<void> {
    const kind = this.#state.kind;
    if (kind === 'done' || kind === 'cancelled' || kind === 'skipped') return;
    const uploadId = this.#uploadId;
    this.#endRun();
    this.#finishedAt = this.#ctx.now();
    this.#setState({ kind: 'cancelled' });
    await this.#ctx.journal.remove(this.id).catch(() => undefined);
    if (uploadId) {
      // Cancel deletes every uploaded part on the server: only ever on the user's word. The
      // run is over, so transient errors (a keep-alive socket the server just closed, a 503)
      // get a few quick retries of their own.
      await this.#cancelOnServer(uploadId).catch((error: unknown) => {
        this.#ctx.warn(
          this,
          new UploadError(
            toUploadError(error).code,
            `${this.displayName} was cancelled here, but the server could not be told; it will be listed as an unfinished upload.`,
          ),
        );
      });
    }
  }

  async #cancelOnServer(uploadId: string): Promise<void> {
    const attempts = 4;
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.#ctx.api.cancelUpload(uploadId, 'Cancelled by the user');
        return;
      } catch (error) {
        const uploadError = toUploadError(error);
        const decision = decideRetry(uploadError, attempt, this.#ctx.retryPolicy);
        if (decision.kind === 'give-up' || decision.kind === 'refresh-urls' || attempt + 1 >= attempts) throw uploadError;
        await sleep(Math.min(decision.delayMs, 2000));
      }
    }
  }

  resolveConflict(decision: ConflictDecision): void {
    if (this.#state.kind !== 'awaiting-decision') return;
    const conflict = this.#state.conflict;
    if (decision.replaceOptions) this.#replaceOptions = decision.replaceOptions;
    switch (decision.action) {
      case 'skip':
        this.#finishedAt = this.#ctx.now();
        this.#setState({ kind: 'skipped' });
        void this.#ctx.journal.remove(this.id).catch(() => undefined);
        return;
      case 'continue':
        this.#startOption = 'Continue';
        break;
      case 'replace':
        this.#startOption = 'Replace';
        break;
      case 'asset-replace':
        this.#startOption = 'AssetReplace';
        this.#existingAssetOverride = conflict.assetId;
        break;
    }
    this.#setState({ kind: 'queued' });
  }

  /**
   * What this job holds right now: its run, the run's timers and the listeners on the run's
   * abort signal. All zero once the job is not running, whichever way it stopped.
   */
  openResources(): { runs: number; timers: number; abortListeners: number } {
    const run = this.#run;
    if (!run) return { runs: 0, timers: 0, abortListeners: 0 };
    return { runs: 1, timers: run.timers.size, abortListeners: getEventListeners(run.controller.signal, 'abort').length };
  }

  /** Stops all activity without changing what the user sees (app shutdown, queue close). */
  dispose(): void {
    this.#endRun();
  }

  // --- the scheduler's side ------------------------------------------------------

  takeTask(): SlotTask | null {
    const run = this.#run;
    if (this.#state.kind !== 'uploading' || !run || this.#refreshingUrls) return null;
    const part = this.#nextReadyPart();
    if (!part) return null;
    part.busy = true;
    return () => this.#sendPart(run, part);
  }

  #nextReadyPart(): PartState | null {
    const now = this.#ctx.now();
    for (let i = 0; i < this.#retry.length; i += 1) {
      const part = this.#retry[i]!;
      if (part.notBefore <= now) {
        this.#retry.splice(i, 1);
        return part;
      }
    }
    while (this.#fresh.length > 0) {
      const part = this.#parts[this.#fresh.shift()!]!;
      if (!part.confirmed && !part.busy) return part;
    }
    return null;
  }

  // --- the run -------------------------------------------------------------------

  #newRun(): Run {
    this.#endRun();
    const run: Run = { controller: new AbortController(), timers: new Set() };
    // Every part in flight, API call and backoff sleep of the run listens on this signal:
    // more than Node's default 10 is expected, not a leak (each removes itself when done).
    setMaxListeners(0, run.controller.signal);
    this.#run = run;
    return run;
  }

  #endRun(): void {
    const run = this.#run;
    if (!run) return;
    this.#run = null;
    run.controller.abort(new UploadError('aborted', 'Stopped.'));
    for (const timer of run.timers) clearTimeout(timer);
    run.timers.clear();
    this.#ctx.scheduler.remove(this);
    this.#refreshingUrls = null;
    this.#waiting = null;
    // Parts in flight are abandoned: their bytes will be sent again on resume.
    for (const part of this.#parts) {
      part.busy = false;
      part.sent = 0;
    }
    this.#bytesInFlight = 0;
    this.#rebuildPending();
    this.#meter.reset();
  }

  #isCurrent(run: Run): boolean {
    return this.#run === run && !run.controller.signal.aborted;
  }

  async #begin(run: Run): Promise<void> {
    try {
      let parts: ParsedPart[] | null = null;
      if (this.#uploadId) {
        // Something was sent before: the same bytes must still be on disk, or we would
        // splice two versions of the file into one asset.
        await this.#source.checkUnchanged(this.#fingerprint);
        parts = await this.#retrying(run, () => this.#ctx.api.getUploadParts(this.#uploadId!, run.controller.signal)).catch(
          (error: unknown) => {
            // The server no longer knows the upload (finished or purged): start over and let
            // Continue find whatever it still has.
            if (error instanceof UploadError && error.code === 'not-found') {
              this.#forgetUpload();
              this.#startOption = this.#startOption === 'Cancel' ? 'Continue' : this.#startOption;
              return null;
            }
            throw error;
          },
        );
      } else {
        // Nothing sent yet: whatever the file is now is what we upload.
        this.#fingerprint = await fingerprintFile(this.localPath);
      }
      if (!this.#uploadId) {
        await this.#saveJournal();
        const upload = await this.#startOnServer(run);
        if (!upload) return; // awaiting a decision
        this.#uploadId = upload.id;
        this.#assetId = upload.assetId;
        parts = upload.parts ?? [];
        if (this.#state.kind === 'cancelled') {
          // Cancelled while the start was on its way: cancel what the server made.
          await this.#cancelOnServer(upload.id).catch((error: unknown) => this.#ctx.warn(this, toUploadError(error)));
          return;
        }
        // Paused meanwhile: remember the upload so Resume continues it.
        if (!this.#isCurrent(run)) await this.#saveJournal();
      }
      if (!this.#isCurrent(run)) return;
      this.#adoptParts(parts ?? []);
      await this.#saveJournal();
      if (!this.#isCurrent(run)) return;
      if (this.#confirmedCount === this.#parts.length) {
        await this.#complete(run);
        return;
      }
      this.#setState({ kind: 'uploading' });
      this.#ctx.scheduler.add(this);
    } catch (error) {
      this.#fail(run, error);
    }
  }

  async #startOnServer(run: Run) {
    const request = this.#startRequest();
    // Not the run's signal: a start the server may already have acted on is allowed to
    // finish (its own timeout bounds it), so a pause keeps the upload id and a cancel can
    // cancel the upload the server made, instead of leaving an orphan on the server.
    const signal = undefined;
    const attempt = async () => {
      const ownEarlierStart = this.#startSent;
      this.#startSent = true;
      try {
        return await this.#ctx.api.startUpload(request, signal);
      } catch (error) {
        const uploadId = error instanceof UploadError && error.code === 'asset-exists' ? error.context.conflict?.uploadId : null;
        if (uploadId && ownEarlierStart && request.uploadOverwriteOption === 'Cancel') {
          // Our earlier start reached the server but its answer never reached us: the
          // in-progress upload it names is ours. Continue it instead of asking.
          return this.#ctx.api.startUpload({ ...request, uploadOverwriteOption: 'Continue' }, signal);
        }
        throw error;
      }
    };
    try {
      return await this.#retrying(run, attempt);
    } catch (error) {
      if (!(error instanceof UploadError) || error.code !== 'asset-exists') throw error;
      if (this.options.overwrite !== 'Ask') throw this.#conflictFailure(error);
      const conflict: ConflictView = {
        assetId: error.context.conflict?.assetId ?? null,
        uploadId: error.context.conflict?.uploadId ?? null,
        detail: error.context.detail ?? error.message,
      };
      this.#endRun();
      this.#setState({ kind: 'awaiting-decision', conflict });
      return null;
    }
  }

  #conflictFailure(error: UploadError): UploadError {
    return new UploadError(
      'asset-exists',
      `${this.relativePath} already exists on the server. Choose Continue to resume it, Replace to overwrite it, or skip it.`,
      error.context,
    );
  }

  #startRequest(): AssetUploadStartRequest {
    const size = this.size;
    const existingAssetId = this.#existingAssetOverride ?? this.options.existingAssetId;
    return {
      displayName: this.displayName,
      existingAssetId,
      relatedContentId: this.options.relatedContentId,
      uploadOverwriteOption: this.#startOption,
      relativePath: this.relativePath,
      parentId: this.options.parentId,
      languageId: this.options.languageId,
      uploadReplaceOptions: this.#replaceOptions.length > 0 ? this.#replaceOptions : null,
      contentLength: size,
      chunkSize: chunkSizeFor(size),
    };
  }

  /** Server ranges always win; we only check they tile the file and merge what is confirmed. */
  #adoptParts(serverParts: ParsedPart[]): void {
    const ranges = serverParts.map((p) => ({ partNumber: p.partNumber, start: p.startingPosition, end: p.endingPosition }));
    checkServerPlan(ranges, this.size);
    const sorted = [...serverParts].sort((a, b) => a.partNumber - b.partNumber);
    this.#parts = sorted.map((p, index) => ({
      index,
      id: p.id,
      partNumber: p.partNumber,
      start: p.startingPosition,
      end: p.endingPosition,
      url: p.url,
      confirmed: p.isCompleted,
      etag: null,
      busy: false,
      sent: 0,
      attempt: 0,
      notBefore: 0,
      refusals: 0,
    }));
    this.#confirmedCount = 0;
    this.#bytesConfirmed = 0;
    for (const part of this.#parts) {
      if (!part.confirmed) continue;
      this.#confirmedCount += 1;
      this.#bytesConfirmed += rangeLength(part);
    }
    this.#rebuildPending();
  }

  #rebuildPending(): void {
    this.#retry = [];
    this.#fresh = [];
    this.#parts.forEach((part, index) => {
      if (!part.confirmed && !part.busy) this.#fresh.push(index);
    });
  }

  async #sendPart(run: Run, part: PartState): Promise<void> {
    let etag: string;
    try {
      if (!part.url) throw new UploadError('url-expired', `No upload link for part ${part.partNumber}.`, { partNumber: part.partNumber });
      const result = await putPart({
        url: part.url,
        partNumber: part.partNumber,
        start: part.start,
        end: part.end,
        source: this.#source,
        signal: run.controller.signal,
        dispatcher: this.#ctx.dispatcher,
        limiter: this.#ctx.limiter,
        stallTimeoutMs: this.#ctx.stallTimeoutMs,
        onBytes: (delta) => {
          if (this.#run !== run) return;
          part.sent += delta;
          this.#bytesInFlight += delta;
          this.#meter.add(delta);
          this.#ctx.changed(this);
        },
      });
      etag = result.etag;
      this.#ctx.log.debug('part sent', { job: this.id, part: part.partNumber, bytes: result.bytes, etag, url: part.url });
    } catch (error) {
      this.#partFailed(run, part, toUploadError(error, { partNumber: part.partNumber }));
      return;
    }
    // The slot is held until the server confirmed the part: then at most `budget` parts are
    // ever sent-but-unconfirmed, which bounds what a crash can make us send twice.
    await this.#confirmPart(run, part, etag);
  }

  async #confirmPart(run: Run, part: PartState, etag: string): Promise<void> {
    try {
      // A file modified while its bytes were read must not have those bytes confirmed.
      await this.#source.checkUnchanged(this.#fingerprint);
      await this.#retrying(run, () => this.#ctx.api.completePart(part.id, etag, run.controller.signal));
    } catch (error) {
      const uploadError = toUploadError(error, { partNumber: part.partNumber });
      // The server compared our ETag with what storage holds and refused: send it again.
      const refused = uploadError.code === 'bad-request' ? new UploadError('etag-mismatch', uploadError.message, uploadError.context) : uploadError;
      this.#partFailed(run, part, refused);
      return;
    }
    // Never count a part twice, nor one from a plan a newer run has replaced.
    if (part.confirmed || this.#parts[part.index] !== part) return;
    part.confirmed = true;
    part.etag = etag;
    part.busy = false;
    part.attempt = 0;
    part.refusals = 0;
    this.#confirmedCount += 1;
    this.#bytesConfirmed += rangeLength(part);
    if (this.#run === run) this.#bytesInFlight -= part.sent;
    part.sent = 0;
    this.#waiting = null;
    this.#ctx.scheduler.success();
    this.#ctx.changed(this);
    await this.#saveJournal();
    if (!this.#isCurrent(run)) return;
    if (this.#confirmedCount === this.#parts.length) void this.#complete(run); // not in the slot: completing can take a while
  }

  #partFailed(run: Run, part: PartState, error: UploadError): void {
    if (this.#run === run && this.#parts[part.index] === part) {
      this.#bytesInFlight -= part.sent;
    }
    part.sent = 0;
    part.busy = false;
    if (!this.#isCurrent(run)) return; // paused, cancelled or failed meanwhile
    if (error.code === 'aborted') return;
    const decision = decideRetry(error, part.attempt, this.#ctx.retryPolicy);
    this.#ctx.log.info('part failed', {
      job: this.id,
      part: part.partNumber,
      code: error.code,
      status: error.context.status,
      request: error.context.request,
      attempt: part.attempt,
      decision: decision.kind,
      delayMs: decision.kind === 'retry' || decision.kind === 'wait-online' ? Math.round(decision.delayMs) : undefined,
      message: error.message,
    });
    switch (decision.kind) {
      case 'refresh-urls':
        part.refusals += 1;
        if (part.refusals > MAX_URL_REFUSALS) {
          this.#fail(run, new UploadError('storage-refused', `Storage keeps refusing part ${part.partNumber} even with fresh links (${error.context.detail ?? '403'}).`, error.context));
          return;
        }
        this.#retry.push(part);
        void this.#refreshUrls(run);
        return;
      case 'retry':
      case 'wait-online':
        if (error.code === 'rate-limited') this.#ctx.scheduler.congestion();
        part.attempt += 1;
        part.notBefore = this.#ctx.now() + decision.delayMs;
        this.#retry.push(part);
        this.#setWaiting(decision.reason);
        this.#wakeAt(run, decision.delayMs);
        return;
      case 'give-up':
        this.#fail(run, error);
        return;
    }
  }

  /** Fresh pre-signed URLs for every part not yet confirmed; shared by all parts that hit 403. */
  #refreshUrls(run: Run): Promise<void> {
    this.#refreshingUrls ??= (async () => {
      this.#setWaiting('Upload links expired; fetching fresh ones.');
      try {
        const parts = await this.#retrying(run, () => this.#ctx.api.getUploadParts(this.#uploadId!, run.controller.signal));
        if (!this.#isCurrent(run)) return;
        const byNumber = new Map(parts.map((p) => [p.partNumber, p]));
        for (const part of this.#parts) {
          const fresh = byNumber.get(part.partNumber);
          if (fresh?.url) part.url = fresh.url;
        }
        this.#setWaiting(null);
      } catch (error) {
        this.#fail(run, error);
      } finally {
        if (this.#run === run) this.#refreshingUrls = null;
        this.#ctx.scheduler.wake();
      }
    })();
    return this.#refreshingUrls;
  }

  async #complete(run: Run): Promise<void> {
    this.#ctx.scheduler.remove(this);
    this.#setState({ kind: 'completing' });
    try {
      if (this.#confirmedCount !== this.#parts.length) {
        throw new UploadError('plan-mismatch', `Only ${this.#confirmedCount} of ${this.#parts.length} parts are confirmed.`);
      }
      await this.#source.checkUnchanged(this.#fingerprint);
      await this.#retrying(run, () => this.#ctx.api.completeUpload(this.#uploadId!, run.controller.signal));
    } catch (error) {
      this.#fail(run, error);
      return;
    }
    if (this.#run !== run) return;
    this.#endRun();
    this.#finishedAt = this.#ctx.now();
    this.#setState({ kind: 'done' });
    await this.#ctx.journal.remove(this.id).catch((error: unknown) => this.#ctx.warn(this, toUploadError(error)));
  }

  #fail(run: Run, error: unknown): void {
    if (this.#run !== run) return;
    const uploadError = toUploadError(error);
    if (uploadError.code === 'aborted') return;
    // A failure never cancels the server upload: it stays open for Retry and for resume.
    this.#ctx.log.warn('upload failed', {
      job: this.id,
      name: this.relativePath,
      upload: this.#uploadId,
      code: uploadError.code,
      status: uploadError.context.status,
      request: uploadError.context.request,
      message: uploadError.message,
    });
    this.#endRun();
    this.#finishedAt = this.#ctx.now();
    this.#setState({ kind: 'failed', error: uploadError });
    void this.#saveJournal();
  }

  /** API calls with the retry policy; sleeps die with the run. */
  async #retrying<T>(run: Run, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const result = await call();
        if (attempt > 0) this.#setWaiting(null);
        return result;
      } catch (error) {
        const uploadError = toUploadError(error);
        if (run.controller.signal.aborted) throw new UploadError('aborted', 'Stopped.', uploadError.context);
        const decision = decideRetry(uploadError, attempt, this.#ctx.retryPolicy);
        if (decision.kind === 'give-up' || decision.kind === 'refresh-urls') throw uploadError;
        if (uploadError.code === 'rate-limited') this.#ctx.scheduler.congestion();
        this.#ctx.log.info('request retried', {
          job: this.id,
          code: uploadError.code,
          status: uploadError.context.status,
          request: uploadError.context.request,
          attempt,
          delayMs: Math.round(decision.delayMs),
        });
        this.#setWaiting(decision.reason);
        await sleep(decision.delayMs, undefined, { signal: run.controller.signal }).catch(() => {
          throw new UploadError('aborted', 'Stopped.');
        });
      }
    }
  }

  #wakeAt(run: Run, delayMs: number): void {
    const timer = setTimeout(() => {
      run.timers.delete(timer);
      this.#ctx.scheduler.wake();
    }, delayMs);
    run.timers.add(timer);
  }

  #setWaiting(reason: string | null): void {
    if (this.#waiting === reason) return;
    this.#waiting = reason;
    this.#ctx.changed(this);
  }

  #setState(state: JobState): void {
    const from = this.#state.kind;
    this.#state = state;
    if (from !== state.kind) {
      this.#ctx.log.debug('job state', { job: this.id, name: this.relativePath, from, to: state.kind, upload: this.#uploadId });
    }
    this.#ctx.changed(this);
    if (from !== state.kind) this.#ctx.transitioned(this, from);
  }

  #forgetUpload(): void {
    this.#uploadId = null;
    this.#assetId = null;
    this.#parts = [];
    this.#fresh = [];
    this.#retry = [];
    this.#confirmedCount = 0;
    this.#bytesConfirmed = 0;
    this.#startOption = this.options.overwrite === 'Ask' ? 'Cancel' : this.options.overwrite;
    this.#existingAssetOverride = null;
    this.#startSent = false;
  }

  journalRecord(): JournalRecord {
    return {
      version: 1,
      jobId: this.id,
      createdAt: this.createdAt,
      apiUrl: this.#ctx.serverKey,
      userName: this.#ctx.api.session?.userName ?? null,
      file: { ...this.#fingerprint },
      relativePath: this.relativePath,
      displayName: this.displayName,
      options: { ...this.options, replaceOptions: [...this.#replaceOptions] },
      uploadId: this.#uploadId,
      assetId: this.#assetId,
      parts: this.#parts.filter((p) => p.confirmed).map((p) => ({ partNumber: p.partNumber, etag: p.etag ?? '' })),
      paused: this.#state.kind === 'paused' && this.#state.reason === 'user',
    };
  }

  async #saveJournal(): Promise<void> {
    if (this.isFinished && this.#state.kind !== 'failed') return;
    try {
      await this.#ctx.journal.save(this.journalRecord());
    } catch (error) {
      // The server is the authority on confirmed parts; the journal only remembers which
      // upload is ours. Losing a write costs at most a question on restart, so the upload
      // goes on and the user is told.
      this.#ctx.warn(this, toUploadError(error));
    }
  }
}
