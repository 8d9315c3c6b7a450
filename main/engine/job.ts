// One file's upload: a state machine over a discriminated union whose states carry their own
// data — a run exists only in the states that run.
//
//   queued → starting → (awaiting-decision →) uploading ⇄ paused → completing → done
//                                                  ↘ failed | cancelled | skipped
//
// What one activation does is `executeRun` (job-run.ts); this class decides what its outcome
// and the person's commands mean. Pause, cancel and failure end the run, which aborts its
// requests and clears its timers; an ended run changes nothing.

import type { ParsedAssetUpload } from './api';
import { UploadError } from './errors';
import type { JobContext, JobInit, JobOptions, JobState, Running, Stall } from './job-context';
import { partCount } from './plan';
import { JobJournal, journaledProgress, newJournalRecord, recordedChunkSize } from './job-journal';
import { executeRun, type RunHost, type RunOutcome, type UploadIdentity } from './job-run';
import type { PartLedger } from './part-ledger';
import { jobView } from './job-view';
import { RateMeter } from './rate-meter';
import { Run } from './run';
import { cancelOnServer } from './server-cancel';
import type { ByteSource, FileFingerprint } from './source';
import { StartNegotiation, type UploadProof } from './start-negotiation';
import { allows, isFinishedState, JOB_STATE_RULES } from '../../shared/job-states';
import type { ConflictDecision, JobStateKind, JobView, PauseReason } from './views';

export type { JobContext, JobInit, JobOptions, Stall } from './job-context';

export class UploadJob {
  readonly id: string;
  readonly localPath: string;
  readonly relativePath: string;
  readonly displayName: string;
  readonly dropId: string;
  readonly createdAt: number;
  readonly options: JobOptions;

  readonly #ctx: JobContext;
  readonly #source: ByteSource;
  readonly #negotiation: StartNegotiation;
  readonly #journal: JobJournal;
  readonly #meter: RateMeter;
  #state: JobState;
  #fingerprint: FileFingerprint;
  #upload: UploadIdentity | null;
  #ledger: PartLedger | null = null;
  #waiting: string | null = null;
  /** Failures so far, for the failure details a person reads ("failed 2 times"). */
  #failures = 0;
  /** The queue closed (app quit): the state stays as it was, for the next start to take up. */
  #disposed = false;

  constructor(init: JobInit, ctx: JobContext) {
    this.id = init.id;
    this.localPath = init.localPath;
    this.relativePath = init.relativePath;
    this.displayName = init.displayName;
    this.dropId = init.dropId;
    this.createdAt = init.createdAt;
    this.options = init.options;
    this.#ctx = ctx;
    this.#source = ctx.files.source(init.localPath);
    this.#meter = new RateMeter(() => ctx.clock.now());
    const restored = init.restored;
    this.#fingerprint = restored?.file ?? init.fingerprint;
    this.#upload = restored?.upload ?? null;
    this.#negotiation = new StartNegotiation(init.options);
    const record = restored ?? newJournalRecord(init, ctx.serverKey, ctx.api.session?.userName ?? null);
    this.#journal = new JobJournal(ctx.journal, record, (error) => ctx.warn(this, error));
    if (init.initialError) {
      this.#state = { kind: 'failed', error: init.initialError, finishedAt: ctx.clock.wallNow() };
      this.#failures = 1;
    } else if (restored?.pausedByUser) this.#state = { kind: 'paused', reason: 'user' };
    else this.#state = { kind: 'queued' };
    // Journalled from the moment it is queued (before, only from its start request on: a quit
    // with 500 files queued brought back the few that had begun).
    if (!restored && !init.initialError) void this.#journal.begin();
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
    return this.#upload?.id ?? null;
  }

  get bytesConfirmed(): number {
    return this.#ledger ? this.#ledger.bytesConfirmed : journaledProgress(this.#journal.record, this.size).bytes;
  }

