// The queue owns the jobs: it walks dropped paths into jobs, activates them as the budget
// allows, carries commands to them (one job or all), emits coalesced updates, and checks
// that nothing it owns waits silently. The CLI, the app's IPC handlers and the tray all
// drive the engine through this class.

import { randomUUID } from 'node:crypto';
import { JOB_STATE_RULES, phaseOf } from '../../shared/job-states';
import type { NomadApi } from './api';
import { BandwidthLimiter } from './bandwidth';
import { systemClock, type Clock } from './clock';
import { UploadError } from './errors';
import { withLocalFiles, type FileAccess } from './file-access';
import { UploadJob, type JobContext, type JobInit, type JobOptions } from './job';
import { MemoryJournal, type JournalRecord, type JournalStore } from './journal';
import { findStalls, type StallReport } from './liveness';
import { silentLogger, type Logger } from './log';
import {
  DEFAULT_JOB_OPTIONS,
  type EnqueueRequest,
  type EnqueueResult,
  type QueueApi,
  type QueueEvent,
  type UploadQueueOptions,
} from './queue-options';
import { QueueAdmission } from './queue-admission';
import { DuplicateIndex, initFromJournal, initsForDrop, stripUndefined } from './queue-intake';
import { UpdateCoalescer } from './queue-updates';
import { Reachability } from './reachability';
import { DEFAULT_RETRY_POLICY } from './retry-policy';
import { PartSizeAdvisor } from './part-size';
import { SlotPool } from './slot-pool';
import { computeTotals } from './totals';
import { putPart } from './transfer';
import type { ConflictDecision, JobStateKind, JobView, PauseReason, QueueSnapshot, QueueUpdate } from './views';
import type { WalkOptions, WalkResult } from './walk';

export { computeTotals, type TotalsInput } from './totals';
export * from './queue-options';

export class UploadQueue<Api extends QueueApi = NomadApi> {
  readonly api: Api;
  readonly #serverKey: string;
  readonly #journal: JournalStore;
  readonly #pool: SlotPool;
  readonly #limiter: BandwidthLimiter;
  readonly #files: FileAccess;
  readonly #clock: Clock;
  readonly #ctx: JobContext;
  readonly #updates: UpdateCoalescer;
  readonly #log: Logger;
  #defaults: JobOptions;
  #walk: WalkOptions;
  #jobs = new Map<string, UploadJob>();
  readonly #admission: QueueAdmission<UploadJob>;
  #standingDecision: ConflictDecision | null = null;
  #eventListeners = new Set<(event: QueueEvent) => void>();
  #idleWaiters: Array<() => void> = [];
  #livenessTimer: NodeJS.Timeout;
  #onStall: (reports: StallReport[]) => void;
  #closed = false;

  constructor(options: UploadQueueOptions<Api>) {
    this.api = options.api;
    this.#journal = options.journal ?? new MemoryJournal();
    this.#pool = new SlotPool(
      options.budget,
      () => this.#clock.now(),
      (change) => this.#log.info('parts in flight', { ...change }),
    );
    this.#files = withLocalFiles(options.files);
    this.#clock = { ...systemClock, ...(options.now ? { wallNow: options.now } : {}), ...options.clock };
    this.#limiter = new BandwidthLimiter(options.bandwidthLimit ?? 0, () => this.#clock.now(), (ms, signal) => this.#clock.sleep(ms, signal));
    this.#defaults = { ...DEFAULT_JOB_OPTIONS, ...options.defaults };
    this.#walk = { ...options.walk };
    this.#admission = new QueueAdmission(options.maxActiveJobs, () => this.#clock.now());
    this.#serverKey = options.serverKey ?? options.api.baseUrl;
    this.#log = options.log ?? silentLogger;
    const reachability = new Reachability(() => options.api.reachable(), () => this.#clock.now());
    this.#ctx = {
      api: options.api,
      serverKey: this.#serverKey,
      pool: this.#pool,
      partSizes: options.partSizes ?? new PartSizeAdvisor(),
      limiter: this.#limiter,
      journal: this.#journal,
      transport: options.transport ?? putPart,
      files: this.#files,
      dispatcher: options.dispatcher,
      retryPolicy: { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy },
      stallTimeoutMs: options.stallTimeoutMs ?? 60_000,
      resumeCheck: options.resumeCheck ?? 'sample',
      clock: this.#clock,
      log: this.#log,
      reachable: () => reachability.check(),
      changed: (job) => this.#updates.changed(job.id),
      transitioned: (job, from) => this.#onTransition(job, from),
      warn: (job, error) => this.#emit({ type: 'warning', job: job.view(), error: { code: error.code, message: error.message } }),
    };
    this.#updates = new UpdateCoalescer(
      { view: (id) => this.#jobs.get(id)?.view() ?? null, jobs: () => this.#jobs.values() },
      options.updateIntervalMs ?? 100,
      () => this.#clock.now(),
    );
    this.#onStall = options.liveness?.onStall ?? ((reports) => this.#recover(reports));
    this.#livenessTimer = setInterval(() => this.#checkLiveness(), options.liveness?.intervalMs ?? 30_000);
    this.#livenessTimer.unref?.();
  }

  // --- adding work ----------------------------------------------------------------

  async enqueue(request: EnqueueRequest): Promise<EnqueueResult> {
    this.#assertOpen();
    const options: JobOptions = { ...this.#defaults, ...stripUndefined(request.options ?? {}) };
    const { files, problems, skipped } = request.walked ?? (await this.#files.walk(request.paths, this.#walk));
    const base = { dropId: randomUUID(), options, createdAt: this.#clock.wallNow() };
    const known = new DuplicateIndex(this.#jobs.values(), options);
    const { inits, duplicates } = await initsForDrop({ files, problems }, known, base, (path) => this.#files.fingerprint(path));
    // Closed while walking (Ctrl-C during a big folder): a job made now would never run, and
    // a caller waiting for idle would wait forever.
    if (this.#closed) return { added: [], duplicates, skipped: [...skipped] };
    const added = inits.map((init) => this.#createJob(init));
    if (skipped.length > 0) {
      this.#log.info('left out of the upload', { count: skipped.length, first: skipped[0]!.relativePath, why: skipped[0]!.detail });
    }
    this.#fill();
    return { added: added.map((j) => j.view()), duplicates, skipped: [...skipped] };
  }

  /** What enqueueing these paths would add: the queue's own walk (ignore list, link policy). */
  walk(paths: readonly string[]): Promise<WalkResult> {
    return this.#files.walk(paths, this.#walk);
  }

  /**
   * Brings back every unfinished job of this server from the journal. Jobs the user had
   * paused stay paused; the others continue where the server says they are.
   */
  async restore(filter: { include?: (record: JournalRecord) => boolean } = {}): Promise<{ restored: JobView[]; unreadable: string[] }> {
    this.#assertOpen();
    const { records, unreadable } = await this.#journal.load();
    if (this.#closed) return { restored: [], unreadable };
    const restored: UploadJob[] = [];
    const dropId = randomUUID();
    for (const record of records) {
      if (record.apiUrl !== this.#serverKey || this.#jobs.has(record.jobId)) continue;
      if (filter.include && !filter.include(record)) continue;
      restored.push(this.#createJob(initFromJournal(record, dropId)));
    }
    this.#fill();
    return { restored: restored.map((j) => j.view()), unreadable };
  }

  #createJob(init: JobInit): UploadJob {
    const job = new UploadJob(init, this.#ctx);
    this.#jobs.set(job.id, job);
    this.#admission.added(job);
    this.#updates.changed(job.id);
    return job;
  }

  // --- commands -------------------------------------------------------------------

  pause(id: string, reason: PauseReason = 'user'): void {
    this.#job(id).pause(reason);
  }

  resume(id: string, reason: PauseReason = 'user'): void {
    this.#job(id).resume(reason);
  }

  async cancel(id: string): Promise<void> {
    await this.#job(id).cancel();
  }

  retry(id: string): void {
    this.#job(id).retry();
  }

  /** Removes a job from the queue; an unfinished one is cancelled first. */
  async remove(id: string): Promise<void> {
    const job = this.#job(id);
    // Removing an unfinished or failed job is giving up on it: its server upload is cancelled
    // (parts deleted) rather than left behind as a leftover.
    if (!job.isFinished || job.state === 'failed') await job.cancel();
    job.dispose();
    this.#jobs.delete(id);
    this.#admission.removed(job);
    this.#updates.removed(id);
  }

  resolveConflict(id: string, decision: ConflictDecision): void {
    const job = this.#job(id);
    if (decision.applyToAll) {
      this.#standingDecision = { ...decision, applyToAll: false };
      for (const other of this.#jobs.values()) {
        if (other.state === 'awaiting-decision') other.resolveConflict(this.#standingDecision);
      }
    }
    job.resolveConflict(decision);
  }

  /**
   * `system` (sleep, quit) pauses only what is not already paused; `user` also takes over a
   * system pause, so wake leaves it alone.
   */
  pauseAll(reason: PauseReason = 'user'): void {
    // Queued jobs first, so pausing an active one does not activate a queued one meanwhile.
    for (const job of [...this.#jobs.values()].sort((a, b) => Number(phaseOf(a.state) === 'active') - Number(phaseOf(b.state) === 'active'))) {
      job.pause(reason);
    }
  }

  /** `user` resumes every paused job; `system` (wake) only those the system paused. */
  resumeAll(reason: PauseReason = 'user'): void {
    for (const job of this.#jobs.values()) job.resume(reason);
  }

  retryFailed(): number {
    let count = 0;
    for (const job of this.#jobs.values()) {
      if (job.state !== 'failed') continue;
      job.retry();
      count += 1;
    }
    return count;
  }

  /** Removes done, skipped and cancelled jobs; failed ones stay until the user acts on them. */
  clearFinished(): number {
    let count = 0;
    for (const job of [...this.#jobs.values()]) {
      if (!JOB_STATE_RULES[job.state].settled) continue;
      this.#jobs.delete(job.id);
      this.#updates.removed(job.id);
      count += 1;
    }
    return count;
  }

  setBudget(budget: number): void {
    this.#pool.setBudget(budget);
    this.#fill();
  }

  setBandwidthLimit(bytesPerSecond: number): void {
    this.#limiter.setRate(bytesPerSecond);
  }

  /** The ignore list and link policy for what is enqueued from now on. */
  setWalkOptions(options: WalkOptions): void {
    this.#walk = { ...this.#walk, ...options };
  }

  setDefaults(defaults: Partial<JobOptions>): void {
    this.#defaults = { ...this.#defaults, ...stripUndefined(defaults) };
  }

  get budget(): number {
    return this.#pool.budget;
  }

  /** Part PUTs in flight at most now: what the pool found pays (≤ budget), or less after a 429/503. */
  get partsInFlight(): number {
    return this.#pool.effectiveBudget;
  }

  get bandwidthLimit(): number {
    return this.#limiter.rate;
  }

  // --- observing ------------------------------------------------------------------

  get(id: string): JobView | null {
    return this.#jobs.get(id)?.view() ?? null;
  }

  snapshot(): QueueSnapshot {
    const jobs = [...this.#jobs.values()].map((j) => j.view());
    return { jobs, totals: computeTotals(jobs) };
  }

  /** Coalesced updates, at most one per update interval. Returns the unsubscribe function. */
  onUpdate(listener: (update: QueueUpdate) => void): () => void {
    return this.#updates.subscribe(listener);
  }

  /** Every state transition and warning, as it happens (not coalesced). */
  onEvent(listener: (event: QueueEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  /** Runs, timers and abort listeners held by jobs, and part slots held or waited for. */
  openResources(): { runs: number; timers: number; abortListeners: number; slots: number } {
    const total = { runs: 0, timers: 0, abortListeners: 0, slots: this.#pool.inUse + this.#pool.waiting };
    for (const job of this.#jobs.values()) {
      const held = job.openResources();
      total.runs += held.runs;
      total.timers += held.timers;
      total.abortListeners += held.abortListeners;
    }
    return total;
  }

  /** Jobs or parts that wait for nothing that will wake them; [] when all is well. */
  stalls(): StallReport[] {
    return findStalls({
      jobs: this.#jobs.values(),
      queued: this.#admission.queued,
      active: this.#admission.active,
      maxActive: this.#admission.maxActive(this.#pool.level),
      pool: this.#pool,
    });
  }

  get isIdle(): boolean {
    return this.#admission.active === 0 && this.#admission.queued === 0;
  }

  /** Resolves when nothing is queued or running (paused and awaiting-decision jobs wait on the user). */
  whenIdle(): Promise<void> {
    if (this.isIdle) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Stops everything without cancelling anything: in-flight requests are aborted, timers
   * cleared, server uploads stay open and journaled for the next start.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#livenessTimer);
    for (const job of this.#jobs.values()) job.dispose();
    this.#admission.clear();
    this.#updates.close();
    this.#eventListeners.clear();
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  // --- internals ------------------------------------------------------------------

  #job(id: string): UploadJob {
    const job = this.#jobs.get(id);
    if (!job) throw new UploadError('not-found', 'That upload is no longer in the queue.');
    return job;
  }

  #assertOpen(): void {
    if (this.#closed) throw new UploadError('internal', 'The upload queue is closed.');
  }

  #fill(): void {
    if (this.#closed) return;
    for (let next = this.#admission.takeNext(this.#pool.level); next; next = this.#admission.takeNext(this.#pool.level)) next.activate();
    this.#checkIdle();
  }

  #onTransition(job: UploadJob, from: JobStateKind): void {
    this.#admission.moved(job, from);
    if (job.state === 'awaiting-decision' && this.#standingDecision) {
      const decision = this.#standingDecision;
      queueMicrotask(() => job.resolveConflict(decision));
    }
    this.#emit({ type: 'transition', job: job.view(), from });
    // Let the transition finish before activating others (we may be inside job code).
    queueMicrotask(() => this.#fill());
  }

  #checkLiveness(): void {
    if (this.#closed) return;
    const reports = this.stalls();
    if (reports.length > 0) this.#onStall(reports);
  }

  #recover(reports: StallReport[]): void {
    for (const report of reports) {
      this.#log.error('stalled upload', { job: report.jobId, name: report.name, state: report.state, reason: report.reason, waiting: report.activity });
      if (report.jobId) this.#jobs.get(report.jobId)?.recover();
    }
    this.#fill();
  }

  #checkIdle(): void {
    if (!this.isIdle || this.#idleWaiters.length === 0) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #emit(event: QueueEvent): void {
    for (const listener of this.#eventListeners) listener(event);
  }
}