  /** Confirmed or acked bytes (the whole file once done): progress that cannot be undone by a dead socket. */
  get bytesDone(): number {
    if (this.#state.kind === 'done') return this.size;
    return this.bytesConfirmed + (this.#ledger?.bytesAcked ?? 0);
  }

  /** On the wire, unanswered. */
  get bytesSending(): number {
    return this.#ledger?.bytesSending ?? 0;
  }

  /** Bytes per second now; 0 unless uploading (as in view()). */
  get speed(): number {
    return this.#state.kind === 'uploading' ? this.#meter.rate() : 0;
  }

  get isFinished(): boolean {
    return isFinishedState(this.#state.kind);
  }

  view(): JobView {
    const state = this.#state;
    const ledger = this.#ledger;
    const restored = ledger ? null : journaledProgress(this.#journal.record, this.size);
    return jobView({
      job: this,
      state: state.kind,
      size: this.size,
      bytesConfirmed: this.bytesConfirmed,
      bytesAcked: this.#ledger?.bytesAcked ?? 0,
      bytesDone: this.bytesDone,
      bytesSending: this.bytesSending,
      // Before the server's plan: ours, with the part size the journal says the start asked for.
      partsTotal: ledger?.partsTotal ?? partCount(this.size, recordedChunkSize(this.#journal.record, this.size)),
      partsConfirmed: ledger?.partsConfirmed ?? restored!.parts,
      speed: this.speed,
      waiting: this.#waiting,
      pauseReason: state.kind === 'paused' ? state.reason : null,
      error: this.error,
      conflict: state.kind === 'awaiting-decision' ? state.conflict : null,
      upload: this.#upload,
      finishedAt: 'finishedAt' in state ? state.finishedAt : null,
      failures: this.#failures,
      sha256: state.kind === 'done' ? state.sha256 : null,
    });
  }

  // --- commands ------------------------------------------------------------------

  /** Called by the queue when there is room for another active job. */
  activate(): void {
    if (this.#disposed || this.#state.kind !== 'queued') return;
    const run = new Run(this.#ctx.clock);
    this.#setState({ kind: 'starting', run });
    const retry = {
      run,
      policy: this.#ctx.retryPolicy,
      job: this.id,
      log: this.#ctx.log,
      // A reason from an ended run must not overwrite the next run's.
      onWaiting: (why: string | null) => this.#runOf(this.#state) === run && this.#setWaiting(why),
      onCongestion: () => this.#ctx.pool.congestion(),
    };
    void executeRun(this.#host(run), run, retry, this.#ctx, this).then((outcome) => this.#settle(run, outcome));
  }

  pause(reason: PauseReason = 'user'): void {
    const state = this.#state;
    if (state.kind === 'paused') {
      // A person pausing what the system paused makes it theirs: wake must not resume it.
      if (reason === 'user' && state.reason === 'system') {
        this.#setState({ kind: 'paused', reason });
        void this.#journal.update({ pausedByUser: true });
      }
      return;
    }
    // Completing, a question, or finished: the state table says why not (shared/job-states.ts).
    if (!allows(state.kind, 'pause')) return;
    this.#stopRun();
    this.#setState({ kind: 'paused', reason });
    void this.#journal.update({ pausedByUser: reason === 'user' });
  }

  /** A person resumes any pause; the system (wake) resumes only what the system paused. */
  resume(reason: PauseReason = 'user'): void {
    const state = this.#state;
    if (state.kind !== 'paused') return;
    if (reason === 'system' && state.reason === 'user') return;
    this.#setState({ kind: 'queued' });
    if (state.reason === 'user') void this.#journal.update({ pausedByUser: false });
  }

  retry(): void {
    const state = this.#state;
    if (!allows(state.kind, 'retry')) return;
    switch (state.kind) {
      case 'failed':
        if (state.error.code === 'file-changed') {
          // The bytes on the server belong to the old version: start over and let the new
          // version take the old one's place, never splice the two.
          this.#forgetUpload();
          this.#negotiation.replaceWithNewVersion();
        }
        this.#setState({ kind: 'queued' });
        return;
      case 'cancelled':
        // The server upload was cancelled (or never made): begin again from nothing.
        this.#forgetUpload();
        this.#negotiation.reset();
        this.#setState({ kind: 'queued' });
        return;
      default:
        return;
    }
  }

  /** Also for a failed job: the user giving up on it is the one reason to delete its parts. */
  async cancel(): Promise<void> {
    // Not only the 'cancel' command: removing a failed job gives up on it the same way.
    if (JOB_STATE_RULES[this.#state.kind].settled) return;
    const uploadId = this.uploadId;
    this.#stopRun();
    this.#setState({ kind: 'cancelled', finishedAt: this.#ctx.clock.wallNow() });
    await this.#journal.remove();
    if (uploadId) await cancelOnServer(this.#ctx, uploadId, this);
  }

  resolveConflict(decision: ConflictDecision): void {
    const state = this.#state;
    if (state.kind !== 'awaiting-decision') return;
    // Refused (Replace asset, and nobody said which asset): the question stays open.
    if (!this.#negotiation.answer(decision, state.conflict)) return;
    if (decision.action === 'skip') {
      this.#setState({ kind: 'skipped', finishedAt: this.#ctx.clock.wallNow() });
      void this.#journal.remove();
      return;
    }
    this.#setState({ kind: 'queued' });
  }

  /** Stops all activity without changing what the user sees (app shutdown, queue close). */
  dispose(): void {
    this.#disposed = true;
    this.#stopRun();
  }

  /**
   * The liveness check found this job stuck: end the run and begin again from what the
   * server says (the run's own state is what cannot be trusted now).
   */
  recover(): void {
    if (!this.#runOf(this.#state)) return;
    this.#stopRun();
    this.#setState({ kind: 'queued' });
  }

  // --- what the job holds and waits on ------------------------------------------

  /** Its run, the run's timers and the listeners on the run's abort signal: all zero once not running. */
  openResources(): { runs: number; timers: number; abortListeners: number } {
    const run = this.#runOf(this.#state);
    // A disposed job keeps showing its state (the app is quitting) but its run has ended.
    return run ? { runs: run.ended ? 0 : 1, ...run.resources() } : { runs: 0, timers: 0, abortListeners: 0 };
  }

  /**
   * The engine's own invariant: a job that is not finished has a request in flight, a timer
   * that will wake it, a slot it waits for, or a reason it shows (paused, a question, queued
   * for its turn). Null when that holds.
   */
  stall(): Stall {
    const run = this.#runOf(this.#state);
    const reason = run && !run.ended ? run.stall() : null;
    return reason ? { reason: `${this.#state.kind}: ${reason}` } : null;
  }

  describeActivity(): string {
    return this.#runOf(this.#state)?.describe() ?? 'no run';
  }

  // --- internals ------------------------------------------------------------------

  #host(run: Run): RunHost {
    // The getters below are called on the returned host, where `this` is the host: they need the job.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const job = this;
    const live = (): boolean => this.#runOf(this.#state) === run && !run.ended;
    return {
      localPath: this.localPath,
      relativePath: this.relativePath,
      displayName: this.displayName,
      get fingerprint() {
        return job.#fingerprint;
      },
      get upload() {
        return job.#upload;
      },
      negotiation: this.#negotiation,
      journal: this.#journal,
      source: this.#source,
      refingerprint: (fingerprint) => live() && void (this.#fingerprint = fingerprint),
      adopt: (upload, proof) => this.#adopt(run, upload, proof),
      forgetUpload: () => live() && this.#forgetUpload(),
      plan: (ledger) => live() && (void (this.#ledger = ledger), this.#ctx.changed(this)),
      enter: (phase) => live() && this.#setState({ kind: phase, run }),
      onBytes: (delta) => live() && (this.#meter.add(delta), this.#ctx.changed(this)),
      changed: () => live() && this.#ctx.changed(this),
    };
  }

  /** The server made an upload for our start: ours, even if the run ended while it was on its way. */
  async #adopt(run: Run, upload: ParsedAssetUpload, proof: UploadProof): Promise<void> {
    const state = this.#state;
    if (state.kind === 'cancelled') {
      // Cancelled while the start was on its way: cancel what the server made.
      await cancelOnServer(this.#ctx, upload.id, this);
      return;
    }
    // Paused meanwhile (or still running): remember the upload so Resume continues it.
    if (this.#runOf(state) !== run && state.kind !== 'paused') return;
    this.#upload = { id: upload.id, assetId: upload.assetId, proof };
    this.#ctx.changed(this);
    await this.#journal.update({ upload: this.#upload, startSentAt: null, file: this.#fingerprint });
  }

  #settle(run: Run, outcome: RunOutcome): void {
    // Paused or cancelled meanwhile (already decided), or disposed (nothing more to decide).
    if (this.#disposed || this.#runOf(this.#state) !== run) return;
    switch (outcome.kind) {
      case 'uploaded':
        this.#stopRun();
        this.#setState({ kind: 'done', finishedAt: this.#ctx.clock.wallNow(), sha256: outcome.sha256 });
        void this.#journal.remove();
        return;
      case 'conflict':
        this.#stopRun();
        this.#setState({ kind: 'awaiting-decision', conflict: outcome.conflict });
        return;
      case 'failed':
        this.#fail(outcome.error);
        return;
      case 'stopped':
        // The run ended without anyone changing the state: a bug. Show it rather than hang.
        this.#fail(new UploadError('internal', 'The upload stopped unexpectedly. Retry to continue it.'));
        return;
    }
  }

  #fail(error: UploadError): void {
    // A failure never cancels the server upload: it stays open for Retry and for resume.
    const { status, request } = error.context;
    this.#ctx.log.warn('upload failed', { job: this.id, name: this.relativePath, upload: this.uploadId, code: error.code, status, request, message: error.message });
    this.#stopRun();
    this.#failures += 1;
    this.#setState({ kind: 'failed', error, finishedAt: this.#ctx.clock.wallNow() });
    void this.#journal.update({ upload: this.#upload });
  }

  #runOf(state: JobState): Run | null {
    return 'run' in state ? (state as Running).run : null;
  }

  /** Ends the current run, if any: its requests are aborted, its timers cleared, its claims given up. */
  #stopRun(): void {
    const run = this.#runOf(this.#state);
    if (!run) return;
    run.end();
    this.#ledger?.releaseAll();
    this.#waiting = null;
    this.#meter.reset();
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
      this.#ctx.log.debug('job state', { job: this.id, name: this.relativePath, from, to: state.kind, upload: this.uploadId });
    }
    this.#ctx.changed(this);
    if (from !== state.kind) this.#ctx.transitioned(this, from);
  }

  #forgetUpload(): void {
    this.#upload = null;
    this.#ledger = null;
    void this.#journal.update({ upload: null, startSentAt: null });
    void this.#journal.resetParts([]);
  }
}
